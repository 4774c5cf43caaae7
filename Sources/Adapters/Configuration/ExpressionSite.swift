import Foundation
import Mapping
import Yams

extension ConfigNode {
    /// Compiles this scalar as an expression; a mistake is reported at its exact file position.
    func expression(_ compiler: ExpressionCompiler, _ diagnostics: Diagnostics) -> Mapping.Expression? {
        guard let scalar = scalar(diagnostics) else { return nil }
        // YAML's own null, numbers and booleans are literals of the expression language too.
        let source = isNull ? "null" : scalar.string
        do {
            let expression = try compiler.compile(source)
            report(expression.typeFindings, diagnostics) { location(ofOffset: $0, in: scalar) }
            return expression
        } catch {
            // "Unexpected end" errors point past trailing newlines of block scalars: point at the last character instead.
            let end =
                source.unicodeScalars.lastIndex { !$0.properties.isWhitespace }
                .map { source.unicodeScalars.distance(from: source.unicodeScalars.startIndex, to: $0) + 1 } ?? 0
            let (message, hint) = Self.explainingHiddenVariables(error, compiler)
            diagnostics.error(message, at: location(ofOffset: min(error.offset, end), in: scalar), hint: hint)
            return nil
        }
    }

    /// Kind mismatches: errors when the value is always null, warnings when it only is unless text reads as a number.
    private func report(_ findings: [TypeFinding], _ diagnostics: Diagnostics, at location: (Int) -> SourceLocation) {
        for finding in findings {
            if finding.isError {
                diagnostics.error(finding.message, at: location(finding.offset), hint: finding.hint)
            } else {
                diagnostics.warning(finding.message, at: location(finding.offset), hint: finding.hint)
            }
        }
    }

    /// A variable that exists but is hidden here (see `VariableLayout.compiler(for:)`) gets its own
    /// message, rather than a did-you-mean pointing at its hidden spelling.
    static func explainingHiddenVariables(_ error: ExpressionError, _ compiler: ExpressionCompiler) -> (String, String?) {
        let prefix = "unknown variable '"
        guard error.message.hasPrefix(prefix), let end = error.message.dropFirst(prefix.count).firstIndex(of: "'") else {
            return (error.message, error.hint)
        }
        let name = String(error.message.dropFirst(prefix.count)[..<end])
        let visible = compiler.variables.filter { !$0.hasPrefix("#") }
        if compiler.variables.contains("#" + name) {
            return ("'\(name)' cannot be read here", "variables available here: \(visible.joined(separator: ", "))")
        }
        if let hint = error.hint, hint.contains("'#") {
            return (error.message, Suggestion.closest(to: name, among: visible).map { "did you mean '\($0)'?" })
        }
        // Hidden names never appear in a list of what may be written.
        let hint = error.hint?.replacingOccurrences(of: #"#\w+(, )?"#, with: "", options: .regularExpression)
        return (error.message, hint)
    }

    /// Compiles a text template such as `/admin/api/{settings.apiVersion}/graphql.json`: literal text
    /// with `{expression}` parts.
    func template(_ compiler: ExpressionCompiler, _ diagnostics: Diagnostics) -> TextTemplate? {
        guard let scalar = scalar(diagnostics) else { return nil }
        let scalars = Array(scalar.string.unicodeScalars)
        var parts: [TextTemplate.Part] = []
        var text = String.UnicodeScalarView()
        var index = 0
        var failed = false
        while index < scalars.count {
            let character = scalars[index]
            guard character == "{" else {
                if character == "}" {
                    diagnostics.error("unmatched '}' in template", at: location(ofOffset: index, in: scalar), hint: "write a literal brace as {'}'}")
                    failed = true
                }
                text.append(character)
                index += 1
                continue
            }
            guard let close = Self.closingBrace(in: scalars, from: index + 1) else {
                diagnostics.error("'{' at column \(index + 1) of the template is never closed", at: location(ofOffset: index, in: scalar))
                return nil
            }
            if !text.isEmpty { parts.append(.text(String(text))) }
            text = String.UnicodeScalarView()
            let source = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
            do {
                let expression = try compiler.compile(source)
                report(expression.typeFindings, diagnostics) { [index] in location(ofOffset: index + 1 + $0, in: scalar) }
                parts.append(.value(expression))
            } catch {
                let (message, hint) = Self.explainingHiddenVariables(error, compiler)
                diagnostics.error(message, at: location(ofOffset: index + 1 + error.offset, in: scalar), hint: hint)
                failed = true
            }
            index = close + 1
        }
        if !text.isEmpty { parts.append(.text(String(text))) }
        return failed ? nil : TextTemplate(parts: parts)
    }

    /// The `}` closing an interpolation, skipping quoted strings and nested braces.
    private static func closingBrace(in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var depth = 0
        var quote: Unicode.Scalar?
        var index = start
        while index < scalars.count {
            let character = scalars[index]
            if let open = quote {
                if character == "\\" { index += 1 } else if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "{" {
                depth += 1
            } else if character == "}" {
                if depth == 0 { return index }
                depth -= 1
            }
            index += 1
        }
        return nil
    }

    /// The file position of the `offset`-th Unicode scalar of this scalar's value.
    func location(ofOffset offset: Int, in scalar: Node.Scalar) -> SourceLocation {
        let start = location
        let before = scalar.string.unicodeScalars.prefix(offset)
        let newlines = before.filter { $0 == "\n" }.count
        let column = before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0)
        switch scalar.style {
        case .literal, .folded:
            // The value starts on the line after the `|` or `>` indicator, at the block's indentation.
            let line = start.line + 1 + newlines
            return SourceLocation(file: start.file, line: line, column: file.indentation(ofLine: line) + 1 + column)
        case .singleQuoted, .doubleQuoted:
            guard newlines == 0 else { return start }
            return SourceLocation(file: start.file, line: start.line, column: start.column + 1 + column)
        default:
            guard newlines == 0 else { return start }
            return SourceLocation(file: start.file, line: start.line, column: start.column + column)
        }
    }
}

/// Literal text with expressions in braces; used where the result must stay text (URL paths).
struct TextTemplate: Sendable {
    enum Part: Sendable {
        case text(String)
        case value(Mapping.Expression)
    }

    let parts: [Part]

    /// The text with every expression's value passed through `encode` (e.g. path-segment encoding).
    func render(_ variables: [JSON], encode: (String) -> String) -> String {
        var result = ""
        for part in parts {
            switch part {
            case .text(let text): result += text
            case .value(let expression): result += encode(expression.evaluate(variables).interpolatedText)
            }
        }
        return result
    }

    /// The first `{expression}` whose value is null or empty text (which would leave an empty path
    /// segment), with what it is.
    func firstEmptyValue(_ variables: [JSON]) -> (source: String, kind: String)? {
        for part in parts {
            guard case .value(let expression) = part else { continue }
            switch expression.evaluate(variables) {
            case .null: return (expression.source, "null")
            case .string(let text) where text.isEmpty: return (expression.source, "empty")
            default: continue
            }
        }
        return nil
    }

    /// The template as written, `{expression}` parts included.
    var source: String {
        parts.map { part in
            switch part {
            case .text(let text): text
            case .value(let expression): "{\(expression.source)}"
            }
        }.joined()
    }

    var referencedVariables: Set<String> {
        parts.reduce(into: Set<String>()) { names, part in
            if case .value(let expression) = part { names.formUnion(expression.referencedVariables) }
        }
    }
}

extension JSON {
    /// The text a value takes inside a string: strings as they are, numbers in short form, null empty.
    var interpolatedText: String {
        switch self {
        case .null: ""
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .number, .array, .object: jsonText
        }
    }
}
