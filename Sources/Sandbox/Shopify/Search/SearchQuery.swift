/// Shopify's search syntax, as accepted by the `query:` argument of `products` and
/// `collections`: free text, `"quoted phrases"`, `field:value` (with `*` suffix wildcards and
/// `>`, `<`, `>=`, `<=` comparisons), implicit AND, `AND`, `OR`, `NOT`, `-term` and parentheses.
///
/// Parsing never fails: like Shopify, text that is not well formed is read leniently as free text.
indirect enum SearchExpression: Equatable, Sendable {
    case matchAll
    case term(SearchTerm)
    case not(SearchExpression)
    case and([SearchExpression])
    case or([SearchExpression])
}

/// One search condition: free text (no field) or a field filter.
struct SearchTerm: Equatable, Sendable {
    enum Comparison: String, Equatable, Sendable {
        case equal = ":"
        case greater = ":>"
        case greaterOrEqual = ":>="
        case less = ":<"
        case lessOrEqual = ":<="
    }

    /// Lowercased field name; nil for free text.
    var field: String?
    var comparison: Comparison
    /// The value with quotes and escapes removed and without the wildcard star.
    var value: String
    /// True when the value came from a quoted phrase.
    var isPhrase: Bool
    /// True when the value ended with an unquoted `*`.
    var isPrefix: Bool
    /// `value` folded (lowercased, accents removed), and its words; filled in by `CompiledSearch`.
    var foldedValue = ""
    var foldedWords: [String] = []

    init(field: String?, comparison: Comparison, value: String, isPhrase: Bool, isPrefix: Bool) {
        self.field = field
        self.comparison = comparison
        self.value = value
        self.isPhrase = isPhrase
        self.isPrefix = isPrefix
    }
}

enum SearchQueryParser {
    /// Deeper parentheses are read as plain grouping-free text, so hostile input cannot exhaust
    /// the stack.
    static let maximumNesting = 32

    static func parse(_ text: String) -> SearchExpression {
        var parser = TokenParser(tokens: SearchTokenizer.tokens(of: text))
        return parser.parseQuery()
    }
}

/// The lexical pieces of a search query.
enum SearchToken: Equatable {
    case openParenthesis
    case closeParenthesis
    case and
    case or
    case not
    case term(SearchTerm)
}

enum SearchTokenizer {
    static func tokens(of text: String) -> [SearchToken] {
        var tokens: [SearchToken] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "(" {
                tokens.append(.openParenthesis)
                index += 1
            } else if character == ")" {
                tokens.append(.closeParenthesis)
                index += 1
            } else if character == "\"" {
                let phrase = readQuoted(characters, from: &index)
                tokens.append(.term(SearchTerm(field: nil, comparison: .equal, value: phrase, isPhrase: true, isPrefix: false)))
            } else {
                var negated = false
                if character == "-", index + 1 < characters.count, !characters[index + 1].isWhitespace {
                    negated = true
                    index += 1
                }
                guard let token = readWord(characters, from: &index) else { continue }
                if negated {
                    tokens.append(.not)
                    tokens.append(token)
                } else {
                    tokens.append(token)
                }
            }
        }
        return tokens
    }

    /// Reads `"…"` starting at the opening quote; a backslash escapes the next character. An
    /// unterminated phrase runs to the end of the text.
    private static func readQuoted(_ characters: [Character], from index: inout Int) -> String {
        var value = ""
        index += 1
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count {
                value.append(characters[index + 1])
                index += 2
            } else if character == "\"" {
                index += 1
                return value
            } else {
                value.append(character)
                index += 1
            }
        }
        return value
    }

    /// Reads a bare word, `field:value` or `field:"quoted value"`.
    private static func readWord(_ characters: [Character], from index: inout Int) -> SearchToken? {
        var word = ""
        var field: String?
        var comparison = SearchTerm.Comparison.equal
        var quotedValue: String?
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace || character == "(" || character == ")" { break }
            if character == "\\", index + 1 < characters.count {
                word.append(characters[index + 1])
                index += 2
                continue
            }
            if character == ":", field == nil, isFieldName(word) {
                field = word.lowercased()
                word = ""
                index += 1
                for candidate in [SearchTerm.Comparison.greaterOrEqual, .lessOrEqual, .greater, .less] {
                    let operatorText = Array(candidate.rawValue.dropFirst())
                    if index + operatorText.count <= characters.count,
                        Array(characters[index..<(index + operatorText.count)]) == operatorText
                    {
                        comparison = candidate
                        index += operatorText.count
                        break
                    }
                }
                if index < characters.count, characters[index] == "\"" {
                    quotedValue = readQuoted(characters, from: &index)
                    break
                }
                continue
            }
            word.append(character)
            index += 1
        }
        if field == nil, quotedValue == nil {
            switch word {
            case "AND": return .and
            case "OR": return .or
            case "NOT": return .not
            default: break
            }
        }
        if let quotedValue {
            return .term(SearchTerm(field: field, comparison: comparison, value: quotedValue, isPhrase: true, isPrefix: false))
        }
        let isPrefix = word.hasSuffix("*")
        let value = isPrefix ? String(word.dropLast()) : word
        if field == nil, value.isEmpty, !isPrefix { return nil }
        return .term(SearchTerm(field: field, comparison: comparison, value: value, isPhrase: false, isPrefix: isPrefix))
    }

    private static func isFieldName(_ word: String) -> Bool {
        guard let first = word.first, first.isLetter, first.isASCII else { return false }
        return word.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" || $0 == "." }
    }
}

/// Recursive descent over tokens: OR binds loosest, then AND (explicit or implied), then NOT.
private struct TokenParser {
    let tokens: [SearchToken]
    var position = 0
    var nesting = 0

    init(tokens: [SearchToken]) {
        self.tokens = tokens
    }

    mutating func parseQuery() -> SearchExpression {
        var parts: [SearchExpression] = []
        while position < tokens.count {
            if tokens[position] == .closeParenthesis {
                position += 1  // A stray closing parenthesis is ignored.
                continue
            }
            parts.append(parseOr())
        }
        return SearchExpression.allOf(parts)
    }

    private mutating func parseOr() -> SearchExpression {
        // Empty alternatives ("foo OR", "OR foo") are dropped rather than matching everything.
        var alternatives: [SearchExpression] = []
        var start = position
        let first = parseAnd()
        if position > start { alternatives.append(first) }
        while position < tokens.count, tokens[position] == .or {
            position += 1
            start = position
            let next = parseAnd()
            if position > start { alternatives.append(next) }
        }
        return alternatives.isEmpty ? .matchAll : SearchExpression.anyOf(alternatives)
    }

    private mutating func parseAnd() -> SearchExpression {
        var conjuncts: [SearchExpression] = []
        while position < tokens.count {
            switch tokens[position] {
            case .or, .closeParenthesis:
                return SearchExpression.allOf(conjuncts)
            case .and:
                position += 1
            default:
                conjuncts.append(parseUnary())
            }
        }
        return SearchExpression.allOf(conjuncts)
    }

    private mutating func parseUnary() -> SearchExpression {
        guard position < tokens.count else { return .matchAll }
        switch tokens[position] {
        case .not:
            position += 1
            // A NOT with nothing after it is ignored.
            guard position < tokens.count, ![.closeParenthesis, .or, .and].contains(tokens[position]) else {
                return .matchAll
            }
            return .not(parseUnary())
        case .openParenthesis:
            position += 1
            guard nesting < SearchQueryParser.maximumNesting else { return .matchAll }
            nesting += 1
            let inner = parseOr()
            nesting -= 1
            if position < tokens.count, tokens[position] == .closeParenthesis { position += 1 }
            return inner
        case .term(let term):
            position += 1
            return .term(term)
        case .and, .or, .closeParenthesis:
            position += 1
            return .matchAll
        }
    }
}

extension SearchExpression {
    /// A conjunction without its neutral parts (`matchAll`).
    static func allOf(_ parts: [SearchExpression]) -> SearchExpression {
        let meaningful = parts.filter { $0 != .matchAll }
        switch meaningful.count {
        case 0: return .matchAll
        case 1: return meaningful[0]
        default: return .and(meaningful)
        }
    }

    /// A disjunction; one part that matches everything makes the whole match everything.
    static func anyOf(_ parts: [SearchExpression]) -> SearchExpression {
        if parts.isEmpty || parts.contains(.matchAll) { return .matchAll }
        return parts.count == 1 ? parts[0] : .or(parts)
    }

    /// The expression with the terms `keep` rejects removed as if never written (Shopify ignores
    /// unknown search fields and reports them as warnings), and the rejected terms.
    func pruned(keeping keep: (SearchTerm) -> Bool) -> (expression: SearchExpression, ignored: [SearchTerm]) {
        var ignored: [SearchTerm] = []
        func prune(_ expression: SearchExpression) -> SearchExpression {
            switch expression {
            case .matchAll:
                return .matchAll
            case .term(let term):
                if keep(term) { return expression }
                ignored.append(term)
                return .matchAll
            case .not(let inner):
                let kept = prune(inner)
                return kept == .matchAll ? .matchAll : .not(kept)
            case .and(let parts):
                return .allOf(parts.map(prune))
            case .or(let parts):
                return .anyOf(parts.map(prune))
            }
        }
        let expression = prune(self)
        return (expression, ignored)
    }
}
