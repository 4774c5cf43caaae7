import Mapping
import Testing

/// Property-style checks over random inputs (seeded, so failures reproduce).
@Suite("random inputs")
struct FuzzTests {
    static let tokens = [
        "item", "shop", "params", "itme", ".", "[", "]", "(", ")", "|", "??", "==", "!=", "<", ">=", "if", "then", "else",
        "and", "or", "not", "true", "false", "null", "'x'", "'", "\"", "\"a{", "{", "}", "\\", "1", "-", "0.5", "1e3",
        "money", "money('EUR')", "truncate", "(3)", ",", "x", "😀", "e\u{301}", " ", "  ", "\n", "!", "=", "?", "&",
        "[0]", "[-1]", ".title", "| upper", "| default('d')", "upper", "strip_html", "date('iso')", "#", "+", "\u{0}",
        "| filter(it)", "| map(it.title)", "| count(it.x == 1)", "| min", "*",
    ]

    @Test func tokenSoupEitherCompilesOrFailsWithAnOffsetInsideTheSource() {
        var generator = SeededGenerator(seed: 1234)
        var compiled = 0
        var failed = 0
        let data: [JSON] = [["title": "t", "tags": ["a"], "x": nil], ["currencyCode": "EUR"], ["q": "a b"]]
        for _ in 0..<4000 {
            let count = Int.random(in: 1...12, using: &generator)
            var source = ""
            for _ in 0..<count {
                source += Self.tokens.randomElement(using: &generator) ?? ""
                if Bool.random(using: &generator) { source += " " }
            }
            do {
                let expression = try compiler.compile(source)
                compiled += 1
                _ = expression.evaluate(data)
                _ = expression.evaluate([])
                _ = expression.referencedVariables
            } catch {
                failed += 1
                let length = source.unicodeScalars.count
                #expect(error.offset >= 0 && error.offset <= length, "offset \(error.offset) outside '\(source)'")
                #expect(!error.message.isEmpty)
            }
        }
        // Both outcomes happen, so the loop exercises the parser and the evaluator.
        #expect(compiled > 100)
        #expect(failed > 100)
    }

    @Test func mutatedJSONEitherParsesOrReportsAPositionInsideTheInput() {
        var generator = SeededGenerator(seed: 77)
        let seeds: [[UInt8]] = [
            Array(#"{"a": [1, 2.5e-3, "x\u00e9\n", true, null], "b": {"c": "😀"}}"#.utf8),
            Array(#"[{"id":"gid://shopify/Product/1","price":"29.90"},{"id":2}]"#.utf8),
            Array("\"\\ud83d\\ude00 caf\u{e9}\"".utf8),
        ]
        let interesting: [UInt8] = [0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0x00, 0x1F, 0x80, 0xC3, 0xED, 0xF4, 0xFF, 0x30, 0x2D, 0x65, 0x75]
        for _ in 0..<5000 {
            var bytes = seeds.randomElement(using: &generator) ?? []
            for _ in 0..<Int.random(in: 1...4, using: &generator) where !bytes.isEmpty {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[position] = interesting.randomElement(using: &generator) ?? 0
                case 1: bytes.remove(at: position)
                case 2: bytes.insert(interesting.randomElement(using: &generator) ?? 0, at: position)
                default: bytes.removeSubrange(position...)
                }
            }
            do {
                let value = try JSON(parsing: bytes)
                #expect(try JSON(parsing: value.encoded()) == value)
            } catch {
                #expect(error.offset >= 0 && error.offset <= bytes.count)
                #expect(error.line >= 1 && error.column >= 1)
            }
        }
    }

    @Test func randomValuesThroughEveryFilterAndBack() throws {
        var generator = SeededGenerator(seed: 9)
        let expressions = try [
            "item | to_string | to_number", "item | strip_html | truncate(5)", "item | url_encode", "item | shopify_search",
            "item | gid", "item | money('EUR', 'de')", "item | date('short', 'fr')", "item | first", "item | compact | join('-')",
            "item[0] ?? item.k0 ?? item", "\"<{item}>\" | strip_html", "item == item", "item < item",
            "item | filter(it) | size", "item | map(it.k0 ?? it) | compact", "item | count(it > 1)", "item | find(it.k1)",
            "item | sort_by(it.k0 ?? it) | first", "item | map(it | sort_by(it)) | min", "item | max", "item | sum",
            "item / 100 | money('EUR')",
        ].map { try compiler.compile($0) }
        for _ in 0..<1500 {
            let value = randomJSON(using: &generator)
            for expression in expressions {
                let result = expression.evaluate([value])
                #expect(try JSON(parsing: result.encoded()) == result)
            }
        }
    }
}
