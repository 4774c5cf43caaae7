import Mapping
import Testing

@Suite("JSON value")
struct JSONValueTests {
    @Test func literalsBuildTheExpectedCases() {
        let value: JSON = ["a": 1, "b": 2.5, "c": "x", "d": true, "e": nil, "f": [1, "two"]]
        guard case .object(let object) = value else {
            Issue.record("expected an object")
            return
        }
        #expect(object.keys == ["a", "b", "c", "d", "e", "f"])
        #expect(object["a"] == .number(1))
        #expect(object["b"] == .number(2.5))
        #expect(object["c"] == .string("x"))
        #expect(object["d"] == .bool(true))
        #expect(object["e"] == .null)
        #expect(object["f"] == .array([.number(1), .string("two")]))
    }

    @Test func accessorsReturnValuesOnlyForTheirKind() {
        let string: JSON = "text"
        #expect(string.stringValue == "text")
        #expect(string.doubleValue == nil)
        let number: JSON = 42
        #expect(number.doubleValue == 42)
        #expect(number.intValue == 42)
        #expect(JSON.number(1.5).intValue == nil)
        #expect(number.stringValue == nil)
        #expect(JSON.bool(false).boolValue == false)
        #expect(JSON.null.boolValue == nil)
        #expect(JSON.array([1]).arrayValue == [1])
        #expect(JSON.object(["a": 1]).objectValue?["a"] == 1)
        #expect(JSON.null.isNull)
        #expect(!JSON.number(0).isNull)
    }

    @Test func subscriptsAreSafe() {
        let value: JSON = ["list": [10, 20], "name": "n"]
        #expect(value["list"]?[1] == 20)
        #expect(value["list"]?[2] == nil)
        #expect(value["list"]?[-1] == nil)
        #expect(value["missing"] == nil)
        #expect(value[0] == nil)
        #expect(JSON.string("abc")["a"] == nil)
    }

    @Test(
        arguments: [
            (JSON.null, false), (.bool(false), false), (.bool(true), true), (.number(0), false), (.number(-0.0), false),
            (.number(0.1), true), (.string(""), false), (.string("0"), true), (.string("false"), true),
            (.array([]), false), (.array([.null]), true), (.object([:]), true), (.object(["a": 1]), true),
        ] as [(JSON, Bool)])
    func truthiness(value: JSON, expected: Bool) {
        #expect(value.isTruthy == expected)
    }

    @Test func kindNames() {
        #expect([JSON.null, true, 1, "s", [], [:]].map(\.kindName) == ["null", "bool", "number", "string", "array", "object"])
    }

    @Test func objectKeepsInsertionOrderAndFirstMatch() {
        var object = JSONObject()
        object.append(key: "z", value: 1)
        object.append(key: "a", value: 2)
        object.append(key: "z", value: 3)
        #expect(object.count == 3)
        #expect(object.keys == ["z", "a", "z"])
        #expect(object["z"] == 1)
        #expect(object.position(of: "a") == 1)
        #expect(JSON.object(object).jsonText == #"{"z":1,"a":2,"z":3}"#)
    }

    @Test func objectSubscriptSetterReplacesAppendsAndRemoves() {
        var object: JSONObject = ["a": 1, "b": 2]
        object["a"] = 10
        object["c"] = 3
        #expect(object.keys == ["a", "b", "c"])
        #expect(object["a"] == 10)
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        #expect(object["b"] == nil)
        object.append(key: "a", value: 99)
        object["a"] = nil
        #expect(object.keys == ["c"])
    }

    @Test func largeObjectsUseAnIndexThatStaysCorrect() {
        var object = JSONObject()
        for index in 0..<200 { object.append(key: "key\(index)", value: .number(Double(index))) }
        object.append(key: "key7", value: "duplicate")
        for index in stride(from: 0, to: 200, by: 13) {
            #expect(object["key\(index)"] == .number(Double(index)))
        }
        #expect(object["key7"] == 7)
        #expect(object["nope"] == nil)
        object["key7"] = nil
        #expect(object["key7"] == nil)
        #expect(object.count == 199)
        #expect(object["key8"] == 8)
        for index in 0..<170 { object["key\(index + 8)"] = nil }
        #expect(object.count < JSONObject.indexThreshold)
        #expect(object["key190"] == 190)
        #expect(object["key0"] == 0)
    }

    @Test func objectIsARandomAccessCollectionOfPairs() {
        let object: JSONObject = ["a": 1, "b": "x"]
        #expect(object.map(\.key) == ["a", "b"])
        #expect(object[1].value == "x")
        #expect(object.values == [1, "x"])
        #expect(JSONObject([(key: "k", value: JSON.bool(true))])["k"] == true)
    }

    @Test func equalityIsStructuralAndOrdered() {
        #expect(JSON.object(["a": 1, "b": 2]) == JSON.object(["a": 1, "b": 2]))
        #expect(JSON.object(["a": 1, "b": 2]) != JSON.object(["b": 2, "a": 1]))
        #expect(JSON.array([1, [2, 3]]) == JSON.array([1, [2, 3]]))
        #expect(JSON.number(1) != JSON.string("1"))
        let set: Set<JSON> = [["a": 1], ["a": 1], [1, 2], "x", "x"]
        #expect(set.count == 3)
    }

    @Test func largeObjectsCompareEqualRegardlessOfIndex() {
        var built = JSONObject()
        for index in 0..<50 { built.append(key: "k\(index)", value: .number(Double(index))) }
        let parsed = try? JSON(parsing: JSON.object(built).jsonText)
        #expect(parsed == .object(built))
        #expect(parsed?.hashValue == JSON.object(built).hashValue)
    }
}
