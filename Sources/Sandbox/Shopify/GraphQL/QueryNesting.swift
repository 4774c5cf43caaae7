/// Measures how deeply a GraphQL document nests `{`, `(` and `[` before it is parsed, because
/// the parser recurses once per level and hostile input must not exhaust the stack.
enum QueryNesting {
    static let limit = 100

    /// The deepest nesting, ignoring strings, block strings and comments.
    static func depth(of query: String) -> Int {
        let bytes = Array(query.utf8)
        let quote = UInt8(ascii: "\"")
        func isTripleQuote(at index: Int) -> Bool {
            index + 2 < bytes.count && bytes[index] == quote && bytes[index + 1] == quote && bytes[index + 2] == quote
        }
        var depth = 0
        var deepest = 0
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "#"):
                while index < bytes.count, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
            case quote where isTripleQuote(at: index):
                index += 3
                while index < bytes.count, !isTripleQuote(at: index) {
                    index += bytes[index] == UInt8(ascii: "\\") && isTripleQuote(at: index + 1) ? 4 : 1
                }
                index += 3
            case quote:
                index += 1
                while index < bytes.count, bytes[index] != quote, bytes[index] != 0x0A {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                index += 1
            case UInt8(ascii: "{"), UInt8(ascii: "("), UInt8(ascii: "["):
                depth += 1
                deepest = max(deepest, depth)
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: ")"), UInt8(ascii: "]"):
                depth = max(0, depth - 1)
                index += 1
            default:
                index += 1
            }
        }
        return deepest
    }
}
