/// Literal forms, so simulators can write response shapes in the order the real APIs send them:
/// `["id": .integer(7), "name": "Robe", "tags": ["été"]]` keeps its keys in the order written.
extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int) { self = .integer(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    package init(nilLiteral: ()) { self = .null }

    /// Keys stay in the order written (a duplicate key is kept twice, as written).
    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(elements.map { (key: $0.0, value: $0.1) })
    }

    /// A string, or `null` for nil.
    static func string(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }

    /// An integer, or `null` for nil.
    static func integer(_ value: Int?) -> JSONValue {
        value.map(JSONValue.integer) ?? .null
    }

    /// The number payload (integers converted), or nil.
    package var doubleValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .number(let value): return value
        default: return nil
        }
    }

    /// The boolean payload, or nil.
    package var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The members of an object, or nil.
    package var objectMembers: [(key: String, value: JSONValue)]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The object with only the members whose keys `keep` accepts, in their order.
    func filteringMembers(_ keep: (String) -> Bool) -> JSONValue {
        guard case .object(let members) = self else { return self }
        return .object(members.filter { keep($0.key) })
    }

    /// Compact JSON bytes.
    var serializedBytes: [UInt8] {
        var writer = JSONWriter()
        writer.value(self)
        return writer.bytes
    }
}
