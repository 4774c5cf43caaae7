/// Word and value matching shared by product and collection search; all inputs are folded
/// (lowercased, accents removed) beforehand.
enum SearchMatching {
    /// True when `query` occurs as consecutive words of `words`. The last query word may be a
    /// prefix of the document word when `lastIsPrefix` is set ("rob" finds "robe").
    static func containsPhrase(_ query: [String], in words: [String], lastIsPrefix: Bool) -> Bool {
        guard !query.isEmpty else { return true }
        guard words.count >= query.count else { return false }
        for start in 0...(words.count - query.count) {
            var matched = true
            for (offset, queryWord) in query.enumerated() {
                let word = words[start + offset]
                let isLast = offset == query.count - 1
                if isLast && lastIsPrefix ? !word.hasPrefix(queryWord) : word != queryWord {
                    matched = false
                    break
                }
            }
            if matched { return true }
        }
        return false
    }

    /// Whole-value equality, or a prefix test for `value*`; an empty prefix means "has a value".
    static func matchesValue(_ candidate: String, _ value: String, isPrefix: Bool) -> Bool {
        if isPrefix { return !candidate.isEmpty && candidate.hasPrefix(value) }
        return candidate == value
    }

    /// Compares two values that sort as text (ISO dates) according to `comparison`; equality
    /// means "starts with", so `created_at:2024-01-15` matches any time that day.
    static func compareText(_ candidate: String, _ value: String, _ comparison: SearchTerm.Comparison) -> Bool {
        switch comparison {
        case .equal: return candidate.hasPrefix(value)
        case .greater: return candidate > value && !candidate.hasPrefix(value)
        case .greaterOrEqual: return candidate >= value
        case .less: return candidate < value
        case .lessOrEqual: return candidate < value || candidate.hasPrefix(value)
        }
    }

    /// Compares integers according to `comparison`; a value that is not a number matches nothing.
    static func compareNumber(_ candidate: Int, _ value: Int?, _ comparison: SearchTerm.Comparison) -> Bool {
        guard let value else { return false }
        switch comparison {
        case .equal: return candidate == value
        case .greater: return candidate > value
        case .greaterOrEqual: return candidate >= value
        case .less: return candidate < value
        case .lessOrEqual: return candidate <= value
        }
    }

    /// The numeric id of `8000000001` or `gid://shopify/Product/8000000001`.
    static func numericID(_ value: String) -> Int? {
        Int(value.split(separator: "/").last.map(String.init) ?? value)
    }
}

extension SearchExpression {
    /// Evaluates the expression with `match` deciding each term.
    func evaluate(_ match: (SearchTerm) -> Bool) -> Bool {
        switch self {
        case .matchAll: return true
        case .term(let term): return match(term)
        case .not(let inner): return !inner.evaluate(match)
        case .and(let parts): return parts.allSatisfy { $0.evaluate(match) }
        case .or(let parts): return parts.contains { $0.evaluate(match) }
        }
    }

    /// The expression with every term transformed by `transform`.
    func mappingTerms(_ transform: (SearchTerm) -> SearchTerm) -> SearchExpression {
        switch self {
        case .matchAll: return .matchAll
        case .term(let term): return .term(transform(term))
        case .not(let inner): return .not(inner.mappingTerms(transform))
        case .and(let parts): return .and(parts.map { $0.mappingTerms(transform) })
        case .or(let parts): return .or(parts.map { $0.mappingTerms(transform) })
        }
    }

    /// The free-text terms that count towards relevance (those not under a NOT).
    var positiveFreeTextTerms: [SearchTerm] {
        switch self {
        case .matchAll, .not: return []
        case .term(let term): return term.field == nil ? [term] : []
        case .and(let parts), .or(let parts): return parts.flatMap(\.positiveFreeTextTerms)
        }
    }
}

/// A search warning, reported in `extensions.search` as Shopify does.
struct SearchWarning: Sendable, Equatable {
    let field: String
    let message: String
}

/// A parsed and checked search: the expression to evaluate and the warnings to report.
struct CompiledSearch: Sendable {
    let query: String
    let expression: SearchExpression
    let warnings: [SearchWarning]

    /// Parses `query`, dropping terms on fields `knownFields` does not list (with a warning each)
    /// and empty field terms.
    init(query: String, knownFields: Set<String>) {
        self.query = query
        let parsed = SearchQueryParser.parse(query)
        let (expression, ignored) = parsed.pruned { term in
            guard let field = term.field else { return true }
            return knownFields.contains(field) && (!term.value.isEmpty || term.isPrefix)
        }
        self.expression = expression.mappingTerms { term in
            var folded = term
            folded.foldedValue = TextFolding.fold(term.value)
            folded.foldedWords = TextFolding.words(ofFolded: folded.foldedValue)
            return folded
        }
        var warnings: [SearchWarning] = []
        for term in ignored {
            guard let field = term.field, !knownFields.contains(field) else { continue }
            let warning = SearchWarning(field: field, message: "Invalid search field for this query.")
            if !warnings.contains(warning) { warnings.append(warning) }
        }
        self.warnings = warnings
    }
}
