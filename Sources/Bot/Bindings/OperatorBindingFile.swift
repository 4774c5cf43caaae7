import Foundation
import GatewayConfig
import Mapping

/// How one binding is written, in the bindings file's journal (`BindingJournal`) and in Redis
/// (`RedisBindingStore`): `{idOperator, idBot, name, pseudo, language, distributionRules,
/// createdAt, updatedAt}`; and the file's first format, read once to migrate it.
enum OperatorBindingFile {
    /// One binding as JSON.
    static func json(_ binding: OperatorBinding) -> JSON {
        var object = JSONObject()
        object.append(key: "idOperator", value: .string(binding.idOperator))
        object.append(key: "idBot", value: .string(binding.idBot))
        object.append(key: "name", value: binding.name.map(JSON.string) ?? .null)
        object.append(key: "pseudo", value: binding.pseudo.map(JSON.string) ?? .null)
        object.append(key: "language", value: binding.language.map(JSON.string) ?? .null)
        object.append(key: "distributionRules", value: .array(binding.distributionRules.map(BotJSON.distributionRule)))
        object.append(key: "createdAt", value: .string(ISOTimestamp.string(binding.createdAt)))
        object.append(key: "updatedAt", value: .string(ISOTimestamp.string(binding.updatedAt)))
        return .object(object)
    }

    /// A binding read back; nil when an entry lacks its operator, bot or times.
    static func binding(_ json: JSON) -> OperatorBinding? {
        guard let idOperator = json["idOperator"]?.stringValue, !idOperator.isEmpty,
            let idBot = json["idBot"]?.stringValue, !idBot.isEmpty,
            let createdAt = json["createdAt"]?.stringValue.flatMap(ISOTimestamp.date),
            let updatedAt = json["updatedAt"]?.stringValue.flatMap(ISOTimestamp.date)
        else { return nil }
        let rules = (json["distributionRules"]?.arrayValue ?? []).compactMap { rule -> DistributionRule? in
            guard let id = rule["id"]?.stringValue else { return nil }
            return DistributionRule(id: id, label: rule["label"]?.stringValue)
        }
        return OperatorBinding(
            idOperator: idOperator, idBot: idBot, name: json["name"]?.stringValue, pseudo: json["pseudo"]?.stringValue,
            language: json["language"]?.stringValue, distributionRules: rules, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// The bindings of a file in the first format, `{"version": 1, "bindings": [binding, …]}`
    /// (written whole by DeskBridge before the journal), and how many entries were incomplete;
    /// nil when the bytes are not such a file.
    static func version1(_ bytes: [UInt8]) -> (bindings: [OperatorBinding], skipped: Int)? {
        guard let json = try? JSON(parsing: bytes), json["version"]?.intValue == 1, let items = json["bindings"]?.arrayValue else {
            return nil
        }
        let bindings = items.compactMap(binding)
        return (bindings, items.count - bindings.count)
    }
}

/// Why a binding could not be saved.
package enum BindingStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case unwritable(path: String, reason: String)
    /// The fleet's Redis (`shared:`) failed or is being skipped while it fails.
    case sharedStateUnavailable(key: String)
    /// A new operator beyond `bot.maxBindings`: nothing was written.
    case tooManyBindings(maximum: Int)
    /// More PUTs than `bot.bindingWritesPerMinute`: nothing was written.
    case writesTooFrequent(retryAfter: Duration)

    package var description: String {
        switch self {
        case .unwritable(let path, let reason): "cannot write the bot bindings file \(path): \(reason)"
        case .sharedStateUnavailable(let key): "cannot save the bot binding in Redis (\(key)): Redis failed or is unreachable"
        case .tooManyBindings(let maximum): "the tenant already has \(maximum) bound operators (bot.maxBindings)"
        case .writesTooFrequent(let wait): "too many bindings written; the next is allowed in \(wait) (bot.bindingWritesPerMinute)"
        }
    }
}
