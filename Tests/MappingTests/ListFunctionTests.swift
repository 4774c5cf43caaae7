import Mapping
import Testing

/// `filter`, `map`, `count`, `find`, `sort_by` (with `it` bound to each element), `min`, `max`, and
/// the precedence of arithmetic against `|`.
@Suite struct ListFunctionTests {
    static let variants: JSON = [
        ["sku": "a", "price": "19.90", "available": true, "type": "alt"],
        ["sku": "b", "price": "9.50", "available": false, "type": "main"],
        ["sku": "c", "price": "120", "available": true, "type": "alt"],
    ]

    @Test func filterKeepsTheElementsThePredicateHoldsFor() throws {
        #expect(try evaluate("item | filter(it.available) | map(it.sku)", item: Self.variants) == ["a", "c"])
        #expect(try evaluate("item | filter(it.price > 10) | size", item: Self.variants) == 2)
    }

    @Test func countCountsWhatThePredicateHoldsFor() throws {
        #expect(try evaluate("item | count(it.available)", item: Self.variants) == 2)
        #expect(try evaluate("item | count(it.available and it.price < 100)", item: Self.variants) == 1)
        #expect(try evaluate("item | count(true)", item: []) == 0)
    }

    @Test func findGivesTheFirstMatchOrNull() throws {
        #expect(try evaluate("item | find(it.type == 'main') | pluck('sku')", item: Self.variants) == .null)
        #expect(try evaluate("(item | find(it.type == 'main')).sku", item: Self.variants) == "b")
        #expect(try evaluate("(item | find(it.type == 'none')).sku ?? 'x'", item: Self.variants) == "x")
    }

    @Test func sortByOrdersNumericTextAsNumbers() throws {
        // As text "120" < "19.90" < "9.50"; as numbers the other way round.
        #expect(try evaluate("item | sort_by(it.price) | map(it.sku)", item: Self.variants) == ["b", "a", "c"])
        #expect(try evaluate("(item | sort_by(it.price) | first).sku", item: Self.variants) == "b")
        // Keys that cannot be ordered go last, and equal keys keep their order.
        let mixed: JSON = [["k": nil, "n": 1], ["k": 2, "n": 2], ["k": 1, "n": 3], ["k": 1, "n": 4]]
        #expect(try evaluate("item | sort_by(it.k) | map(it.n)", item: mixed) == [3, 4, 2, 1])
    }

    @Test func minAndMaxCompareNumbersAndNumericText() throws {
        #expect(try evaluate("item | map(it.price) | min", item: Self.variants) == "9.50")
        #expect(try evaluate("item | map(it.price) | max", item: Self.variants) == "120")
        #expect(try apply("min", to: [3, nil, 1, true]) == 1)
        #expect(try apply("max", to: []) == .null)
        #expect(try apply("min", to: "text") == .null)
    }

    @Test func sumCountsTrues() throws {
        #expect(try evaluate("item | map(it.available) | sum", item: Self.variants) == 2)
    }

    @Test func listFunctionsOnSomethingElseGiveNull() throws {
        for function in ["filter(it)", "map(it)", "count(it)", "find(it)", "sort_by(it)"] {
            #expect(try apply(function, to: "text") == .null)
            #expect(try apply(function, to: ["a": 1]) == .null)
        }
    }

    @Test func itCanReadTheOuterVariablesAndNests() throws {
        let item: JSON = ["tags": ["x", "y"], "groups": [["tags": ["x"]], ["tags": ["z"]], ["tags": ["y", "x"]]]]
        #expect(try evaluate("item.groups | count(it.tags | contains(params.tag))", item: item, params: ["tag": "x"]) == 2)
        // The inner `it` is the inner element.
        #expect(try evaluate("item.groups | map(it.tags | count(it == 'x')) | sum", item: item) == 2)
    }

    @Test func itOutsideAListFunctionIsAnErrorThatSaysWhere() throws {
        let error = try #require(compileError("it.price"))
        #expect(error.message.contains("only inside filter(…)"))
        #expect(compileError("item | filter(it.a) | map(it)") == nil)
        #expect(try #require(compileError("item | map")).hint?.contains("map(expression)") == true)
        #expect(try #require(compileError("item | map()")).offset == 11)
        #expect(try #require(compileError("item | map(it, 2)")).hint?.contains("takes one expression") == true)
    }

    /// Seeded random arrays: the functions agree with each other on every input.
    @Test func randomListsKeepTheFunctionsConsistent() throws {
        var generator = SeededGenerator(seed: 2026)
        let checks = try [
            "(item | count(it)) == (item | filter(it) | size)",
            "(item | map(it)) == item",
            "(item | sort_by(it) | size) == (item | size)",
            "(item | find(it)) == (item | filter(it) | first)",
            "(item | filter(it.k0 ?? it) | size) + (item | filter(not (it.k0 ?? it)) | size) == (item | size)",
            "(item | min) == (item | sort_by(it) | first) or (item | min) == null",
        ].map { try compiler.compile($0) }
        for _ in 0..<1500 {
            var elements: [JSON] = []
            for _ in 0..<Int.random(in: 0...6, using: &generator) { elements.append(randomJSON(using: &generator)) }
            let list = JSON.array(elements)
            for check in checks {
                #expect(check.evaluate([list]) == true, "\(check.source) on \(list.jsonText)")
            }
        }
    }

    // MARK: Arithmetic and pipes

    @Test func arithmeticBindsTighterThanAPipe() throws {
        // Minor units to money: (1990 / 100) | money('EUR'), not 1990 / (100 | money('EUR')).
        #expect(try evaluate("item.price / 100 | money('EUR')", item: ["price": 1990]) == "19.90 €")
        #expect(try evaluate("item.a + item.b | to_string", item: ["a": 1, "b": 2]) == "3")
        #expect(try evaluate("item.price / 100 | money('EUR') == '19.90 €'", item: ["price": 1990]) == true)
        #expect(try evaluate("item.a ?? 4 * 2", item: [:]) == 8)
    }

    @Test func arithmeticAfterAFilterIsAnErrorThatShowsTheParentheses() throws {
        let error = try #require(compileError("item.price | to_number * 100"))
        #expect(error.message.contains("arithmetic after a filter"))
        #expect(error.hint?.contains("(value | to_number) * 100") == true)
        #expect(error.offset == 23)
        #expect(try evaluate("(item.price | to_number) * 100", item: ["price": "2"]) == 200)
    }
}

/// JSON-LD keys (`@id`, `hydra:member`) are read with brackets, and the errors say so.
@Suite struct BracketHintTests {
    @Test func aColonAfterAPathSuggestsTheBracketForm() throws {
        let error = try #require(compileError("item.hydra:member"))
        #expect(error.message == "unexpected ':' after a path")
        #expect(error.offset == 10)
        #expect(error.hint?.contains("write ['hydra:member'] instead of .hydra:member") == true)
        let nested = try #require(compileError("(item.hydra:member | first).name"))
        #expect(nested.hint?.contains("['hydra:member']") == true)
    }

    @Test func anAtSignSuggestsTheBracketForm() throws {
        let error = try #require(compileError("item.@id"))
        #expect(error.hint?.contains("write ['@id'] instead of .@id") == true)
        let bare = try #require(compileError("item['x'] ?? @type"))
        #expect(bare.hint?.contains("['@type']") == true)
    }

    @Test func theBracketFormReadsThem() throws {
        let item: JSON = ["@id": "/api/p/1", "hydra:member": [["@type": "Product"]]]
        #expect(try evaluate("item['@id']", item: item) == "/api/p/1")
        #expect(try evaluate("item['hydra:member'][0]['@type']", item: item) == "Product")
        #expect(try evaluate("\"{item['@id']}\"", item: item) == "/api/p/1")
    }
}
