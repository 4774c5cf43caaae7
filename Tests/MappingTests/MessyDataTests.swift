import Mapping
import Testing

/// Evaluation must never trap: every filter on every kind of value, with every kind of argument.
@Suite("messy data")
struct MessyDataTests {
    static let samples: [JSON] = [
        .null, true, false, 0, -0.0, 1, -1, 0.5, 1e300, -1e300, .number(.leastNonzeroMagnitude), 1e18, 9007199254740993, .number(.nan),
        .number(.infinity),
        "", " ", "abc", "12.5", "-0.005", "1e999", "😀", "e\u{301}", "👨‍👩‍👧‍👦", "<p>x</p>", "<", "&", "&#", "&#x", "<script>",
        "gid://", "gid://shopify/Product/", "2025-01-31", "2025-01-31T10:20:30Z", "\u{0}", "\\", "\"", "%", "..", ".",
        [], [nil], [1, "a", nil, [2]], [["k": "v"], ["k": nil]], [:], ["k": "v"], ["": ["": []]],
        .string(String(repeating: "long text ", count: 500)),
        .array(Array(repeating: ["availableForSale": true], count: 100)),
    ]

    /// Arguments to try for each parameter slot, including wrong kinds.
    static let argumentSamples: [JSON] = [
        .null, true, 0, -5, 2, 2.5, 1e300, -1e300, .number(.nan), "", "EUR", "eur", "fr", "de-CH", "xx", "iso", "long", "%Y %q %",
        ",", "😀", [], ["a"], ["k": 1],
    ]

    /// Plausible arguments for the filters that take some.
    static let typicalArguments: [String: JSON] = [
        "money": ["EUR", "fr"], "number": [2, "de"], "date": ["long", "fr"], "truncate": [5, "…"], "replace": ["a", "b"],
        "split": [","], "join": [", "], "pluck": ["k"], "slice": [1, 2], "default": ["d"], "concat": [[1]], "contains": ["a"],
    ]

    static func parameterCount(_ filter: FilterDescription) -> Int {
        filter.signature.contains("(") ? filter.signature.split(separator: ",").count : 0
    }

    @Test func everyFilterOnEveryValue() throws {
        for filter in ExpressionCompiler.filters {
            let count = Self.parameterCount(filter)
            let arguments = (0..<count).map { "params[\($0)]" }.joined(separator: ", ")
            let expression = try compiler.compile(count == 0 ? "item | \(filter.name)" : "item | \(filter.name)(\(arguments))")
            let typical = Self.typicalArguments[filter.name] ?? []
            #expect(count == 0 || typical != [], "no typical arguments for \(filter.name)")
            for input in Self.samples {
                let result = expression.evaluate([input, .null, typical])
                #expect(try JSON(parsing: result.encoded()) == result || result.doubleValue?.isFinite == false)
            }
        }
    }

    @Test func everyFilterWithEveryArgumentKind() throws {
        for filter in ExpressionCompiler.filters {
            let parameterCount = Self.parameterCount(filter)
            guard parameterCount > 0 else { continue }
            let arguments = (0..<parameterCount).map { "params[\($0)]" }.joined(separator: ", ")
            let expression = try compiler.compile("item | \(filter.name)(\(arguments))")
            for input in Self.samples.prefix(40) {
                for first in Self.argumentSamples {
                    for second in parameterCount > 1 ? Self.argumentSamples : [.null] {
                        let result = expression.evaluate([input, .null, [first, second]])
                        // Filters never invent NaN or infinities (they may pass given ones through).
                        let givenNonFinite = [input, first, second].contains { $0.doubleValue?.isFinite == false }
                        if case .number(let number) = result, !givenNonFinite { #expect(number.isFinite, "\(filter.name)") }
                    }
                }
            }
        }
    }

    /// Every filter without arguments chained after a missing field, or a string: the chain gives
    /// what the filters give one at a time, and a value that encodes.
    @Test func filtersChainedOnNullStayQuiet() throws {
        let names = ExpressionCompiler.filters.filter { !$0.signature.contains("(") }.map(\.name)
        try #require(names.count >= 10, "\(names)")
        let expression = try compiler.compile("item.missing | \(names.joined(separator: " | "))")
        let steps = try names.map { try compiler.compile("item | \($0)") }
        for input: JSON in [[:], ["missing": "x"], ["missing": nil], ["missing": [1, "a"]]] {
            let chained = expression.evaluate([input])
            let stepwise = steps.reduce(input["missing"] ?? .null) { value, step in step.evaluate([value]) }
            #expect(chained == stepwise, "\(input)")
            #expect(try JSON(parsing: chained.encoded()) == chained, "\(input)")
        }
    }

    @Test func resultsAlwaysEncode() throws {
        let sources = [
            "item | to_string", "item | split('')", "item | slice(0, 2)", "item | join(',')", "\"{item}\"", "[item, item]",
            "item ?? 'x'", "item | sum", "item | size", "item | pluck('k')", "item | to_number",
        ]
        for source in sources {
            let expression = try compiler.compile(source)
            for input in Self.samples {
                let result = expression.evaluate([input])
                let reparsed = try JSON(parsing: result.encoded())
                if case .number(let number) = result, !number.isFinite {
                    #expect(reparsed == .null)
                }
            }
        }
    }
}
