import Mapping
import Testing

@Suite("conversion filters")
struct ConversionFilterTests {
    @Test func defaultReplacesNullAndEmptyString() throws {
        #expect(try apply("default('x')", to: .null) == "x")
        #expect(try apply("default('x')", to: "") == "x")
        #expect(try apply("default('x')", to: " ") == " ")
        #expect(try apply("default('x')", to: 0) == 0)
        #expect(try apply("default('x')", to: false) == false)
        #expect(try apply("default('x')", to: []) == [])
        #expect(try apply("default(params.fallback)", to: .null, params: ["fallback": [1]]) == [1])
        #expect(try evaluate("item.missing | default(null)") == .null)
    }

    @Test(
        arguments: [
            (JSON.number(12), JSON.string("12")), (.number(1.5), "1.5"), (.number(-0.0), "0"), (.number(1e21), "1e+21"),
            (.bool(true), "true"), (.bool(false), "false"), (.string("s"), "s"), (.array([1, "a"]), "[1,\"a\"]"),
            (.object(["k": nil]), "{\"k\":null}"), (.null, .null),
        ] as [(JSON, JSON)])
    func toString(input: JSON, expected: JSON) throws {
        #expect(try apply("to_string", to: input) == expected)
    }

    @Test(
        arguments: [
            (JSON.string("29.90"), JSON.number(29.9)), (" 12 ", 12), ("-3", -3), ("+4", 4), ("1e3", 1000), (".5", 0.5),
            ("12abc", .null), ("", .null), (" ", .null), ("0x1F", .null), ("NaN", .null), ("inf", .null), ("1e999", .null),
            (.number(5), 5), (.bool(true), .null), (.null, .null), ([1], .null), ("١", .null),
        ] as [(JSON, JSON)])
    func toNumber(input: JSON, expected: JSON) throws {
        #expect(try apply("to_number", to: input) == expected)
    }

    @Test(
        arguments: [
            (JSON.bool(true), JSON.bool(true)), (.bool(false), false), (.number(2), true), (.number(0), false),
            ("true", true), ("YES", true), (" on ", true), ("1", true), ("false", false), ("No", false), ("off", false),
            ("0", false), ("", false), ("maybe", .null), (.null, .null), ([true], .null), (["a": 1], .null),
        ] as [(JSON, JSON)])
    func toBool(input: JSON, expected: JSON) throws {
        #expect(try apply("to_bool", to: input) == expected)
    }
}
