import Mapping
import Testing

/// `shopify_search` read the way a search parser reads it, code point by code point: whatever the
/// visitor types (quotes, backslashes, combining marks, joiners, flags, line breaks), every word
/// stays inside its quotes and comes back unchanged.
@Suite struct SearchEscapingTests {
    /// Pieces visitor text is made of, chosen to break Character-level escaping.
    private static let pieces: [String] = [
        "a", "Z", "é", "e\u{301}", "\"", "\\", "\u{301}", "\u{200D}", "\u{FE0F}", "🇫🇷", "👨‍👩‍👧", "OR", "status:draft", "(", ")", ":",
        "-", "*", " ", "  ", "\t", "\r\n", "\n", "\u{00A0}", "\u{2028}", "'",
    ]

    @Test func randomVisitorTextNeverLeavesItsQuotes() throws {
        var random = SeededGenerator(seed: 0x5EA2C4)
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in Self.pieces.randomElement(using: &random)! }.joined()
            let escaped = try #require(try apply("shopify_search", to: .string(text)).stringValue)
            let words = try #require(Self.quotedWords(in: escaped), "unbalanced at the code-point level: \(escaped.debugDescription)")
            let expected = Self.scalarWords(text)
            #expect(words == expected, "\(text.debugDescription) → \(escaped.debugDescription)")
        }
    }

    @Test func aQuoteFollowedByACombiningMarkIsStillEscaped() throws {
        let text = "a\"\u{301} OR status:draft \"\u{301}b"
        let escaped = try #require(try apply("shopify_search", to: .string(text)).stringValue)
        #expect(escaped == "\"a\\\"\u{301}\" \"OR\" \"status:draft\" \"\\\"\u{301}b\"")
        #expect(Self.quotedWords(in: escaped) == Self.scalarWords(text))
    }

    /// The words of `text`, split on whitespace code points.
    static func scalarWords(_ text: String) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var word: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                if !word.isEmpty { words.append(word) }
                word = []
            } else {
                word.append(scalar)
            }
        }
        if !word.isEmpty { words.append(word) }
        return words
    }

    /// The unescaped words of `"w1" "w2" …`, read code point by code point; nil when anything but a
    /// single space stands outside quotes, an escape is not `\"` or `\\`, or a quote is left open.
    static func quotedWords(in escaped: String) -> [[Unicode.Scalar]]? {
        var words: [[Unicode.Scalar]] = []
        var scalars = escaped.unicodeScalars.makeIterator()
        var expectsSpace = false
        while let scalar = scalars.next() {
            if expectsSpace {
                guard scalar == " " else { return nil }
                expectsSpace = false
                continue
            }
            guard scalar == "\"" else { return nil }
            var word: [Unicode.Scalar] = []
            while true {
                guard let inner = scalars.next() else { return nil }
                if inner == "\"" { break }
                if inner == "\\" {
                    guard let escapedScalar = scalars.next(), escapedScalar == "\"" || escapedScalar == "\\" else { return nil }
                    word.append(escapedScalar)
                } else {
                    word.append(inner)
                }
            }
            words.append(word)
            expectsSpace = true
        }
        return words
    }
}
