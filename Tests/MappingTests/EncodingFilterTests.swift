import Mapping
import Testing

@Suite("encoding filters")
struct EncodingFilterTests {
    @Test(
        arguments: [
            (JSON.string("gid://shopify/Product/123"), JSON.string("123")),
            ("gid://shopify/ProductVariant/456?foo=bar", "456"),
            ("gid://shopify/Collection/", ""),
            ("gid://shopify/Product/12/extra?x=/y", "extra"),
            ("plain-id", "plain-id"),
            ("https://example.com/a/b", "https://example.com/a/b"),
            ("", ""),
            (.number(123), "123"),
            (.number(1.5), "1.5"),
            (.null, .null),
            (.bool(true), .null),
            ([1], .null),
        ] as [(JSON, JSON)])
    func gid(input: JSON, expected: JSON) throws {
        #expect(try apply("gid", to: input) == expected)
    }

    @Test(arguments: [
        ("a b&c=d/e?f#g", "a%20b%26c%3Dd%2Fe%3Ff%23g"),
        ("AZaz09-._~", "AZaz09-._~"),
        ("é", "%C3%A9"),
        ("😀", "%F0%9F%98%80"),
        ("../", "..%2F"),
        ("%2e%2e", "%252e%252e"),
        ("+:@!$'()*,;", "%2B%3A%40%21%24%27%28%29%2A%2C%3B"),
        ("\n", "%0A"),
        ("", ""),
    ])
    func urlEncode(input: String, expected: String) throws {
        #expect(try apply("url_encode", to: .string(input)) == .string(expected))
    }

    @Test func urlEncodeAcceptsNumbersOnly() throws {
        #expect(try apply("url_encode", to: 42) == "42")
        #expect(try apply("url_encode", to: -1.5) == "-1.5")
        #expect(try apply("url_encode", to: .null) == .null)
        #expect(try apply("url_encode", to: true) == .null)
        #expect(try apply("url_encode", to: ["a"]) == .null)
    }

    @Test(arguments: [
        (".", "%2E"), ("..", "%2E%2E"), ("../etc/passwd", "..%2Fetc%2Fpasswd"), ("%2e%2e", "%252e%252e"),
        ("a/b", "a%2Fb"), ("?x=1", "%3Fx%3D1"), ("#frag", "%23frag"), ("...", "..."), ("a.b", "a.b"),
        ("..\\", "..%5C"), ("", ""), ("123", "123"), ("é", "%C3%A9"),
    ])
    func pathSegment(input: String, expected: String) throws {
        #expect(try apply("path_segment", to: .string(input)) == .string(expected))
    }

    @Test func pathSegmentNeverLeavesASlashOrADotSegment() throws {
        var generator = SeededGenerator(seed: 11)
        let alphabet = [".", "/", "%", "2", "e", "E", "\\", "?", "#", "a", " ", "é"]
        for _ in 0..<1000 {
            let text = (0..<Int.random(in: 0..<8, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "" }.joined()
            let encoded = try #require(try apply("path_segment", to: .string(text)).stringValue)
            #expect(!encoded.contains("/"))
            #expect(!encoded.contains("?"))
            #expect(!encoded.contains("#"))
            #expect(encoded != "." && encoded != "..")
        }
        #expect(try apply("path_segment", to: 7) == "7")
    }

    @Test(arguments: [
        ("red shirt", "\"red\" \"shirt\""),
        ("x OR status:draft", "\"x\" \"OR\" \"status:draft\""),
        ("a\"b", "\"a\\\"b\""),
        ("a\\b", "\"a\\\\b\""),
        ("(title:*) AND -tag:x", "\"(title:*)\" \"AND\" \"-tag:x\""),
        ("\") OR (status:draft", "\"\\\")\" \"OR\" \"(status:draft\""),
        ("  spaced \n\t out  ", "\"spaced\" \"out\""),
        ("   ", ""),
        ("", ""),
        ("café", "\"café\""),
    ])
    func shopifySearch(input: String, expected: String) throws {
        #expect(try apply("shopify_search", to: .string(input)) == .string(expected))
    }

    @Test func shopifySearchOnOtherKinds() throws {
        #expect(try apply("shopify_search", to: .null) == "")
        #expect(try apply("shopify_search", to: 42) == "\"42\"")
        #expect(try apply("shopify_search", to: [1]) == "")
        #expect(
            try evaluate("\"status:active {params.searchQuery | shopify_search}\"", params: ["searchQuery": "blue OR vendor:x"])
                == "status:active \"blue\" \"OR\" \"vendor:x\"")
    }

    @Test func shopifySearchAlwaysProducesBalancedQuotedWords() throws {
        var generator = SeededGenerator(seed: 5)
        let alphabet = ["\"", "\\", " ", "a", "(", ")", ":", "*", "-", "OR", "\t", "é"]
        for _ in 0..<1000 {
            let text = (0..<Int.random(in: 0..<10, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "" }.joined()
            let result = try #require(try apply("shopify_search", to: .string(text)).stringValue)
            // Scan: outside quotes only single spaces may appear; inside, backslash escapes one character.
            var inside = false
            var escaped = false
            var words = 0
            for character in result {
                if inside {
                    if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inside = false }
                } else if character == "\"" {
                    inside = true
                    words += 1
                } else {
                    #expect(character == " ", "unquoted \(character) in \(result)")
                }
            }
            #expect(!inside)
            #expect(words == text.split(whereSeparator: \.isWhitespace).count)
        }
    }
}
