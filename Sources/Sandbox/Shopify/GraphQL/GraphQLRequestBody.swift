import GraphQL

/// The `{query, variables, operationName}` of a GraphQL POST, read as strictly as Shopify does:
/// a JSON body needs a JSON content type and a non-empty `query` string.
struct GraphQLRequestBody {
    let query: String
    let operationName: String?
    let variables: [String: Map]
    /// The variables as sent, in compact JSON, for the request log.
    let variablesJSON: String?

    /// Nil when the body is unusable (HTTP 400).
    init?(body: [UInt8], contentType: String) {
        if contentType.contains("application/graphql") {
            let text = String(decoding: body, as: UTF8.self)
            guard !text.allSatisfy(\.isWhitespace) else { return nil }
            query = text
            operationName = nil
            variables = [:]
            variablesJSON = nil
            return
        }
        guard contentType.contains("json"), let json = try? JSONValue.parse(body), case .object = json,
            let query = json["query"]?.stringValue, !query.allSatisfy(\.isWhitespace)
        else { return nil }
        self.query = query
        switch json["operationName"] {
        case .none, .null?: operationName = nil
        case .string(let name)?: operationName = name.isEmpty ? nil : name
        default: return nil
        }
        var variablesValue = json["variables"] ?? .null
        if case .string(let text) = variablesValue {
            // Some clients send the variables as a JSON-encoded string.
            if text.allSatisfy(\.isWhitespace) {
                variablesValue = .null
            } else if let decoded = try? JSONValue.parse(text) {
                variablesValue = decoded
            } else {
                return nil
            }
        }
        switch variablesValue {
        case .null:
            variables = [:]
            variablesJSON = nil
        case .object(let members):
            var converted: [String: Map] = [:]
            for member in members where converted[member.key] == nil { converted[member.key] = member.value.graphQLMap }
            variables = converted
            variablesJSON = variablesValue.serialized
        default:
            return nil
        }
    }
}

extension JSONValue {
    /// The same value as a GraphQL `Map` (object key order kept, duplicate keys: first wins).
    var graphQLMap: Map {
        switch self {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .integer(let number): return .int(number)
        case .number(let number): return .double(number)
        case .string(let text): return .string(text)
        case .array(let elements): return .array(elements.map(\.graphQLMap))
        case .object(let members):
            var seen: Set<String> = []
            let unique = members.filter { seen.insert($0.key).inserted }
            return .dictionary(.init(uniqueKeysWithValues: unique.map { ($0.key, $0.value.graphQLMap) }))
        }
    }
}
