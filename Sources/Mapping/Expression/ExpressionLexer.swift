/// Splits expression source into tokens on demand (the parser asks for the token at a position,
/// which lets it step into and out of double-quoted strings).
struct ExpressionLexer {
    let scalars: [Unicode.Scalar]

    init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    /// The source text between two offsets.
    func text(from start: Int, to end: Int) -> String {
        var text = String.UnicodeScalarView()
        let upper = min(end, scalars.count)
        if start < upper { text.append(contentsOf: scalars[start..<upper]) }
        return String(text)
    }

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic
    }

    static func isIdentifierContinuation(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || isDigit(scalar)
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x30 && scalar.value <= 0x39
    }

    /// The token starting at or after `position` (whitespace skipped).
    func token(at position: Int) throws(ExpressionError) -> ExpressionToken {
        var index = position
        while index < scalars.count && scalars[index].properties.isWhitespace { index += 1 }
        guard index < scalars.count else {
            return ExpressionToken(kind: .end, start: scalars.count, end: scalars.count)
        }
        let start = index
        let scalar = scalars[index]

        if Self.isIdentifierStart(scalar) {
            index += 1
            while index < scalars.count && Self.isIdentifierContinuation(scalars[index]) { index += 1 }
            return ExpressionToken(kind: .identifier(text(from: start, to: index)), start: start, end: index)
        }
        if Self.isDigit(scalar) {
            return try number(at: start)
        }

        func symbol(_ symbol: ExpressionSymbol, length: Int = 1) -> ExpressionToken {
            ExpressionToken(kind: .symbol(symbol), start: start, end: start + length)
        }
        let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
        switch scalar {
        case "'": return try quoted(at: start)
        case "\"": return ExpressionToken(kind: .interpolationStart, start: start, end: start + 1)
        case ".": return symbol(.dot)
        case ",": return symbol(.comma)
        case ":": return symbol(.colon)
        case "(": return symbol(.leftParenthesis)
        case ")": return symbol(.rightParenthesis)
        case "[": return symbol(.leftBracket)
        case "]": return symbol(.rightBracket)
        case "{": return symbol(.leftBrace)
        case "}": return symbol(.rightBrace)
        case "|": return symbol(.pipe)
        case "-": return symbol(.minus)
        case "+": return symbol(.plus)
        case "*": return symbol(.times)
        case "/": return symbol(.divide)
        case "%": return symbol(.remainder)
        case "?":
            if next == "?" { return symbol(.fallback, length: 2) }
            throw ExpressionError(
                message: "unexpected '?'", hint: "use '??' for a fallback, or 'if … then … else …' for a condition", offset: start)
        case "=":
            if next == "=" { return symbol(.equal, length: 2) }
            throw ExpressionError(message: "unexpected '='", hint: "use '==' to compare", offset: start)
        case "!":
            if next == "=" { return symbol(.notEqual, length: 2) }
            throw ExpressionError(message: "unexpected '!'", hint: "use 'not' to negate, or '!=' to compare", offset: start)
        case "<":
            return next == "=" ? symbol(.lessOrEqual, length: 2) : symbol(.less)
        case ">":
            return next == "=" ? symbol(.greaterOrEqual, length: 2) : symbol(.greater)
        case "&":
            throw ExpressionError(message: "unexpected '&'", hint: "use 'and' to combine conditions", offset: start)
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            let shown =
                scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F
                ? "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                : "'\(scalar)'"
            throw ExpressionError(message: "unexpected character \(shown)", hint: bracketHint(at: start), offset: start)
        }
    }

    /// JSON-LD keys (`@id`, `hydra:member`) cannot follow a '.': say how to write them.
    func bracketHint(at offset: Int) -> String? {
        guard offset < scalars.count, scalars[offset] == "@" || scalars[offset] == ":" else { return nil }
        var start = offset
        while start > 0, Self.isKeyCharacter(scalars[start - 1]) { start -= 1 }
        var end = offset
        while end < scalars.count, Self.isKeyCharacter(scalars[end]) { end += 1 }
        let key = String(String.UnicodeScalarView(scalars[start..<end]))
        let dotted = start > 0 && scalars[start - 1] == "."
        return "keys with '@' or ':' are read with brackets: write ['\(key)']" + (dotted ? " instead of .\(key)" : "")
            + ", e.g. item['@id'], response['hydra:member']"
    }

    private static func isKeyCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "@" || scalar == ":" || scalar == "_" || scalar == "-" || scalar.properties.isAlphabetic || isDigit(scalar)
    }

    /// `123`, `12.5`, `1e3`, `2.5E-3`.
    private func number(at start: Int) throws(ExpressionError) -> ExpressionToken {
        var index = start
        func digits() { while index < scalars.count && Self.isDigit(scalars[index]) { index += 1 } }
        digits()
        if index + 1 < scalars.count && scalars[index] == "." && Self.isDigit(scalars[index + 1]) {
            index += 1
            digits()
        }
        if index < scalars.count && (scalars[index] == "e" || scalars[index] == "E") {
            var exponentEnd = index + 1
            if exponentEnd < scalars.count && (scalars[exponentEnd] == "+" || scalars[exponentEnd] == "-") { exponentEnd += 1 }
            if exponentEnd < scalars.count && Self.isDigit(scalars[exponentEnd]) {
                index = exponentEnd
                digits()
            }
        }
        if index < scalars.count && Self.isIdentifierContinuation(scalars[index]) {
            var end = index
            while end < scalars.count && Self.isIdentifierContinuation(scalars[end]) { end += 1 }
            throw ExpressionError(
                message: "invalid number '\(text(from: start, to: end))'",
                hint: "names cannot start with a digit; use ['…'] for such keys", offset: start)
        }
        guard let value = Double(text(from: start, to: index)), value.isFinite else {
            throw ExpressionError(message: "number '\(text(from: start, to: index))' is out of range", offset: start)
        }
        return ExpressionToken(kind: .number(value), start: start, end: index)
    }

    /// `'raw text'`, where only `\'` and `\\` are escapes.
    private func quoted(at start: Int) throws(ExpressionError) -> ExpressionToken {
        var index = start + 1
        var value = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "'" {
                return ExpressionToken(kind: .quoted(String(value)), start: start, end: index + 1)
            }
            if scalar == "\\" && index + 1 < scalars.count && (scalars[index + 1] == "'" || scalars[index + 1] == "\\") {
                value.append(scalars[index + 1])
                index += 2
                continue
            }
            value.append(scalar)
            index += 1
        }
        throw ExpressionError(
            message: "expected \"'\" to close the string opened at character \(start + 1)", hint: nil, offset: scalars.count)
    }
}
