import GraphQL

/// Writes GraphQL results (`Map` data and `GraphQLError`s) as compact JSON in document order.
extension JSONWriter {
    mutating func map(_ value: Map) {
        switch value {
        case .undefined, .null:
            raw("null")
        case .bool(let flag):
            raw(flag ? "true" : "false")
        case .number(let number):
            switch number.storageType {
            case .bool: raw(number.boolValue ? "true" : "false")
            case .int: integer(number.intValue)
            case .double, .unknown:
                let double = number.doubleValue
                if double.rounded() == double, abs(double) < 1e15 { integer(Int(double)) } else { raw(String(double)) }
            }
        case .string(let text):
            string(text)
        case .array(let elements):
            byte(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { byte(UInt8(ascii: ",")) }
                map(element)
            }
            byte(UInt8(ascii: "]"))
        case .dictionary(let members):
            byte(UInt8(ascii: "{"))
            var first = true
            for (key, member) in members where !member.isUndefined {
                if !first { byte(UInt8(ascii: ",")) }
                first = false
                string(key)
                byte(UInt8(ascii: ":"))
                map(member)
            }
            byte(UInt8(ascii: "}"))
        }
    }

    /// One error object: message, locations, path (when known) and extensions.
    mutating func graphQLError(_ error: GraphQLError) {
        raw("{\"message\":")
        string(error.message)
        if !error.locations.isEmpty {
            raw(",\"locations\":[")
            for (index, location) in error.locations.enumerated() {
                if index > 0 { byte(UInt8(ascii: ",")) }
                raw("{\"line\":\(location.line),\"column\":\(location.column)}")
            }
            raw("]")
        }
        if !error.path.elements.isEmpty {
            raw(",\"path\":[")
            for (index, element) in error.path.elements.enumerated() {
                if index > 0 { byte(UInt8(ascii: ",")) }
                switch element {
                case .index(let position): integer(position)
                case .key(let key): string(key)
                }
            }
            raw("]")
        }
        if !error.extensions.isEmpty {
            raw(",\"extensions\":{")
            for (index, key) in error.extensions.keys.sorted(by: Self.extensionKeyOrder).enumerated() {
                if index > 0 { byte(UInt8(ascii: ",")) }
                string(key)
                byte(UInt8(ascii: ":"))
                map(error.extensions[key] ?? .null)
            }
            raw("}")
        }
        raw("}")
    }

    /// `code` first, as Shopify writes it, then the rest alphabetically.
    private static func extensionKeyOrder(_ a: String, _ b: String) -> Bool {
        if a == "code" { return b != "code" }
        if b == "code" { return false }
        return a < b
    }
}
