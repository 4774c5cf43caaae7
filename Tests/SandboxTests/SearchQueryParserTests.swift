import Testing

@testable import Sandbox

@Suite("Search syntax parser")
struct SearchQueryParserTests {
    private func term(
        _ value: String, field: String? = nil, phrase: Bool = false, prefix: Bool = false,
        comparison: SearchTerm.Comparison = .equal
    ) -> SearchExpression {
        .term(SearchTerm(field: field, comparison: comparison, value: value, isPhrase: phrase, isPrefix: prefix))
    }

    @Test func implicitAndBetweenWords() {
        #expect(SearchQueryParser.parse("red dress") == .and([term("red"), term("dress")]))
    }

    @Test func orBindsLooserThanAnd() {
        #expect(SearchQueryParser.parse("a b OR c") == .or([.and([term("a"), term("b")]), term("c")]))
    }

    @Test func lowercaseOperatorsAreWords() {
        #expect(SearchQueryParser.parse("a or b") == .and([term("a"), term("or"), term("b")]))
    }

    @Test func notMinusAndParentheses() {
        #expect(
            SearchQueryParser.parse("-tag:x NOT (a OR b)")
                == .and([.not(term("x", field: "tag")), .not(.or([term("a"), term("b")]))]))
    }

    @Test func quotedPhrasesKeepEscapesAndOperators() {
        #expect(SearchQueryParser.parse(#""a \"quoted\" OR word""#) == term(#"a "quoted" OR word"#, phrase: true))
        #expect(SearchQueryParser.parse(#"title:"red dress""#) == term("red dress", field: "title", phrase: true))
    }

    @Test func wildcardsAndComparisons() {
        #expect(SearchQueryParser.parse("title:shirt*") == term("shirt", field: "title", prefix: true))
        #expect(SearchQueryParser.parse("id:>=42") == term("42", field: "id", comparison: .greaterOrEqual))
        #expect(SearchQueryParser.parse("Status:ACTIVE") == term("ACTIVE", field: "status"))
    }

    @Test func brokenInputIsReadLeniently() {
        #expect(SearchQueryParser.parse(#""unterminated phrase"#) == term("unterminated phrase", phrase: true))
        #expect(SearchQueryParser.parse(") a (b") == .and([term("a"), term("b")]))
        #expect(SearchQueryParser.parse("a OR") == term("a"))
        #expect(SearchQueryParser.parse("NOT") == .matchAll)
        #expect(SearchQueryParser.parse("") == .matchAll)
    }

    @Test func deepNestingIsBounded() {
        let hostile = String(repeating: "(", count: 100_000) + "x" + String(repeating: ")", count: 100_000)
        #expect(SearchQueryParser.parse(hostile) != .matchAll)
    }

    @Test func unknownFieldsArePrunedWithWarnings() {
        let search = CompiledSearch(query: "foo:1 -bar:2 tag:x", knownFields: ["tag"])
        #expect(search.expression == term("x", field: "tag").foldedForTest)
        #expect(search.warnings.map(\.field) == ["foo", "bar"])
    }
}

extension SearchExpression {
    /// The expression as `CompiledSearch` stores it (values folded).
    var foldedForTest: SearchExpression {
        mappingTerms { term in
            var folded = term
            folded.foldedValue = term.value.lowercased()
            folded.foldedWords = [term.value.lowercased()]
            return folded
        }
    }
}
