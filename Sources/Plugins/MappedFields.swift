import Mapping

/// Why an item an adapter mapped cannot become a plugin model; the item is left out and counted.
package enum MappedItemError: Error, Sendable, Hashable, CustomStringConvertible {
    case missingRequired(field: String)
    case wrongType(field: String, expected: String)

    package var description: String {
        switch self {
        case .missingRequired(let field): "required field '\(field)' is missing or null"
        case .wrongType(let field, let expected): "field '\(field)' should be \(expected)"
        }
    }
}

/// Reads mapped field values with the lenient conversions the contract allows: numbers become strings
/// for string fields, numeric strings become counts, null means absent.
struct MappedFields {
    let fields: JSONObject

    init(_ fields: JSONObject) {
        self.fields = fields
    }

    func string(_ name: String) throws(MappedItemError) -> String? {
        switch fields[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case .number(let number)?: return JSON.number(number).jsonText
        case .bool(let flag)?: return flag ? "true" : "false"
        case .array?, .object?: throw .wrongType(field: name, expected: "a string")
        }
    }

    func requiredString(_ name: String) throws(MappedItemError) -> String {
        guard let text = try string(name), !text.isEmpty else { throw .missingRequired(field: name) }
        return text
    }

    func bool(_ name: String) throws(MappedItemError) -> Bool? {
        switch fields[name] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case .number(let number)?: return number != 0
        case .string(let text)?:
            switch text.lowercased() {
            case "true", "1", "yes": return true
            case "false", "0", "no": return false
            default: throw .wrongType(field: name, expected: "a boolean")
            }
        case .array?, .object?: throw .wrongType(field: name, expected: "a boolean")
        }
    }

    /// A non-negative count; missing or null counts as 0.
    func count(_ name: String) throws(MappedItemError) -> Int {
        switch fields[name] {
        case nil, .null?: return 0
        case .number(let number)?:
            guard number.isFinite, abs(number) < 1e15 else { throw .wrongType(field: name, expected: "a count") }
            return max(0, Int(number.rounded(.down)))
        case .string(let text)?:
            guard let value = Int(text) else { throw .wrongType(field: name, expected: "a count") }
            return max(0, value)
        default: throw .wrongType(field: name, expected: "a count")
        }
    }

    func stringArray(_ name: String) throws(MappedItemError) -> [String]? {
        switch fields[name] {
        case nil, .null?: return nil
        case .array(let values)?:
            var strings: [String] = []
            strings.reserveCapacity(values.count)
            for value in values {
                switch value {
                case .string(let text): strings.append(text)
                case .number: strings.append(value.jsonText)
                default: throw .wrongType(field: name, expected: "an array of strings")
                }
            }
            return strings
        default: throw .wrongType(field: name, expected: "an array of strings")
        }
    }
}
