import Mapping
import Testing

@Suite("collection filters")
struct CollectionFilterTests {
    @Test func firstAndLast() throws {
        #expect(try apply("first", to: [1, 2, 3]) == 1)
        #expect(try apply("last", to: [1, 2, 3]) == 3)
        #expect(try apply("first", to: []) == .null)
        #expect(try apply("last", to: []) == .null)
        #expect(try apply("first", to: "e\u{301}clair") == "e\u{301}")
        #expect(try apply("last", to: "hi 👨‍👩‍👧") == "👨‍👩‍👧")
        #expect(try apply("first", to: "") == .null)
        #expect(try apply("first", to: ["a": 1]) == .null)
        #expect(try apply("last", to: 5) == .null)
    }

    @Test func size() throws {
        #expect(try apply("size", to: [1, nil, 3]) == 3)
        #expect(try apply("size", to: "e\u{301}😀") == 2)
        #expect(try apply("size", to: ["a": 1, "b": 2]) == 2)
        #expect(try apply("size", to: "") == 0)
        #expect(try apply("size", to: 12) == .null)
        #expect(try apply("size", to: .null) == .null)
    }

    @Test func pluck() throws {
        let variants: JSON = [["sku": "a", "ok": true], ["sku": "b"], "text", nil, ["sku": nil]]
        #expect(try apply("pluck('sku')", to: variants) == ["a", "b", nil, nil, nil])
        #expect(try apply("pluck('ok')", to: variants) == [true, nil, nil, nil, nil])
        #expect(try apply("pluck('x')", to: []) == [])
        #expect(try apply("pluck('x')", to: ["x": 1]) == .null)
        #expect(try apply("pluck(params.k)", to: variants, params: [:]) == .null)
    }

    @Test func anyAndAll() throws {
        #expect(try apply("any", to: [false, 0, "x"]) == true)
        #expect(try apply("any", to: [false, 0, "", nil, []]) == false)
        #expect(try apply("any", to: []) == false)
        #expect(try apply("all", to: [true, 1, "x", [0]]) == true)
        #expect(try apply("all", to: [true, 0]) == false)
        #expect(try apply("all", to: []) == true)
        #expect(try apply("any", to: "text") == .null)
        #expect(try apply("all", to: .null) == .null)
    }

    @Test func availabilityExampleFromTheAdapters() throws {
        let source = "(item.variants.nodes | pluck('availableForSale') | any) or item.totalInventory > 0"
        #expect(
            try evaluate(source, item: ["variants": ["nodes": [["availableForSale": false], ["availableForSale": true]]], "totalInventory": 0])
                == true)
        #expect(try evaluate(source, item: ["variants": ["nodes": [["availableForSale": false]]], "totalInventory": 3]) == true)
        #expect(try evaluate(source, item: ["variants": ["nodes": []], "totalInventory": 0]) == false)
        #expect(try evaluate(source, item: [:]) == false)
    }

    @Test func sum() throws {
        // A true counts 1, so `map(it.enabled) | sum` counts.
        #expect(try apply("sum", to: [1, 2.5, "3", "x", nil, true, false, [4]]) == 7.5)
        #expect(try apply("sum", to: []) == 0)
        #expect(try apply("sum", to: [1e308, 1e308]) == .null)
        #expect(try apply("sum", to: "12") == .null)
    }

    @Test func compact() throws {
        #expect(try apply("compact", to: [1, nil, "", false, nil]) == [1, "", false])
        #expect(try apply("compact", to: []) == [])
        #expect(try apply("compact", to: "x") == .null)
    }

    @Test func join() throws {
        #expect(try apply("join(', ')", to: ["a", "b"]) == "a, b")
        #expect(try apply("join('-')", to: [1, 2.5, true, nil, "x", [1], ["k": "v"]]) == "1-2.5-true-x-[1]-{\"k\":\"v\"}")
        #expect(try apply("join('')", to: ["a", "b"]) == "ab")
        #expect(try apply("join(',')", to: []) == "")
        #expect(try apply("join(',')", to: "abc") == .null)
    }

    @Test func slice() throws {
        #expect(try apply("slice(1, 2)", to: [1, 2, 3, 4]) == [2, 3])
        #expect(try apply("slice(1)", to: [1, 2, 3, 4]) == [2, 3, 4])
        #expect(try apply("slice(-2)", to: [1, 2, 3, 4]) == [3, 4])
        #expect(try apply("slice(-2, 1)", to: [1, 2, 3, 4]) == [3])
        #expect(try apply("slice(-10, 2)", to: [1, 2, 3, 4]) == [1, 2])
        #expect(try apply("slice(10, 2)", to: [1, 2, 3, 4]) == [])
        #expect(try apply("slice(1, 0)", to: [1, 2, 3, 4]) == [])
        #expect(try apply("slice(0, 1000000000)", to: [1, 2]) == [1, 2])
        #expect(try apply("slice(1, 2)", to: "h😀llo") == "😀l")
        #expect(try apply("slice(-3, 2)", to: "héllo") == "ll")
        #expect(try apply("slice(params.s, params.l)", to: [1, 2, 3], params: ["s": 0.9, "l": -5]) == [])
        #expect(try apply("slice(params.s, params.l)", to: [1, 2, 3], params: ["s": 1e300, "l": 1e300]) == [])
        #expect(try apply("slice(params.s, params.l)", to: [1, 2, 3], params: ["s": -1e300, "l": 1e300]) == [1, 2, 3])
        #expect(try apply("slice(params.s)", to: [1, 2, 3], params: ["s": "1"]) == .null)
        #expect(try apply("slice(0, 1)", to: ["a": 1]) == .null)
    }
}

@Suite struct ConcatFilterTests {
    @Test func joinsArraysAndTreatsNullAsEmpty() throws {
        let compiler = ExpressionCompiler(variables: ["a", "b"])
        let expression = try compiler.compile("a | concat(b)")
        #expect(expression.evaluate([[1, 2], [3]]) == [1, 2, 3])
        #expect(expression.evaluate([[1], nil]) == [1])
        #expect(expression.evaluate([nil, [3]]) == [3])
        #expect(expression.evaluate([nil, nil]) == [])
        #expect(expression.evaluate(["x", [3]]) == nil)
    }
}

@Suite struct ContainsFilterTests {
    @Test func arraysAndStrings() throws {
        let expression = try ExpressionCompiler(variables: ["a", "b"]).compile("a | contains(b)")
        #expect(expression.evaluate([["deny", "continue"], "continue"]) == true)
        #expect(expression.evaluate([["deny"], "continue"]) == false)
        #expect(expression.evaluate(["red dress", "dress"]) == true)
        #expect(expression.evaluate(["red dress", "Dress"]) == false)
        #expect(expression.evaluate([nil, "x"]) == false)
        #expect(expression.evaluate([42, "x"]) == nil)
    }
}
