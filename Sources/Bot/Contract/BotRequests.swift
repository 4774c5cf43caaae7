import GatewayConfig
import Mapping

/// A request body that cannot be used, and the field at fault (`external.idBot`,
/// `message.author.role`…), for the 400 answer.
package struct BodyProblem: Error, Sendable, Hashable, CustomStringConvertible {
    package var field: String
    package var message: String

    package init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    package var description: String { "\(field): \(message)" }
}

/// The body of `PUT /bots/:idOperator`: iAdvize binds one of its bot operators to a bot.
package struct BindingRequest: Sendable, Hashable {
    package var idBot: String
    package var name: String?
    package var pseudo: String?
    package var language: String?
    package var distributionRules: [DistributionRule]

    package init(body: [UInt8]) throws(BodyProblem) {
        let object = try BodyReader.object(body)
        guard let external = object["external"], external.objectValue != nil else {
            throw BodyProblem(field: "external", message: "an object with the bot's idBot is required")
        }
        idBot = try BodyReader.requiredString(external["idBot"], field: "external.idBot")
        name = try BodyReader.optionalString(object["name"], field: "name")
        pseudo = try BodyReader.optionalString(object["pseudo"], field: "pseudo")
        language = try BodyReader.optionalString(object["language"], field: "language")
        distributionRules = []
        switch object["distributionRules"] {
        case nil, .null?:
            break
        case .array(let items)?:
            for (index, item) in items.enumerated() {
                guard item.objectValue != nil else {
                    throw BodyProblem(field: "distributionRules[\(index)]", message: "must be an object {id, label}")
                }
                let id = try BodyReader.requiredString(item["id"], field: "distributionRules[\(index)].id")
                let label = try BodyReader.optionalString(item["label"], field: "distributionRules[\(index)].label")
                distributionRules.append(DistributionRule(id: id, label: label))
            }
        default:
            throw BodyProblem(field: "distributionRules", message: "must be an array of {id, label}")
        }
    }
}

/// The body of `POST /conversations`: a conversation starts (its history is not needed).
package struct ConversationStart: Sendable, Hashable {
    package var idOperator: String
    package var idConversation: String

    package init(body: [UInt8]) throws(BodyProblem) {
        let object = try BodyReader.object(body)
        idOperator = try BodyReader.requiredString(object["idOperator"], field: "idOperator")
        idConversation = try BodyReader.requiredString(object["idConversation"], field: "idConversation")
    }
}

/// The body of `POST /conversations/:idConversation/messages`: a message posted in the
/// conversation, by the visitor or by an operator (the bot itself included).
package struct IncomingMessage: Sendable, Hashable {
    package enum Author: Sendable, Hashable {
        case visitor
        case `operator`
        /// A role this version of iAdvize's contract does not name: never answered.
        case other(String)
    }

    package var idOperator: String
    package var idMessage: String?
    package var author: Author
    /// The message's text when its payload is text; nil for files, cards and the like.
    package var text: String?

    package init(idOperator: String, idMessage: String? = nil, author: Author, text: String?) {
        self.idOperator = idOperator
        self.idMessage = idMessage
        self.author = author
        self.text = text
    }

    package init(body: [UInt8]) throws(BodyProblem) {
        let object = try BodyReader.object(body)
        idOperator = try BodyReader.requiredString(object["idOperator"], field: "idOperator")
        guard let message = object["message"], message.objectValue != nil else {
            throw BodyProblem(field: "message", message: "an object {idMessage, author, payload, createdAt} is required")
        }
        idMessage = try BodyReader.optionalString(message["idMessage"], field: "message.idMessage")
        guard let author = message["author"], author.objectValue != nil else {
            throw BodyProblem(field: "message.author", message: "an object {role} is required")
        }
        switch try BodyReader.requiredString(author["role"], field: "message.author.role").lowercased() {
        case "visitor": self.author = .visitor
        case "operator": self.author = .`operator`
        case let role: self.author = .other(role)
        }
        switch message["payload"] {
        case nil, .null?:
            text = nil
        case .object(let payload)?:
            let contentType = try BodyReader.optionalString(payload["contentType"], field: "message.payload.contentType")
            if contentType == nil || contentType == "text" {
                text = try BodyReader.optionalString(payload["value"], field: "message.payload.value")
            } else {
                text = nil
            }
        default:
            throw BodyProblem(field: "message.payload", message: "must be an object {contentType, value}")
        }
    }
}

/// Reads request bodies with a field name in every complaint.
enum BodyReader {
    static func object(_ body: [UInt8]) throws(BodyProblem) -> JSONObject {
        guard !body.isEmpty else { throw BodyProblem(field: "body", message: "a JSON object is required") }
        let json: JSON
        do {
            json = try JSON(parsing: body)
        } catch {
            throw BodyProblem(field: "body", message: "not valid JSON (\(error))")
        }
        guard case .object(let object) = json else { throw BodyProblem(field: "body", message: "must be a JSON object") }
        return object
    }

    /// A non-empty string; whole numbers are accepted as their digits (ids are sometimes numbers).
    static func requiredString(_ value: JSON?, field: String) throws(BodyProblem) -> String {
        guard let value, !value.isNull else { throw BodyProblem(field: field, message: "is required") }
        guard let text = try optionalString(value, field: field), !text.isEmpty else {
            throw BodyProblem(field: field, message: "cannot be empty")
        }
        return text
    }

    static func optionalString(_ value: JSON?, field: String) throws(BodyProblem) -> String? {
        switch value {
        case nil, .null?:
            return nil
        case .string(let text)?:
            return text
        case .number(let number)? where number.rounded() == number && abs(number) < 1e15:
            return String(Int64(number))
        default:
            throw BodyProblem(field: field, message: "must be a string")
        }
    }
}
