/// Recursive-descent parser from expression source to `ExpressionNode`, lowest precedence first:
///
/// ```
/// expression  := 'if' or 'then' expression ('else' expression)? | or
/// or          := and ('or' and)*
/// and         := not ('and' not)*
/// not         := 'not' not | comparison
/// comparison  := pipe (('=='|'!='|'<'|'<='|'>'|'>=') pipe)?      non-associative
/// pipe        := sum ('|' name ('(' arguments ')')?)*              `a / 100 | money(c)` is `(a / 100) | money(c)`
/// sum         := product (('+'|'-') product)*
/// product     := fallback (('*'|'/'|'%') fallback)*
/// fallback    := postfix ('??' postfix)*
/// postfix     := primary ('.' name | '[' expression ']')*
/// primary     := variable | number | '-' number | true | false | null | 'text' | "text {expr}"
///              | '[' (expression (',' expression)*)? ']' | '{' (key ':' expression (',' …)*)? '}'
///              | '(' expression ')'
/// ```
///
/// Nesting is limited to `maximumDepth` levels so hostile input gets an error, not a stack overflow.
struct ExpressionParser {
    static let maximumDepth = 64

    private let lexer: ExpressionLexer
    private var slots: [String: Int]
    private let variableNames: [String]
    /// How many list-function arguments (`filter(…)`) enclose the current token: each binds `it`
    /// to a slot of its own after the variables.
    private var elementDepth = 0
    private let knownKeys: [String: KnownKeys]
    private var token: ExpressionToken
    /// The token before `token`, for "expected a value after '|'" messages.
    private var previous: ExpressionToken?
    private var depth = 0
    /// Slots of the variables the expression reads.
    private(set) var referencedSlots: Set<Int> = []
    /// Kind mismatches (`(price | money(c)) * 2`): reported by the loader, the expression still compiles.
    private(set) var typeFindings: [TypeFinding] = []

    init(source: String, slots: [String: Int], variableNames: [String], knownKeys: [String: KnownKeys] = [:]) {
        lexer = ExpressionLexer(scalars: Array(source.unicodeScalars))
        self.slots = slots
        self.variableNames = variableNames
        self.knownKeys = knownKeys
        token = ExpressionToken(kind: .end, start: 0, end: 0)
    }

    // MARK: Entry

    mutating func parseWholeExpression() throws(ExpressionError) -> ExpressionNode {
        token = try lexer.token(at: 0)
        if token.kind == .end {
            throw ExpressionError(message: "empty expression, expected a value", offset: token.start)
        }
        let node = try parseExpression()
        guard token.kind == .end else { throw trailingTokenError() }
        return node
    }

    private func trailingTokenError() -> ExpressionError {
        switch token.kind {
        case .symbol(.rightParenthesis):
            return ExpressionError(message: "unexpected ')' without a matching '('", offset: token.start)
        case .symbol(.rightBracket):
            return ExpressionError(message: "unexpected ']' without a matching '['", offset: token.start)
        case .symbol(.rightBrace):
            return ExpressionError(message: "unexpected '}' without a matching '{'", offset: token.start)
        case .symbol(.comma):
            return ExpressionError(
                message: "unexpected ','", hint: "commas separate filter arguments and array elements", offset: token.start)
        case .symbol(.colon) where previous.map({ if case .identifier = $0.kind { true } else { false } }) ?? false:
            return ExpressionError(message: "unexpected ':' after a path", hint: lexer.bracketHint(at: token.start), offset: token.start)
        default:
            return ExpressionError(
                message: "unexpected \(describe(token)) after the end of the expression",
                hint: "combine values with '??' (fallback) or '|' (filter), or put text inside quotes",
                offset: token.start)
        }
    }

    // MARK: Token helpers

    private mutating func advance() throws(ExpressionError) {
        previous = token
        token = try lexer.token(at: token.end)
    }

    private func describe(_ token: ExpressionToken) -> String {
        switch token.kind {
        case .end:
            return "end of expression"
        default:
            var text = lexer.text(from: token.start, to: token.end)
            if text.unicodeScalars.count > 24 { text = String(text.unicodeScalars.prefix(24)) + "…" }
            return "'\(text)'"
        }
    }

    /// " after 'X'" naming the previous token, when there is one.
    private var afterPrevious: String {
        guard let previous else { return "" }
        return " after \(describe(previous))"
    }

    private mutating func enterNesting() throws(ExpressionError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw ExpressionError(
                message: "expression nests too deeply (more than \(Self.maximumDepth) levels)", offset: token.start)
        }
    }

    private func isKeyword(_ word: String) -> Bool { token.isWord(word) }

    // MARK: Grammar

    private mutating func parseExpression() throws(ExpressionError) -> ExpressionNode {
        try enterNesting()
        defer { depth -= 1 }
        if isKeyword("if") { return try parseConditional() }
        return try parseOr()
    }

    private mutating func parseConditional() throws(ExpressionError) -> ExpressionNode {
        let ifToken = token
        try advance()
        let condition = try parseOr()
        guard isKeyword("then") else {
            var hint: String? = nil
            if case .identifier(let word) = token.kind, Suggestion.closest(to: word, among: ["then"]) != nil {
                hint = "did you mean 'then'?"
            }
            throw ExpressionError(
                message: "expected 'then' after the condition of 'if' at \(ifToken.start)", hint: hint, offset: token.start)
        }
        try advance()
        let then = try parseExpression()
        var otherwise = ExpressionNode.literal(.null)
        if isKeyword("else") {
            try advance()
            otherwise = try parseExpression()
        } else if case .identifier(let word) = token.kind, Suggestion.closest(to: word, among: ["else"]) != nil {
            throw ExpressionError(
                message: "unexpected \(describe(token)) after the 'then' branch", hint: "did you mean 'else'?", offset: token.start)
        }
        if let value = condition.literalValue {
            return value.isTruthy ? then : otherwise
        }
        return .condition(condition, then: then, else: otherwise)
    }

    private mutating func parseOr() throws(ExpressionError) -> ExpressionNode {
        var operands = [try parseAnd()]
        while isKeyword("or") {
            try advance()
            operands.append(try parseAnd())
        }
        return operands.count == 1 ? operands[0] : ExpressionNode.or(operands).folded()
    }

    private mutating func parseAnd() throws(ExpressionError) -> ExpressionNode {
        var operands = [try parseNot()]
        while isKeyword("and") {
            try advance()
            operands.append(try parseNot())
        }
        return operands.count == 1 ? operands[0] : ExpressionNode.and(operands).folded()
    }

    private mutating func parseNot() throws(ExpressionError) -> ExpressionNode {
        guard isKeyword("not") else { return try parseComparison() }
        try enterNesting()
        defer { depth -= 1 }
        try advance()
        return ExpressionNode.not(try parseNot()).folded()
    }

    private mutating func parseComparison() throws(ExpressionError) -> ExpressionNode {
        let lhs = try parsePipe()
        guard case .symbol(let symbol) = token.kind, let comparison = symbol.comparison else { return lhs }
        let operatorStart = token.start
        try advance()
        let rhs = try parsePipe()
        if let finding = StaticKind.checkOrdering(comparison, lhs, rhs, at: operatorStart) { typeFindings.append(finding) }
        if case .symbol(let next) = token.kind, next.comparison != nil {
            throw ExpressionError(
                message: "comparison operators cannot be chained",
                hint: "combine comparisons with 'and', e.g. 'a < b and b < c'", offset: token.start)
        }
        return ExpressionNode.comparison(comparison, lhs, rhs).folded()
    }

    private mutating func parseSum() throws(ExpressionError) -> ExpressionNode {
        var lhs = try parseProduct()
        while case .symbol(let symbol) = token.kind, symbol == .plus || symbol == .minus, let operation = symbol.arithmetic {
            let operatorStart = token.start
            try advance()
            lhs = arithmetic(operation, lhs, try parseProduct(), at: operatorStart)
        }
        return lhs
    }

    private mutating func parseProduct() throws(ExpressionError) -> ExpressionNode {
        var lhs = try parseFallback()
        while case .symbol(let symbol) = token.kind, symbol == .times || symbol == .divide || symbol == .remainder,
            let operation = symbol.arithmetic
        {
            let operatorStart = token.start
            try advance()
            lhs = arithmetic(operation, lhs, try parseFallback(), at: operatorStart)
        }
        return lhs
    }

    /// The operation, its kinds checked before constant folding hides them.
    private mutating func arithmetic(
        _ operation: ArithmeticOperator, _ lhs: ExpressionNode, _ rhs: ExpressionNode, at offset: Int
    ) -> ExpressionNode {
        if let finding = StaticKind.checkArithmetic(operation, lhs, rhs, at: offset) { typeFindings.append(finding) }
        return ExpressionNode.arithmetic(operation, lhs, rhs).folded()
    }

    private mutating func parsePipe() throws(ExpressionError) -> ExpressionNode {
        let input = try parseSum()
        var calls: [ExpressionNode.FilterCall] = []
        var kind = StaticKind.of(input)
        while token.isSymbol(.pipe) {
            try advance()
            let nameStart = token.start
            let call = try parseFilterCall()
            if let finding = StaticKind.checkFilter(call, given: kind, at: nameStart) { typeFindings.append(finding) }
            kind = call.outputKind(given: kind)
            calls.append(call)
            // `a | to_number * 100` would read as filtering by `to_number * 100`: say where the parentheses go.
            if case .symbol(let symbol) = token.kind, symbol.arithmetic != nil {
                throw ExpressionError(
                    message: "arithmetic after a filter: '|' applies to everything before it, so \(describe(token)) here is ambiguous",
                    hint: "put the filtered value in parentheses, e.g. '(value | to_number) \(describe(token).dropFirst().dropLast()) 100'",
                    offset: token.start)
            }
        }
        return calls.isEmpty ? input : ExpressionNode.pipe(input: input, filters: calls).folded()
    }

    /// `name` or `name(arguments)` after a `|`.
    private mutating func parseFilterCall() throws(ExpressionError) -> ExpressionNode.FilterCall {
        guard case .identifier(let name) = token.kind else {
            switch token.kind {
            case .end:
                throw ExpressionError(message: "unexpected end of expression, expected a filter name after '|'", offset: token.start)
            case .symbol(.pipe):
                throw ExpressionError(
                    message: "unexpected '|', expected a filter name", hint: "use 'or' to combine conditions", offset: token.start)
            default:
                throw ExpressionError(message: "expected a filter name after '|', found \(describe(token))", offset: token.start)
            }
        }
        let nameToken = token
        if let operation = ListOperation(rawValue: name) { return try parseListCall(operation) }
        guard let definition = FilterRegistry.definition(named: name) else {
            var hint: String?
            let names = FilterRegistry.byName.keys.sorted() + ListOperation.allCases.map(\.rawValue)
            if let suggestion = Suggestion.closest(to: name, among: names) {
                hint = "did you mean '\(suggestion)'?"
            }
            throw ExpressionError(message: "unknown filter '\(name)'", hint: hint, offset: nameToken.start)
        }
        try advance()

        var arguments: [ExpressionNode] = []
        var argumentStarts: [Int] = []
        if token.isSymbol(.leftParenthesis) {
            let open = token
            try advance()
            if token.isSymbol(.rightParenthesis) {
                try advance()
            } else {
                while true {
                    argumentStarts.append(token.start)
                    arguments.append(try parseExpression())
                    if token.isSymbol(.comma) {
                        try advance()
                        continue
                    }
                    guard token.isSymbol(.rightParenthesis) else {
                        throw ExpressionError(
                            message: "expected ')' to close '(' at character \(open.start + 1)",
                            hint: token.kind == .end ? nil : "separate arguments with ','", offset: token.start)
                    }
                    try advance()
                    break
                }
            }
        }

        if !definition.arity.contains(arguments.count) {
            let message = "filter '\(name)' takes \(definition.arityDescription), got \(arguments.count)"
            let offset = arguments.count > definition.parameters.count ? argumentStarts[definition.parameters.count] : nameToken.start
            throw ExpressionError(message: message, hint: "usage: \(definition.signature)", offset: offset)
        }
        for (index, argument) in arguments.enumerated() {
            guard let value = argument.literalValue else { continue }
            let parameter = definition.parameters[index]
            if let expected = parameter.kind.problem(with: value) {
                throw ExpressionError(
                    message: "filter '\(name)' expects \(parameter.name) to be \(expected), found \(Self.describeLiteral(value))",
                    hint: "usage: \(definition.signature)", offset: argumentStarts[index])
            }
        }
        return ExpressionNode.FilterCall(definition: definition, arguments: arguments)
    }

    /// `filter(predicate)` and its kin: the argument is parsed with `it` naming the element.
    private mutating func parseListCall(_ operation: ListOperation) throws(ExpressionError) -> ExpressionNode.FilterCall {
        let nameToken = token
        try advance()
        guard token.isSymbol(.leftParenthesis) else {
            throw ExpressionError(
                message: "'\(operation.rawValue)' needs an expression in parentheses, read once per element as 'it'",
                hint: "usage: \(operation.usage)", offset: token.kind == .end ? nameToken.end : token.start)
        }
        let open = token
        try advance()
        if token.isSymbol(.rightParenthesis) {
            throw ExpressionError(
                message: "'\(operation.rawValue)' needs an expression in parentheses, read once per element as 'it'",
                hint: "usage: \(operation.usage)", offset: token.start)
        }
        let slot = variableNames.count + elementDepth
        let outer = slots[ListOperation.elementName]
        slots[ListOperation.elementName] = slot
        elementDepth += 1
        let body: ExpressionNode
        do {
            body = try parseExpression()
        } catch {
            elementDepth -= 1
            slots[ListOperation.elementName] = outer
            throw error
        }
        elementDepth -= 1
        slots[ListOperation.elementName] = outer
        guard token.isSymbol(.rightParenthesis) else {
            throw ExpressionError(
                message: "expected ')' to close '(' at character \(open.start + 1)",
                hint: token.isSymbol(.comma) ? "'\(operation.rawValue)' takes one expression" : nil, offset: token.start)
        }
        try advance()
        return ExpressionNode.FilterCall(list: operation, body: body, slot: slot)
    }

    private static func describeLiteral(_ value: JSON) -> String {
        switch value {
        case .string(let text): return "'\(text)'"
        case .number(let number): return NumberText.shortest(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: return value.kindName
        }
    }

    private mutating func parseFallback() throws(ExpressionError) -> ExpressionNode {
        var operands = [try parsePostfix()]
        while token.isSymbol(.fallback) {
            try advance()
            operands.append(try parsePostfix())
        }
        guard operands.count > 1 else { return operands[0] }
        // Literal nulls can never be chosen; a literal non-null ends the chain.
        var kept: [ExpressionNode] = []
        for operand in operands {
            if let value = operand.literalValue {
                if value.isNull { continue }
                kept.append(operand)
                break
            }
            kept.append(operand)
        }
        if kept.isEmpty { return .literal(.null) }
        return kept.count == 1 ? kept[0] : ExpressionNode.fallback(kept).folded()
    }

    private mutating func parsePostfix() throws(ExpressionError) -> ExpressionNode {
        let base = try parsePrimary()
        var steps: [ExpressionNode.PathStep] = []
        var firstStepOffset = token.start
        while true {
            if steps.isEmpty { firstStepOffset = token.start }
            if token.isSymbol(.dot) {
                try advance()
                if steps.isEmpty { firstStepOffset = token.start }
                guard case .identifier(let name) = token.kind else {
                    let hint = if case .number = token.kind { "use [0] to index an array, or ['key'] for other keys" } else { nil as String? }
                    throw ExpressionError(
                        message: token.kind == .end
                            ? "unexpected end of expression, expected a field name after '.'"
                            : "expected a field name after '.', found \(describe(token))",
                        hint: hint, offset: token.start)
                }
                steps.append(.key(name))
                try advance()
            } else if token.isSymbol(.leftBracket) {
                let open = token
                try advance()
                if token.isSymbol(.rightBracket) {
                    throw ExpressionError(message: "expected an index or a key inside '[]'", offset: token.start)
                }
                let innerStart = token.start
                let inner = try parseExpression()
                guard token.isSymbol(.rightBracket) else {
                    throw ExpressionError(message: "expected ']' to close '[' at character \(open.start + 1)", offset: token.start)
                }
                try advance()
                steps.append(try pathStep(for: inner, at: innerStart))
            } else {
                break
            }
        }
        // `response.hydra:member`: a JSON-LD key, wherever the path stands.
        if !steps.isEmpty, token.isSymbol(.colon), token.start == previous?.end {
            throw ExpressionError(message: "unexpected ':' after a path", hint: lexer.bracketHint(at: token.start), offset: token.start)
        }
        guard !steps.isEmpty else { return base }
        if case .variable(let slot, let path) = base {
            if path.isEmpty { try checkKnownKey(steps[0], of: slot, at: firstStepOffset) }
            return .variable(slot: slot, path: path + steps)
        }
        return ExpressionNode.path(base: base, steps: steps).folded()
    }

    /// `params.searchquery` (for `searchQuery`) is an error here, not a null at every call.
    private func checkKnownKey(_ step: ExpressionNode.PathStep, of slot: Int, at offset: Int) throws(ExpressionError) {
        guard case .key(let key) = step, slot < variableNames.count, let known = knownKeys[variableNames[slot]],
            !known.names.contains(key)
        else { return }
        let variable = variableNames[slot]
        let hint: String
        if let suggestion = Suggestion.closest(to: key, among: known.names) {
            hint = "did you mean '\(suggestion)'?"
        } else if known.names.isEmpty {
            hint = known.advice ?? "'\(variable)' holds nothing here"
        } else {
            hint = "'\(variable)' here: \(known.names.joined(separator: ", "))" + (known.advice.map { "; \($0)" } ?? "")
        }
        throw ExpressionError(message: "unknown \(known.noun) '\(key)' in '\(variable)'", hint: hint, offset: offset)
    }

    private func pathStep(for inner: ExpressionNode, at offset: Int) throws(ExpressionError) -> ExpressionNode.PathStep {
        guard let value = inner.literalValue else { return .computed(inner) }
        switch value {
        case .string(let key):
            return .key(key)
        case .number(let number):
            guard let index = Int(exactly: number) else {
                throw ExpressionError(message: "an index must be a whole number, found \(NumberText.shortest(number))", offset: offset)
            }
            return .index(index)
        default:
            throw ExpressionError(
                message: "expected a number index or a string key inside '[]', found \(value.kindName)", offset: offset)
        }
    }

    private mutating func parsePrimary() throws(ExpressionError) -> ExpressionNode {
        switch token.kind {
        case .number(let value):
            try advance()
            return .literal(.number(value))
        case .quoted(let text):
            try advance()
            return .literal(.string(text))
        case .interpolationStart:
            return try parseInterpolatedString()
        case .symbol(.minus):
            try advance()
            guard case .number(let value) = token.kind else {
                throw ExpressionError(message: "expected a number after '-', found \(describe(token))", offset: token.start)
            }
            try advance()
            return .literal(.number(-value))
        case .symbol(.leftParenthesis):
            let open = token
            try advance()
            let inner = try parseExpression()
            guard token.isSymbol(.rightParenthesis) else {
                throw ExpressionError(message: "expected ')' to close '(' at character \(open.start + 1)", offset: token.start)
            }
            try advance()
            return inner
        case .symbol(.leftBracket):
            return try parseArrayLiteral()
        case .identifier(let name):
            return try parseName(name)
        case .end:
            throw ExpressionError(message: "unexpected end of expression, expected a value\(afterPrevious)", offset: token.start)
        case .symbol(.leftBrace):
            return try parseObjectLiteral()
        case .symbol:
            throw ExpressionError(message: "unexpected \(describe(token)), expected a value\(afterPrevious)", offset: token.start)
        }
    }

    private mutating func parseName(_ name: String) throws(ExpressionError) -> ExpressionNode {
        switch name {
        case "true":
            try advance()
            return .literal(.bool(true))
        case "false":
            try advance()
            return .literal(.bool(false))
        case "null":
            try advance()
            return .literal(.null)
        case "if":
            throw ExpressionError(
                message: "a condition inside a larger expression must be in parentheses",
                hint: "write '(if … then … else …)'", offset: token.start)
        case "not":
            throw ExpressionError(
                message: "unexpected keyword 'not', expected a value\(afterPrevious)", hint: "write '(not …)' here", offset: token.start)
        case "then", "else", "and", "or":
            throw ExpressionError(message: "unexpected keyword '\(name)', expected a value\(afterPrevious)", offset: token.start)
        default:
            break
        }
        guard let slot = slots[name] else {
            throw unknownVariable(name)
        }
        // `it` (a list function's element) is no variable of the caller's.
        if slot < variableNames.count { referencedSlots.insert(slot) }
        try advance()
        return .variable(slot: slot, path: [])
    }

    private func unknownVariable(_ name: String) -> ExpressionError {
        let start = token.start
        var hint: String?
        if name == ListOperation.elementName {
            return ExpressionError(
                message: "'it' is the element of a list, readable only inside filter(…), map(…), count(…), find(…) or sort_by(…)",
                hint: "e.g. item.variants | filter(it.available)", offset: start)
        }
        if let suggestion = Suggestion.closest(to: name, among: variableNames) {
            hint = "did you mean '\(suggestion)'?"
        } else if FilterRegistry.definition(named: name) != nil {
            hint = "'\(name)' is a filter; apply it with '|', e.g. 'value | \(name)'"
        } else if !variableNames.isEmpty {
            hint = "expressions start with one of: \(variableNames.joined(separator: ", ")); put text inside quotes"
        }
        return ExpressionError(message: "unknown variable '\(name)'", hint: hint, offset: start)
    }

    private mutating func parseArrayLiteral() throws(ExpressionError) -> ExpressionNode {
        let open = token
        try advance()
        var elements: [ExpressionNode] = []
        if token.isSymbol(.rightBracket) {
            try advance()
            return .literal(.array([]))
        }
        while true {
            elements.append(try parseExpression())
            if token.isSymbol(.comma) {
                try advance()
                continue
            }
            guard token.isSymbol(.rightBracket) else {
                throw ExpressionError(message: "expected ',' or ']' to close '[' at character \(open.start + 1)", offset: token.start)
            }
            try advance()
            return ExpressionNode.array(elements).folded()
        }
    }

    /// `{'key': value, name: value}`: keys are quoted strings or plain names, kept in order.
    private mutating func parseObjectLiteral() throws(ExpressionError) -> ExpressionNode {
        let open = token
        try advance()
        var entries: [(key: String, value: ExpressionNode)] = []
        if token.isSymbol(.rightBrace) {
            try advance()
            return .literal(.object(JSONObject()))
        }
        while true {
            let key: String
            switch token.kind {
            case .quoted(let text): key = text
            case .identifier(let name): key = name
            default:
                throw ExpressionError(
                    message: "expected a key ('name' or name) in the object opened at character \(open.start + 1), found \(describe(token))",
                    hint: "'{…}' outside double quotes builds an object: {'key': value}", offset: token.start)
            }
            try advance()
            guard token.isSymbol(.colon) else {
                throw ExpressionError(message: "expected ':' after the key '\(key)'", offset: token.start)
            }
            try advance()
            entries.append((key, try parseExpression()))
            if token.isSymbol(.comma) {
                try advance()
                continue
            }
            guard token.isSymbol(.rightBrace) else {
                throw ExpressionError(message: "expected ',' or '}' to close '{' at character \(open.start + 1)", offset: token.start)
            }
            try advance()
            return ExpressionNode.object(entries).folded()
        }
    }

    /// Reads a double-quoted string from its opening quote: text with `\"` `\\` `\{` `\}` `\n` `\t`
    /// escapes and `{expression}` parts.
    private mutating func parseInterpolatedString() throws(ExpressionError) -> ExpressionNode {
        let openToken = token
        let scalars = lexer.scalars
        var index = openToken.end
        var parts: [ExpressionNode.InterpolationPart] = []
        var text = String.UnicodeScalarView()

        func flush() {
            if !text.isEmpty {
                parts.append(.text(String(text)))
                text = String.UnicodeScalarView()
            }
        }

        while true {
            guard index < scalars.count else {
                throw ExpressionError(
                    message: "expected '\"' to close the string opened at character \(openToken.start + 1)", offset: scalars.count)
            }
            let scalar = scalars[index]
            switch scalar {
            case "\"":
                index += 1
            case "\\":
                guard index + 1 < scalars.count else {
                    throw ExpressionError(
                        message: "expected '\"' to close the string opened at character \(openToken.start + 1)", offset: scalars.count)
                }
                switch scalars[index + 1] {
                case "\"", "\\", "{", "}": text.append(scalars[index + 1])
                case "n": text.append("\n")
                case "t": text.append("\t")
                default:
                    throw ExpressionError(
                        message: "invalid escape '\\\(scalars[index + 1])' in a double-quoted string",
                        hint: "escapes are \\\" \\\\ \\{ \\} \\n \\t; single-quoted strings take backslashes as they are",
                        offset: index)
                }
                index += 2
                continue
            case "{":
                flush()
                let braceStart = index
                previous = ExpressionToken(kind: .symbol(.leftBrace), start: index, end: index + 1)
                token = try lexer.token(at: index + 1)
                if token.isSymbol(.rightBrace) {
                    throw ExpressionError(message: "empty interpolation, expected a value inside '{}'", offset: token.start)
                }
                let value = try parseExpression()
                guard token.isSymbol(.rightBrace) else {
                    throw ExpressionError(message: "expected '}' to close '{' at character \(braceStart + 1)", offset: token.start)
                }
                parts.append(.value(value))
                index = token.end
                continue
            case "}":
                throw ExpressionError(
                    message: "unmatched '}' in a string", hint: "write \\} for a literal '}'", offset: index)
            default:
                text.append(scalar)
                index += 1
                continue
            }
            break  // closing quote
        }
        flush()
        previous = ExpressionToken(kind: .interpolationStart, start: openToken.start, end: index)
        token = try lexer.token(at: index)

        if parts.isEmpty { return .literal(.string("")) }
        if parts.count == 1, case .text(let only) = parts[0] { return .literal(.string(only)) }
        return ExpressionNode.interpolation(parts).folded()
    }
}
