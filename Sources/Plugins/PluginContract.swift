import Mapping

/// iAdvize's JSON schemas for plugin responses, as a checker: used by the tests, by `deskbridge try`
/// and by anyone who wants to know whether a response would be accepted by the Desk.
package enum PluginContract: String, Sendable, CaseIterable {
    case categories
    case products
    case customer
    case closingForm
    /// The answer of the customer action URL: one object, not an array.
    case actionResult

    /// A field of a response object: its JSON kinds and whether it must be present.
    struct Field {
        enum Kind {
            case string, integer, boolean, stringArray
            /// A link: empty, or a whole `http(s)://` URL (`WebLink`).
            case link
            /// A string from a fixed list.
            case oneOf([String])
            /// An array of `{label, value}` string pairs (closing-form options).
            case options
        }
        let name: String
        let kind: Kind
        let required: Bool
        let nullable: Bool
    }

    var fields: [Field] {
        switch self {
        case .categories:
            [
                Field(name: "id", kind: .string, required: true, nullable: false),
                Field(name: "idParent", kind: .string, required: false, nullable: true),
                Field(name: "label", kind: .string, required: true, nullable: false),
                Field(name: "products", kind: .stringArray, required: false, nullable: true),
                Field(name: "productsCount", kind: .integer, required: true, nullable: false),
            ]
        case .products:
            [
                Field(name: "id", kind: .string, required: true, nullable: false),
                Field(name: "title", kind: .string, required: true, nullable: false),
                Field(name: "productUrl", kind: .link, required: true, nullable: false),
                Field(name: "brand", kind: .string, required: false, nullable: true),
                Field(name: "description", kind: .string, required: true, nullable: false),
                Field(name: "shortDescription", kind: .string, required: false, nullable: true),
                // The seed's examples: `available` is a Boolean, `reference` present but may be null.
                Field(name: "available", kind: .boolean, required: false, nullable: false),
                Field(name: "imageUrl", kind: .link, required: true, nullable: false),
                Field(name: "reference", kind: .string, required: true, nullable: true),
                Field(name: "priceCatalog", kind: .string, required: true, nullable: false),
                Field(name: "pricePromotion", kind: .string, required: false, nullable: true),
                Field(name: "priceSpecial", kind: .string, required: false, nullable: true),
            ]
        case .customer:
            [
                Field(name: "id", kind: .string, required: true, nullable: false),
                Field(name: "label", kind: .string, required: true, nullable: false),
                Field(name: "value", kind: .string, required: true, nullable: false),
                Field(name: "fieldType", kind: .oneOf(CustomerField.FieldType.allCases.map(\.rawValue)), required: true, nullable: false),
            ]
        case .closingForm:
            [
                Field(name: "id", kind: .string, required: true, nullable: false),
                Field(name: "idParent", kind: .string, required: false, nullable: true),
                Field(name: "label", kind: .string, required: true, nullable: false),
                Field(name: "fieldType", kind: .oneOf(ClosingFormField.FieldType.allCases.map(\.rawValue)), required: true, nullable: false),
                Field(name: "isRequired", kind: .boolean, required: true, nullable: false),
                Field(name: "options", kind: .options, required: false, nullable: true),
            ]
        case .actionResult:
            [
                Field(name: "success", kind: .boolean, required: true, nullable: false),
                Field(name: "message", kind: .string, required: false, nullable: true),
            ]
        }
    }

    /// Every way `response` breaks the contract; empty when the Desk would accept it.
    package func violations(in response: JSON) -> [String] {
        guard self == .actionResult else { return arrayViolations(in: response) }
        guard case .object = response else { return ["the response must be a JSON object"] }
        // The one object checked as an array of one, its problems named without the index.
        return arrayViolations(in: [response]).map { problem in
            var text = problem.hasPrefix("[0]") ? String(problem.dropFirst(3)) : problem
            if text.hasPrefix(".") { text.removeFirst() }
            return text
        }
    }

    private func arrayViolations(in response: JSON) -> [String] {
        guard case .array(let items) = response else { return ["the response must be a JSON array"] }
        var problems: [String] = []
        let known = Set(fields.map(\.name))
        for (index, item) in items.enumerated() {
            guard case .object(let object) = item else {
                problems.append("[\(index)]: must be an object")
                continue
            }
            for field in fields {
                let value = object[field.name]
                let place = "[\(index)].\(field.name)"
                switch value {
                case nil:
                    if field.required { problems.append("\(place): required field is missing") }
                case .null?:
                    if !field.nullable { problems.append("\(place): must not be null") }
                case let value?:
                    if let problem = Self.check(value, kind: field.kind) { problems.append("\(place): \(problem)") }
                }
            }
            for entry in object where !known.contains(entry.key) {
                problems.append("[\(index)].\(entry.key): not a field of the \(rawValue) contract")
            }
            if self == .closingForm, object["fieldType"] == .string("SELECT"), (object["options"]?.arrayValue ?? []).isEmpty {
                problems.append("[\(index)].options: a SELECT needs at least one option")
            }
            if self == .customer, object["fieldType"] == .string("URL"), case .string(let link)? = object["value"],
                WebLink.usable(link) != link
            {
                problems.append("[\(index)].value: a URL line needs a whole http(s):// link")
            }
        }
        return problems
    }

    private static func check(_ value: JSON, kind: Field.Kind) -> String? {
        switch (kind, value) {
        case (.string, .string(let text)):
            return tooLong(text)
        case (.link, .string(let text)):
            return tooLong(text) ?? (WebLink.isEmptyOrUsable(text) ? nil : "must be empty or a whole http(s):// link")
        case (.integer, .number(let number)):
            return number.rounded() == number ? nil : "must be an integer"
        case (.boolean, .bool):
            return nil
        case (.stringArray, .array(let values)):
            for value in values {
                guard case .string(let text) = value else { return "must be an array of strings" }
                if let problem = tooLong(text) { return problem }
            }
            return nil
        case (.oneOf(let allowed), .string(let text)):
            return allowed.contains(text) ? nil : "must be one of \(allowed.joined(separator: ", "))"
        case (.options, .array(let options)):
            for option in options {
                guard case .object(let pair) = option, case .string(let label)? = pair["label"], case .string(let value)? = pair["value"]
                else { return "must be an array of {label, value} strings" }
                if let problem = tooLong(label) ?? tooLong(value) { return problem }
            }
            return nil
        default:
            return "has the wrong type"
        }
    }

    private static func tooLong(_ text: String) -> String? {
        let count = text.unicodeScalars.count
        return count > PluginLimits.maxFieldCharacters
            ? "is \(count) characters long, above iAdvize's \(PluginLimits.maxFieldCharacters)" : nil
    }
}
