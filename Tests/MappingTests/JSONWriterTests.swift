import Mapping
import Testing

@Suite("JSON writer")
struct JSONWriterTests {
    private func numberText(_ number: Double) -> String {
        var bytes: [UInt8] = []
        JSONWriter.appendNumber(number, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private func stringText(_ string: String) -> String {
        var bytes: [UInt8] = []
        JSONWriter.appendString(string, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: [
        (12.0, "12"), (-0.0, "0"), (0, "0"), (-7, "-7"), (1.5, "1.5"), (0.1, "0.1"), (-2.25, "-2.25"),
        (1e21, "1e+21"), (9007199254740992, "9007199254740992"), (-9007199254740992, "-9007199254740992"),
        (9007199254740994, "9.007199254740994e+15"), (1e-7, "1e-07"), (123456.789, "123456.789"),
        (Double.nan, "null"), (Double.infinity, "null"), (-Double.infinity, "null"),
    ])
    func numbers(number: Double, expected: String) {
        #expect(numberText(number) == expected)
    }

    @Test func integers() {
        var bytes: [UInt8] = []
        JSONWriter.appendInteger(Int64.min, to: &bytes)
        bytes.append(0x20)
        JSONWriter.appendInteger(Int64.max, to: &bytes)
        bytes.append(0x20)
        JSONWriter.appendInteger(0, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "-9223372036854775808 9223372036854775807 0")
    }

    @Test func stringEscaping() {
        #expect(stringText("plain") == #""plain""#)
        #expect(stringText("\"\\") == #""\"\\""#)
        #expect(stringText("\n\r\t\u{08}\u{0C}") == #""\n\r\t\b\f""#)
        #expect(stringText("\u{00}\u{01}\u{1F}") == #""\u0000\u0001\u001f""#)
        #expect(stringText("a/b\u{7F}") == "\"a/b\u{7F}\"")
        #expect(stringText("é😀中") == "\"é😀中\"")
        #expect(stringText("x\u{2028}y\u{2029}z") == #""x\u2028y\u2029z""#)
        #expect(stringText("\u{2027}\u{202A}") == "\"\u{2027}\u{202A}\"")
        #expect(stringText("") == #""""#)
    }

    @Test func containersKeepOrderAndAreCompact() {
        let value: JSON = ["z": [1, true, nil], "a": ["n": "v"], "e": [], "o": [:]]
        #expect(value.jsonText == #"{"z":[1,true,null],"a":{"n":"v"},"e":[],"o":{}}"#)
        #expect(value.description == value.jsonText)
        #expect(value.encoded() == Array(value.jsonText.utf8))
    }

    @Test func writerAccumulates() {
        var writer = JSONWriter(reservingCapacity: 64)
        writer.write([1, 2])
        writer.write("x")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"[1,2]"x""#)
        var bytes: [UInt8] = Array("{\"k\":".utf8)
        JSONWriter.appendJSON(["a": nil], to: &bytes)
        JSONWriter.appendBool(false, to: &bytes)
        JSONWriter.appendNull(to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"k":{"a":null}falsenull"#)
    }

    @Test func encodedTextParsesBackToTheSameValue() throws {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<2000 {
            let value = randomJSON(using: &generator)
            let encoded = value.encoded()
            let decoded = try JSON(parsing: encoded)
            #expect(decoded == value)
            #expect(decoded.encoded() == encoded)
        }
    }

    @Test func controlCharactersSurviveARoundTrip() throws {
        let all = String(String.UnicodeScalarView((0..<0x80).compactMap(Unicode.Scalar.init)))
        let value = JSON.string(all + "\u{2028}\u{2029}\u{FFFD}😀")
        #expect(try JSON(parsing: value.encoded()) == value)
    }
}
