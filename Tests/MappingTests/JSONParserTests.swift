import Foundation
import Mapping
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    private func parse(_ text: String) throws -> JSON {
        try JSON(parsing: text)
    }

    private func parseError(_ text: String) -> JSONParseError? {
        do {
            _ = try JSON(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    private func parseError(_ bytes: [UInt8]) -> JSONParseError? {
        do {
            _ = try JSON(parsing: bytes)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Values

    @Test func scalars() throws {
        #expect(try parse("null") == .null)
        #expect(try parse("true") == .bool(true))
        #expect(try parse(" false ") == .bool(false))
        #expect(try parse("\"\"") == .string(""))
        #expect(try parse("0") == .number(0))
        #expect(try parse("\n\t\r 7 \n") == .number(7))
    }

    @Test func containersKeepOrder() throws {
        let value = try parse(#"{"b": [1, {"c": null}], "a": {}, "d": []}"#)
        #expect(value.objectValue?.keys == ["b", "a", "d"])
        #expect(value["b"]?[1]?["c"] == .null)
        #expect(value["a"] == .object([:]))
        #expect(value["d"] == .array([]))
    }

    @Test(arguments: [
        ("-0", -0.0), ("1.5", 1.5), ("-12.5e3", -12500), ("1E2", 100), ("1e-2", 0.01), ("0.1", 0.1),
        ("3.141592653589793", Double.pi), ("123456789012345678", 1.2345678901234568e17),
        ("12345678901234567890", 1.2345678901234567e19), ("1e308", 1e308), ("1.7976931348623157e308", 1.7976931348623157e308),
        ("2.2250738585072014e-308", 2.2250738585072014e-308), ("5e-324", .leastNonzeroMagnitude), ("1e-400", 0),
        ("0.000001", 0.000001), ("100000000000000000000000", 1e23), ("9007199254740993", 9007199254740992),
        ("0.30000000000000004", 0.30000000000000004), ("1.00000000000000011102230246251565404236316680908203125", 1.0),
        ("1.00000000000000011102230246251565404236316680908203126", 1.0000000000000002),
    ])
    func numbers(text: String, expected: Double) throws {
        let value = try parse(text)
        #expect(value == .number(expected))
        #expect(value.doubleValue?.sign == expected.sign)
    }

    @Test func numbersRoundTripThroughTheirShortestText() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<3000 {
            let bits = generator.next() & 0x7FEF_FFFF_FFFF_FFFF
            let number = Double(bitPattern: bits) * (Bool.random(using: &generator) ? 1 : -1)
            #expect(try parse(number.description) == .number(number))
            let decimal = Double(Int.random(in: -99_999_999...99_999_999, using: &generator)) / 1000
            #expect(try parse(decimal.description) == .number(decimal))
        }
    }

    @Test(arguments: ["01", "1.", ".5", "-", "+1", "1e", "1e+", "--1", "0x10", "NaN", "Infinity", "-Infinity", "1.e3", "-.5", "2."])
    func invalidNumbers(text: String) {
        #expect(parseError(text) != nil)
    }

    @Test func hugeNumbersAreOutOfRange() {
        #expect(parseError("1e400")?.reason == .numberOutOfRange)
        #expect(parseError("[-1e999]")?.offset == 1)
    }

    // MARK: Strings

    @Test func escapes() throws {
        #expect(try parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{08}\u{0C}\n\r\t"))
        #expect(try parse(#""caf\u00e9 \u00E9""#) == .string("café é"))
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse(#""a\u0000b""#) == .string("a\u{0}b"))
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try parse(#""\ud800""#) == .string("\u{FFFD}"))
        #expect(try parse(#""\udc00x""#) == .string("\u{FFFD}x"))
        #expect(try parse(#""\ud800\u0041""#) == .string("\u{FFFD}A"))
        #expect(try parse(#""\ud800\ud800\udc00""#) == .string("\u{FFFD}\u{10000}"))
        #expect(try parse(#""\ud800\n""#) == .string("\u{FFFD}\n"))
    }

    @Test func rawUTF8IsKept() throws {
        #expect(try parse("\"é😀中\"") == .string("é😀中"))
        #expect(try parse("{\"clé\": \"valeur\"}")["clé"] == .string("valeur"))
    }

    @Test func invalidEscapesAreRejected() {
        #expect(parseError(#""\x""#)?.reason == .invalidEscape)
        #expect(parseError(#""\x""#)?.offset == 1)
        #expect(parseError(#""\u12G4""#)?.reason == .invalidUnicodeEscape)
        #expect(parseError(#""\u12""#)?.reason == .invalidUnicodeEscape)
        #expect(parseError(#""\'""#)?.reason == .invalidEscape)
    }

    @Test func controlCharactersInStringsAreRejected() {
        let error = parseError("\"a\tb\"")
        #expect(error?.reason == .controlCharacterInString(0x09))
        #expect(error?.offset == 2)
        #expect(parseError("\"line\nbreak\"")?.reason == .controlCharacterInString(0x0A))
        #expect(parseError([0x22, 0x00, 0x22])?.reason == .controlCharacterInString(0))
    }

    @Test(
        arguments: [
            [0x22, 0xFF, 0x22], [0x22, 0xC0, 0x80, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22],
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], [0x22, 0x80, 0x22], [0x22, 0xE0, 0x80, 0xAF, 0x22], [0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22],
            [0x22, 0x5C, 0x6E, 0xC3, 0x22],
        ] as [[UInt8]])
    func invalidUTF8IsRejected(bytes: [UInt8]) {
        #expect(parseError(bytes)?.reason == .invalidUTF8)
    }

    @Test func unterminatedString() {
        let error = parseError("\"abc")
        #expect(error?.reason == .unexpectedEnd(expected: "'\"' to close the string"))
        #expect(error?.offset == 4)
    }

    // MARK: Structure errors with positions

    @Test func errorPositionsCountLinesAndCharacters() {
        let error = parseError("{\"a\": 1,\n  \"b\": tru}")
        #expect(error?.line == 2)
        #expect(error?.column == 11)
        #expect(error?.offset == 19)
        #expect(error?.reason == .unexpectedByte(UInt8(ascii: "}"), expected: "'true'"))
        #expect(error?.description == "JSON parse error at line 2, column 11 (byte 19): unexpected '}', expected 'true'")
    }

    @Test(
        arguments: [
            (Array("[\n01]".utf8), JSONParseError.Reason.invalidNumber, 2, 2),
            (Array("[\n-x]".utf8), .invalidNumber, 2, 2),
            (Array("[\n1.e5]".utf8), .invalidNumber, 2, 3),
            (Array("[\n1e400]".utf8), .numberOutOfRange, 2, 1),
            (Array("[\n\"\\x\"]".utf8), .invalidEscape, 2, 2),
            (Array("[\n\"\\u12\"]".utf8), .invalidUnicodeEscape, 2, 6),
            (Array("[\n\"a\tb\"]".utf8), .controlCharacterInString(0x09), 2, 3),
            ([0x5B, 0x0A, 0x22, 0xFF, 0x22, 0x5D], .invalidUTF8, 2, 2),
            (Array("[\n1 2]".utf8), .unexpectedByte(UInt8(ascii: "2"), expected: "',' or ']'"), 2, 3),
            (Array("[\n1]x".utf8), .trailingCharacters, 2, 3),
            (Array("[\n".utf8), .unexpectedEnd(expected: "a value"), 2, 1),
            (Array(("[\n" + String(repeating: "[", count: 600)).utf8), .nestingTooDeep(limit: 512), 2, 512),
        ] as [([UInt8], JSONParseError.Reason, Int, Int)])
    func everyReasonReportsItsLineAndColumn(bytes: [UInt8], reason: JSONParseError.Reason, line: Int, column: Int) {
        let error = parseError(bytes)
        #expect(error?.reason == reason)
        #expect(error?.line == line)
        #expect(error?.column == column)
        #expect(error?.message.isEmpty == false)
    }

    @Test func columnsCountCharactersNotBytes() {
        let error = parseError("[\"é\", x]")
        #expect(error?.offset == 7)
        #expect(error?.column == 7)
        #expect(error?.line == 1)
    }

    @Test func trailingGarbageIsRejected() {
        let error = parseError("[1] x")
        #expect(error?.reason == .trailingCharacters)
        #expect(error?.offset == 4)
        #expect(error?.column == 5)
        #expect(parseError("{}{}")?.reason == .trailingCharacters)
        #expect(parseError("1 2")?.offset == 2)
        #expect(parseError("nulls")?.reason == .trailingCharacters)
    }

    @Test func emptyInput() {
        #expect(parseError("")?.reason == .unexpectedEnd(expected: "a value"))
        #expect(parseError("  \n ")?.line == 2)
    }

    @Test func structuralErrors() {
        #expect(parseError("[1,2")?.reason == .unexpectedEnd(expected: "',' or ']'"))
        #expect(parseError("[1,]")?.reason == .unexpectedByte(UInt8(ascii: "]"), expected: "a value"))
        #expect(parseError("[1 2]")?.reason == .unexpectedByte(UInt8(ascii: "2"), expected: "',' or ']'"))
        #expect(parseError("{\"a\"}")?.reason == .unexpectedByte(UInt8(ascii: "}"), expected: "':'"))
        #expect(parseError("{1:2}")?.reason == .unexpectedByte(UInt8(ascii: "1"), expected: "a string key"))
        #expect(parseError("{\"a\":1,}")?.offset == 7)
        #expect(parseError("{'a':1}")?.reason == .unexpectedByte(UInt8(ascii: "'"), expected: "a string key"))
        #expect(parseError("[true, fals]")?.reason == .unexpectedByte(UInt8(ascii: "]"), expected: "'false'"))
        #expect(parseError("nul")?.reason == .unexpectedEnd(expected: "'null'"))
        #expect(parseError("[\u{00A0}1]")?.reason == .unexpectedByte(0xC2, expected: "a value"))
        #expect(parseError("{\"a\" 1}")?.message == "unexpected '1', expected ':'")
        #expect(parseError("[1,\u{01}]")?.message == "unexpected byte 0x01, expected a value")
    }

    // MARK: Depth

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = 512
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try parse(text)
        var levels = 0
        while case .array(let elements) = value {
            levels += 1
            value = elements.first ?? .null
        }
        #expect(levels == depth)
    }

    @Test func nestingBeyondTheLimitIsAnError() {
        let text = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        let error = parseError(text)
        #expect(error?.reason == .nestingTooDeep(limit: 512))
        #expect(error?.offset == 512)
        let objects = String(repeating: "{\"a\":", count: 600) + "1" + String(repeating: "}", count: 600)
        #expect(parseError(objects)?.reason == .nestingTooDeep(limit: 512))
    }

    @Test func hostileNestingDoesNotOverflowTheStack() {
        let text = String(repeating: "[", count: 1_000_000)
        #expect(parseError(text)?.reason == .nestingTooDeep(limit: 512))
    }

    // MARK: Entry points

    @Test func everyEntryPointParsesTheSameDocument() throws {
        let text = #"{"a": [1, "é", null]}"#
        let expected: JSON = ["a": [1, "é", nil]]
        let bytes = Array(text.utf8)
        #expect(try JSON(parsing: text) == expected)
        #expect(try JSON(parsing: bytes) == expected)
        #expect(try bytes.withUnsafeBytes { try JSON(parsing: $0) } == expected)
        #expect(try JSON(parsing: bytes[...]) == expected)
        #expect(try JSON(parsing: Data(bytes)) == expected)
        #expect(try JSON(parsing: text.utf8) == expected)
        // A collection without contiguous storage goes through a copy.
        #expect(try JSON(parsing: bytes.lazy.map { $0 }) == expected)
        #expect(try JSON(parsing: Substring(text).utf8) == expected)
    }

    @Test func byteOrderMarkIsIgnored() throws {
        #expect(try JSON(parsing: [0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == [1])
        #expect(parseError([0xEF, 0xBB]) != nil)
    }

    @Test func duplicateKeysAreKeptAndTheFirstWins() throws {
        let value = try parse(#"{"a":1,"a":2}"#)
        #expect(value["a"] == 1)
        #expect(value.objectValue?.count == 2)
        #expect(value.jsonText == #"{"a":1,"a":2}"#)
    }
}
