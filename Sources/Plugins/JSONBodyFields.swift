import Mapping

/// A flat JSON object body read as named parameters: strings as they are, numbers and booleans as
/// their text, nulls left out; nested values are refused.
enum JSONBodyFields {
    static func read(_ body: [UInt8]) throws(ParameterError) -> QueryString {
        let json: JSON
        do {
            json = try JSON(parsing: body)
        } catch {
            throw .malformedQuery("the body is not valid JSON")
        }
        guard case .object(let object) = json else { throw .malformedQuery("the body must be a JSON object") }
        var items: [QueryString.Item] = []
        for entry in object {
            switch entry.value {
            case .null: continue
            case .string(let text): items.append(.init(name: entry.key, value: text))
            case .number, .bool: items.append(.init(name: entry.key, value: entry.value.jsonText))
            case .array, .object: throw .invalidCharacters(parameter: entry.key, expected: "a string")
            }
        }
        return QueryString(items: items)
    }
}
