/// One token of an expression, with its position in Unicode scalars.
struct ExpressionToken: Sendable {
    enum Kind: Sendable, Equatable {
        case identifier(String)
        case number(Double)
        /// A single-quoted string, escapes already applied.
        case quoted(String)
        /// The opening `"` of a double-quoted string; the parser reads its body itself because
        /// `{…}` parts inside it are expressions.
        case interpolationStart
        case symbol(ExpressionSymbol)
        case end
    }

    let kind: Kind
    /// Offset of the first scalar.
    let start: Int
    /// Offset just past the last scalar.
    let end: Int

    /// Whether this is the identifier `word` (used for keywords).
    func isWord(_ word: String) -> Bool {
        if case .identifier(let name) = kind { return name == word }
        return false
    }

    func isSymbol(_ symbol: ExpressionSymbol) -> Bool {
        kind == .symbol(symbol)
    }
}

/// Punctuation and operators.
enum ExpressionSymbol: String, Sendable {
    case dot = "."
    case comma = ","
    case colon = ":"
    case leftParenthesis = "("
    case rightParenthesis = ")"
    case leftBracket = "["
    case rightBracket = "]"
    case leftBrace = "{"
    case rightBrace = "}"
    case pipe = "|"
    case fallback = "??"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case minus = "-"
    case plus = "+"
    case times = "*"
    case divide = "/"
    case remainder = "%"

    var comparison: ComparisonOperator? {
        ComparisonOperator(rawValue: rawValue)
    }

    var arithmetic: ArithmeticOperator? {
        ArithmeticOperator(rawValue: rawValue)
    }
}

/// The words that cannot name a variable.
enum ExpressionKeyword {
    static let all: Set<String> = ["if", "then", "else", "and", "or", "not", "true", "false", "null"]
}
