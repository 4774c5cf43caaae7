import Mapping
import Testing

/// Kinds known before any data arrives: arithmetic or ordering on text a filter made, a text filter
/// on a number, a numeric filter on formatted text. An error when the value is always null (or the
/// comparison always false), a warning when only unless the text reads as a number; nothing on
/// paths into upstream JSON.
@Suite struct StaticKindTests {
    private func findings(_ source: String) throws -> [TypeFinding] {
        try compiler.compile(source).typeFindings
    }

    /// Values an upstream may send, to check that what is called an error is null on every one.
    static let samples: [JSON] = [nil, 0, 12.5, "12.5", "abc", "", true, ["a": 1], [1, "2"], "<b>7</b>"]

    @Test(arguments: [
        (
            "(item.price | money('EUR')) / 100", 28,
            "'/' on the output of 'money' (text that is never a number) is always null: arithmetic takes numbers"
        ),
        ("(item.title | upper) + 1", 21, "'+' on the output of 'upper' (text) is null unless the text reads as a number"),
        ("'abc' * item.n", 6, "'*' on the text 'abc' is always null: arithmetic takes numbers"),
        ("\"{item.a} €\" - 1", 13, "'-' on a double-quoted string (text that is never a number) is always null: arithmetic takes numbers"),
        ("(item.a == 1) * 2", 14, "'*' on a condition (a boolean) is always null: arithmetic takes numbers"),
        ("(item.tags | join(',')) % 2", 24, "'%' on the output of 'join' (text) is null unless the text reads as a number"),
    ])
    func arithmeticOnText(source: String, offset: Int, message: String) throws {
        let found = try findings(source)
        #expect(found.map(\.message) == [message])
        #expect(found.first?.offset == offset)
        #expect(found.first?.isError == message.contains("always"))
        if found.first?.isError == true {
            for sample in Self.samples { #expect(try evaluate(source, item: ["price": sample, "n": sample, "a": sample]) == nil) }
        }
    }

    @Test func plusOnTextSaysHowToBuildText() throws {
        let finding = try #require(try findings("(item.name | trim) + '!'").first)
        #expect(finding.hint == "'+' adds numbers; build text with double quotes: \"{a}{b}\"")
    }

    @Test func orderingTextAgainstANumber() throws {
        let always = try #require(try findings("(item.price | money('EUR')) > 10").first)
        #expect(always.isError)
        #expect(always.message == "'>' between a number and the output of 'money' (text that is never a number) is always false")
        for sample in Self.samples { #expect(try evaluate("(item.price | money('EUR')) > 10", item: ["price": sample]) == false) }
        let unless = try #require(try findings("item.tags | size >= (item.n | trim)").first)
        #expect(!unless.isError)
        #expect(unless.offset == 17)
        #expect(
            try findings("item.tags | filter(it.on) < 3").first?.message
                == "'<' on the output of 'filter' (a list) is always false: only numbers and text are ordered")
    }

    @Test func filtersGivenTheWrongKind() throws {
        let upper = try #require(try findings("item.tags | size | upper").first)
        #expect(upper.isError)
        #expect(upper.message == "filter 'upper' takes text, but gets a number: it gives null")
        #expect(upper.hint == "convert first: '| to_string | upper'")
        #expect(upper.offset == 19)
        #expect(try evaluate("item.tags | size | upper", item: ["tags": [1, 2]]) == nil)

        let money = try #require(try findings("item.p | money('EUR') | money('EUR')").first)
        #expect(money.isError)
        #expect(money.message == "filter 'money' takes a number, but gets text that is never a number: it gives null")
        #expect(try findings("item.p | trim | number(2)").first?.isError == false)
        #expect(try findings("item.name | upper | join(',')").first?.message == "filter 'join' takes a list, but gets text: it gives null")
        #expect(try findings("item.name | lower | count(it.x)").first?.isError == true)
        // Through a list function's body too, at the right place.
        #expect(try findings("item.v | map(it.p | size | trim)").first?.offset == 27)
    }

    /// Operands of every kind, for the soundness checks below.
    static let operands = [
        "item.a", "'abc'", "'12'", "\"{item.a} €\"", "\"{item.a}\"", "3", "true", "null", "[1, 2]", "{'k': 1}", "(item.a | money('EUR'))",
        "(item.a | number(2))", "(item.a | upper)", "(item.a | size)", "(item.a | split(','))", "(item.a == 1)", "(item.a ?? 'x')",
        "(if item.a then 'x' else 2)", "(item.a | default(''))",
    ]

    /// Whatever is called an error is null (or false) on every value the upstream may send.
    @Test func anErrorIsAlwaysNullAtRunTime() throws {
        var errors = 0
        for lhs in Self.operands {
            for rhs in Self.operands {
                for operation in ["+", "-", "*", "/", "%", "<", "<=", ">", ">="] {
                    let source = "\(lhs) \(operation) \(rhs)"
                    let offset = lhs.unicodeScalars.count + 1
                    guard let finding = try findings(source).first(where: { $0.offset == offset }), finding.isError else { continue }
                    errors += 1
                    let expected: JSON = ["+", "-", "*", "/", "%"].contains(operation) ? nil : false
                    for sample in Self.samples { #expect(try evaluate(source, item: ["a": sample]) == expected, "\(source) with a = \(sample)") }
                }
            }
            for filter in ["upper", "trim", "strip_html", "split(',')", "money('EUR')", "number(1)", "join(',')", "sum", "count(it)", "map(it)"] {
                let source = "\(lhs) | \(filter)"
                guard let finding = try findings(source).first(where: { $0.offset == lhs.unicodeScalars.count + 3 }), finding.isError else {
                    continue
                }
                errors += 1
                for sample in Self.samples { #expect(try evaluate(source, item: ["a": sample]) == nil, "\(source) with a = \(sample)") }
            }
        }
        #expect(errors > 300)
    }

    @Test(arguments: [
        // Paths into upstream JSON are unknown: nothing to say.
        "item.price / 100 | money(item.currency)",
        "item.a + item.b",
        "item.title | upper",
        "(item.price | to_number) * 100",
        "if item.n > 0 then item.n * 2 else null",
        // Text against text orders by code point; numbers against numbers; counts are numbers.
        "item.updated | date('iso') > '2024-01-01'",
        "item.v | count(it.on) > 0",
        "(item.v | filter(it.on) | size) * 2",
        "item.tags | join(',') | split(',') | size",
        "item.tags | default([]) | join(',')",
        "item.n | to_string | upper",
        "('12' | to_number) * 2",
        "null | default('x') | upper",
        "item.a == 'x'",
    ])
    func nothingToReportOnWellKindedExpressions(source: String) throws {
        #expect(try findings(source) == [])
    }
}
