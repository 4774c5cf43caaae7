import Sandbox
import Testing

@Suite("JSON reader and writer")
struct JSONValueTests {
    @Test func parsesEveryKind() throws {
        let value = try JSONValue.parse(#"{"a":[1,-2.5,true,false,null,"x\u00e9\n\ud83d\ude00"],"b":{},"a":2}"#)
        #expect(value["a"] == .array([.integer(1), .number(-2.5), .bool(true), .bool(false), .null, .string("xé\n😀")]))
        #expect(value["b"] == .object([]))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "\"\u{01}\"", "tru", "1 2", "\"\\ud800\""])
    func rejectsMalformedText(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.tooDeep(limit: 256)) { try JSONValue.parse(deep) }
    }

    @Test func serializesCompactly() throws {
        let text = #"{"q":"a \"b\"\n","n":[1,2.5,null,true]}"#
        #expect(try JSONValue.parse(text).serialized == text)
    }
}
