import FuzzSupport
import Mapping

/// The adapter expression language: the first line of the input is compiled (lexer, parser,
/// compiler), the rest, when it is JSON, is the `item` it is evaluated with. Any text compiles or
/// is refused with an `ExpressionError`; what compiles evaluates to a value, never a crash.
@main enum FuzzExpression {
    /// The roots adapter files use; `item` is the input's JSON, the others fixed values.
    static let compiler = ExpressionCompiler(variables: ["item", "shop", "params", "settings", "variant", "response", "headers", "status"])
    static let fixed: [JSON] = [
        .object(["currencyCode": .string("EUR"), "domain": .string("shop.example")]),
        .object(["searchQuery": .string("robe d'été \" OR status:draft"), "limit": .number(20), "offset": .number(0)]),
        .object(["locale": .string("fr-FR")]),
        .object(["price": .string("19.90"), "compare_at_price": .string("29.90"), "sku": .null]),
        .object(["policyName": .string("DAILY"), "items": .array([.number(1), .string("2"), .null])]),
        .object(["retry-after": .string("2"), "link": .string("<https://shop.example/p?page=2>; rel=\"next\"")]),
        .number(429),
    ]

    static func main() {
        FuzzHarness.run(corpus: FuzzHarness.seedCorpus("expression")) { bytes in
            let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            let source = String(decoding: bytes[..<newline], as: UTF8.self)
            let item = newline < bytes.endIndex ? (try? JSON(parsing: bytes[(newline + 1)...])) ?? .null : .null
            guard let expression = try? compiler.compile(source) else { return }
            _ = expression.evaluate([item] + fixed)
        }
    }
}
