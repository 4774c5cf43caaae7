import Testing

@testable import Mapping

@Suite("text filters")
struct TextFilterTests {
    private func strip(_ html: String) throws -> JSON {
        try apply("strip_html", to: .string(html))
    }

    // MARK: strip_html

    @Test(arguments: [
        ("<p>Hello <b>World</b></p>", "Hello World"),
        ("Hello<br>World", "Hello World"),
        ("Hello<br/>World<BR />again", "Hello World again"),
        ("Line1</p><p>Line2", "Line1 Line2"),
        ("<ul><li>a</li><li>b</li></ul>", "a b"),
        ("a<div>b</div>c", "a b c"),
        ("Hel<b>lo</b> <i>you</i>", "Hello you"),
        ("<h1>Title</h1><table><tr><td>x</td><td>y</td></tr></table>", "Title x y"),
        ("  a \n\t b  ", "a b"),
        ("<p>  spaced   out  </p>", "spaced out"),
        ("", ""),
        ("plain text", "plain text"),
    ])
    func removesTagsAndCollapsesWhitespace(html: String, expected: String) throws {
        #expect(try strip(html) == .string(expected))
    }

    @Test func dropsScriptsStylesAndComments() throws {
        #expect(try strip("<script>alert(\"x<y>\")</script>Text") == "Text")
        #expect(try strip("A<style>p { color: red }</style>B") == "A B")
        #expect(try strip("A<SCRIPT type=\"text/javascript\">var s = '</b>';</SCRIPT >B") == "A B")
        #expect(try strip("A<script>never closed") == "A")
        #expect(try strip("A<scripts>kept</scripts>B") == "AkeptB")
        #expect(try strip("A<script src=x />B") == "AB")
        #expect(try strip("a<!-- hidden <b>bold</b> -->b") == "ab")
        #expect(try strip("a<!-- never closed") == "a")
        #expect(try strip("<!DOCTYPE html><html><body>x</body></html>") == "x")
        #expect(try strip("<?xml version=\"1.0\"?>x") == "x")
    }

    @Test func decodesEntities() throws {
        #expect(try strip("&amp; &lt;b&gt; &quot;x&quot; &apos;y&apos;") == "& <b> \"x\" 'y'")
        #expect(try strip("caf&eacute; &Eacute;t&eacute; na&iuml;ve &ccedil;a &szlig; &euro;5") == "café Été naïve ça ß €5")
        #expect(try strip("&#233; &#xE9; &#XE9; &#x1F600; &#38;") == "é é é 😀 &")
        #expect(try strip("&#0; &#xD800; &#x110000; &#99999999999;") == "\u{FFFD} \u{FFFD} \u{FFFD} \u{FFFD}")
        #expect(try strip("&#65x") == "Ax")
        #expect(try strip("&unknown; AT&T &; & &#; &#x;") == "&unknown; AT&T &; & &#; &#x;")
        #expect(try strip("&nbsp;a&nbsp;&nbsp;b&nbsp;") == "a b")
        #expect(try strip("&lt;script&gt;alert(1)&lt;/script&gt;") == "<script>alert(1)</script>")
        #expect(try strip("x&shy;y &hellip; &mdash; &rsquo;") == "xy … — ’")
        #expect(try strip("&amp;amp;") == "&amp;")
    }

    @Test func toleratesMalformedMarkup() throws {
        #expect(try strip("<a title=\"1 > 2\">link</a>") == "link")
        #expect(try strip("<a title='it\"s > fine'>x</a>") == "x")
        #expect(try strip("a < b and c > d") == "a < b and c > d")
        #expect(try strip("1<2") == "1<2")
        #expect(try strip("text <b") == "text")
        #expect(try strip("<") == "<")
        #expect(try strip("x<") == "x<")
        #expect(try strip("&") == "&")
        #expect(try strip("<<b>>") == "<>")
        #expect(try strip("</>x") == "x")
    }

    @Test func unicodeWhitespaceCollapses() throws {
        #expect(try strip("a\u{00A0}\u{3000}b\u{2003}c\u{2028}d\u{202F}e\u{85}f") == "a b c d e f")
        #expect(try strip("é 😀 中") == "é 😀 中")
    }

    // MARK: truncate

    @Test func truncateLeavesShortStringsAlone() throws {
        #expect(try apply("truncate(3)", to: "abc") == "abc")
        #expect(try apply("truncate(10)", to: "abc") == "abc")
        #expect(try apply("truncate(0)", to: "") == "")
    }

    @Test func truncateCountsTheEllipsis() throws {
        #expect(try apply("truncate(8)", to: "Hello world") == "Hello w…")
        #expect(try apply("truncate(10, '...')", to: "abcdefghijklmno") == "abcdefg...")
        #expect(try apply("truncate(5, '')", to: "abcdefgh") == "abcde")
        #expect(try apply("truncate(2)", to: "abc") == "a…")
        #expect(try apply("truncate(1)", to: "abc") == "…")
        #expect(try apply("truncate(0)", to: "abc") == "")
        #expect(try apply("truncate(2, '...')", to: "abcdef") == "..")
    }

    @Test func truncatePrefersWordBoundaries() throws {
        #expect(try apply("truncate(20)", to: "The quick brown fox jumps") == "The quick brown fox…")
        #expect(try apply("truncate(22)", to: "The quick brown fox jumps") == "The quick brown fox…")
        // The only space is too far back: cut inside the word.
        #expect(try apply("truncate(12)", to: "Hi extraordinarily") == "Hi extraord…")
        #expect(try apply("truncate(7)", to: "abc   defgh") == "abc…")
    }

    @Test func truncateNeverSplitsCharacters() throws {
        let family = "👨‍👩‍👧‍👦"  // 7 scalars, one Character
        #expect(family.unicodeScalars.count == 7)
        #expect(try apply("truncate(5)", to: .string(family + " family")) == "…")
        #expect(try apply("truncate(9)", to: .string(family + " family")) == .string(family + "…"))
        let accents = "e\u{301}e\u{301}e\u{301}e\u{301}"  // 8 scalars, 4 Characters
        #expect(try apply("truncate(4)", to: .string(accents)) == .string("e\u{301}…"))
        #expect(try apply("truncate(5)", to: .string(accents)) == .string("e\u{301}e\u{301}…"))
        let flags = "🇫🇷🇩🇪🇮🇹"  // 6 scalars, 3 Characters
        #expect(try apply("truncate(4)", to: .string(flags)) == .string("🇫🇷…"))
        #expect(try apply("truncate(1, '👨‍👩‍👧‍👦')", to: "abc") == "")
    }

    @Test func truncateResultsStayWithinTheBudget() throws {
        var generator = SeededGenerator(seed: 3)
        let pieces = ["a", "bc", " ", "é", "e\u{301}", "😀", "👨‍👩‍👧‍👦", "中文", "\n", "🇫🇷"]
        var cuts = 0
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0..<30, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            let limit = Int.random(in: 0..<40, using: &generator)
            let result = try apply("truncate(\(limit))", to: .string(text))
            let resultText = try #require(result.stringValue)
            if text.unicodeScalars.count <= limit {
                #expect(resultText == text)
            } else {
                // Cut: within the budget, the ellipsis counted, and what is kept is the text's start.
                #expect(resultText.unicodeScalars.count <= limit, "\(text.debugDescription) at \(limit) → \(resultText.debugDescription)")
                #expect(resultText != text)
                let kept = resultText.hasSuffix("…") ? String(resultText.dropLast()) : resultText
                #expect(text.hasPrefix(kept), "\(text.debugDescription) at \(limit) → \(resultText.debugDescription)")
                cuts += 1
            }
        }
        #expect(cuts > 100, "the texts were long enough to be cut: \(cuts) of 500")
    }

    /// The prefix the filter keeps is the one a walk over whole Characters finds, for text mixing
    /// every kind of multi-scalar Character.
    @Test func truncatePrefixAgreesWithAWalkOverCharacters() {
        func walked(_ text: String, _ limit: Int) -> (Substring, Int) {
            var used = 0
            var end = text.startIndex
            for character in text {
                if used + character.unicodeScalars.count > limit { break }
                used += character.unicodeScalars.count
                end = text.index(after: end)
            }
            return (text[..<end], used)
        }
        var generator = SeededGenerator(seed: 11)
        let pieces = ["a", " ", "é", "e\u{301}", "e\u{301}\u{302}", "😀", "👍🏽", "👨‍👩‍👧‍👦", "中", "\r\n", "\r", "\n", "🇫🇷", "🇩", "\u{200D}", "한"]
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0..<25, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            let limit = Int.random(in: 0..<45, using: &generator)
            let (expected, expectedCount) = walked(text, limit)
            let (found, count) = TextFilters.prefix(of: text, scalars: limit)
            #expect(found == expected && count == expectedCount, "\(text.unicodeScalars.map { String($0.value, radix: 16) }) at \(limit)")
        }
    }

    @Test func truncateArgumentsFromData() throws {
        #expect(try apply("truncate(params.n)", to: "abcdef", params: ["n": 4]) == "abc…")
        #expect(try apply("truncate(params.n)", to: "abcdef", params: ["n": -4]) == "")
        #expect(try apply("truncate(params.n)", to: "abcdef", params: ["n": 4.9]) == "abc…")
        #expect(try apply("truncate(params.n)", to: "abcdef", params: ["n": "4"]) == .null)
        #expect(try apply("truncate(3, params.e)", to: "abcdef", params: ["e": nil]) == .null)
        #expect(try apply("truncate(3)", to: 12345) == .null)
    }

    // MARK: Case, trimming, replacing, splitting

    @Test func caseFilters() throws {
        #expect(try apply("lower", to: "ÉLAN Vital") == "élan vital")
        #expect(try apply("upper", to: "straße") == "STRASSE")
        #expect(try apply("capitalize", to: "hello world") == "Hello world")
        #expect(try apply("capitalize", to: "élan") == "Élan")
        #expect(try apply("capitalize", to: "eBay") == "EBay")
        #expect(try apply("capitalize", to: "") == "")
        #expect(try apply("upper", to: 12) == .null)
    }

    @Test func trimFilter() throws {
        #expect(try apply("trim", to: "  a b \n") == "a b")
        #expect(try apply("trim", to: "\u{00A0}x\u{3000}") == "x")
        #expect(try apply("trim", to: "   ") == "")
        #expect(try apply("trim", to: "") == "")
    }

    @Test func replaceFilter() throws {
        #expect(try apply("replace('-', '+')", to: "a-b-c") == "a+b+c")
        #expect(try apply("replace('ab', '')", to: "abcabc") == "cc")
        #expect(try apply("replace('', 'x')", to: "abc") == "abc")
        #expect(try apply("replace('.', '\\\\')", to: "a.b") == "a\\b")
        #expect(try apply("replace('x', params.with)", to: "axb", params: ["with": 1]) == "a1b")
        #expect(try apply("replace('x', params.with)", to: "axb", params: [:]) == "ab")
        #expect(try apply("replace(params.find, 'y')", to: "axb", params: [:]) == .null)
        #expect(try apply("replace('a', 'b')", to: ["a"]) == .null)
    }

    @Test func splitFilter() throws {
        #expect(try apply("split(',')", to: "a,b,,c") == ["a", "b", "", "c"])
        #expect(try apply("split(', ')", to: "a, b") == ["a", "b"])
        #expect(try apply("split('')", to: "ab😀") == ["a", "b", "😀"])
        #expect(try apply("split(',')", to: "") == [])
        #expect(try apply("split(',')", to: "abc") == ["abc"])
        #expect(try apply("split(',')", to: 1) == .null)
    }
}
