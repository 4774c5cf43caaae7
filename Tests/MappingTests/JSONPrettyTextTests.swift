import Testing

@testable import Mapping

@Suite struct JSONPrettyTextTests {
    @Test func indentsAndKeepsKeyOrder() throws {
        let value = try JSON(parsing: #"{"b":[1,{"z":null,"a":"é\n"}],"a":{},"c":[]}"#)
        #expect(
            value.prettyText()
                == """
                {
                  "b": [
                    1,
                    {
                      "z": null,
                      "a": "é\\n"
                    }
                  ],
                  "a": {},
                  "c": []
                }
                """)
        #expect(try JSON(parsing: value.prettyText()) == value)
        #expect(JSON.string("x").prettyText() == #""x""#)
    }
}
