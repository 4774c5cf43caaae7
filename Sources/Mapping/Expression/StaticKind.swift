/// What can be known, before any data arrives, about the kind of value an expression yields: `check`
/// uses it to catch arithmetic on formatted text and filters given the wrong kind of value.
///
/// Every kind may also be null (a filter that does not apply gives null), so `.number` reads
/// "a number or null". Paths into upstream JSON are `.unknown`, and nothing is reported on them.
enum StaticKind: Sendable, Equatable {
    /// Text; `canBeNumber` is false when it never reads as a number (money's `€12.00`, `'abc'`).
    case text(canBeNumber: Bool)
    case number
    case boolean
    case list
    case object
    /// Only ever null (a `null` literal).
    case null
    /// Depends on the data.
    case unknown

    static func of(_ node: ExpressionNode) -> StaticKind {
        switch node {
        case .literal(let value): return of(value)
        case .variable, .path: return .unknown
        case .fallback(let operands): return operands.dropFirst().reduce(of(operands[0])) { $0.union(of($1)) }
        case .pipe(let input, let filters): return filters.reduce(of(input)) { $1.outputKind(given: $0) }
        case .not, .and, .or, .comparison: return .boolean
        case .arithmetic: return .number
        case .condition(_, let then, let otherwise): return of(then).union(of(otherwise))
        case .interpolation(let parts):
            // Literal text other than digits, signs, points and spaces can never read as a number.
            let canBeNumber = parts.allSatisfy { part in
                guard case .text(let text) = part else { return true }
                return text.unicodeScalars.allSatisfy { "0123456789.-+eE ".unicodeScalars.contains($0) }
            }
            return .text(canBeNumber: canBeNumber)
        case .array: return .list
        case .object: return .object
        }
    }

    static func of(_ value: JSON) -> StaticKind {
        switch value {
        case .null: .null
        case .bool: .boolean
        case .number: .number
        case .string(let text): .text(canBeNumber: NumericText.parse(text) != nil)
        case .array: .list
        case .object: .object
        }
    }

    /// The kind of a value that is either of two (`a ?? b`, the branches of `if`).
    func union(_ other: StaticKind) -> StaticKind {
        switch (self, other) {
        case (.null, _): other
        case (_, .null): self
        case (.text(let a), .text(let b)): .text(canBeNumber: a || b)
        default: self == other ? self : .unknown
        }
    }

    /// Null, booleans, lists and objects: arithmetic on them is always null, ordering always false.
    var isNeverNumeric: Bool {
        switch self {
        case .null, .boolean, .list, .object, .text(canBeNumber: false): true
        default: false
        }
    }

    var name: String {
        switch self {
        case .text(canBeNumber: false): "text that is never a number"
        case .text: "text"
        case .number: "a number"
        case .boolean: "a boolean"
        case .list: "a list"
        case .object: "an object"
        case .null: "null"
        case .unknown: "a value"
        }
    }
}

/// What a filter takes: anything else gives null.
enum FilterInput: Sendable {
    case any
    /// Strings only: a number gives null.
    case text
    /// Numbers and numeric text.
    case number
    /// Arrays.
    case list
}

/// The kind of value a filter gives.
enum FilterOutput: Sendable {
    case kind(StaticKind)
    /// The input's kind (`slice`).
    case input
    /// The input's or the first argument's (`default`).
    case inputOrFirstArgument

    /// Text that may read as a number (`upper` of "12" is "12").
    static let text = FilterOutput.kind(.text(canBeNumber: true))
}

/// A kind mismatch found at compile time: an error when the value is always null (or the comparison
/// always false) at run time, a warning when it is only so unless the text reads as a number.
package struct TypeFinding: Sendable, Hashable {
    package let isError: Bool
    package let message: String
    package let hint: String?
    /// Position in the source, in Unicode scalars from 0 (as `ExpressionError.offset`).
    package let offset: Int
}

extension StaticKind {
    /// `a * b` where an operand cannot be a number.
    static func checkArithmetic(_ operation: ArithmeticOperator, _ lhs: ExpressionNode, _ rhs: ExpressionNode, at offset: Int) -> TypeFinding? {
        for operand in [lhs, rhs] {
            let kind = of(operand)
            let hint =
                operation == .plus && kind.isText
                ? "'+' adds numbers; build text with double quotes: \"{a}{b}\""
                : "do the arithmetic before formatting, e.g. 'item.price / 100 | money(c)', or convert with '| to_number'"
            if kind.isNeverNumeric {
                return TypeFinding(
                    isError: true, message: "'\(operation.rawValue)' on \(origin(of: operand, kind)) is always null: arithmetic takes numbers",
                    hint: hint, offset: offset)
            }
            if kind.isText {
                return TypeFinding(
                    isError: false, message: "'\(operation.rawValue)' on \(origin(of: operand, kind)) is null unless the text reads as a number",
                    hint: hint, offset: offset)
            }
        }
        return nil
    }

    /// `a < b` where the values can never be ordered, or text is ordered against a number.
    static func checkOrdering(_ comparison: ComparisonOperator, _ lhs: ExpressionNode, _ rhs: ExpressionNode, at offset: Int) -> TypeFinding? {
        guard comparison != .equal, comparison != .notEqual else { return nil }
        let kinds = (of(lhs), of(rhs))
        for (operand, kind) in [(lhs, kinds.0), (rhs, kinds.1)] where kind.isNeverNumeric && !kind.isText {
            return TypeFinding(
                isError: true, message: "'\(comparison.rawValue)' on \(origin(of: operand, kind)) is always false: only numbers and text are ordered",
                hint: nil, offset: offset)
        }
        let text: (ExpressionNode, StaticKind)
        switch kinds {
        case (.text, .number): text = (lhs, kinds.0)
        case (.number, .text): text = (rhs, kinds.1)
        default: return nil
        }
        let hint = "compare the number before formatting it, or convert with '| to_number'"
        if text.1.isNeverNumeric {
            return TypeFinding(
                isError: true, message: "'\(comparison.rawValue)' between a number and \(origin(of: text.0, text.1)) is always false",
                hint: hint, offset: offset)
        }
        return TypeFinding(
            isError: false,
            message: "'\(comparison.rawValue)' between a number and \(origin(of: text.0, text.1)) is false unless the text reads as a number",
            hint: hint, offset: offset)
    }

    /// `value | name` where the filter does not take this kind of value.
    static func checkFilter(_ call: ExpressionNode.FilterCall, given kind: StaticKind, at offset: Int) -> TypeFinding? {
        let name = call.name
        switch (call.input, kind) {
        case (.text, .number), (.text, .boolean), (.text, .list), (.text, .object):
            return TypeFinding(
                isError: true, message: "filter '\(name)' takes text, but gets \(kind.name): it gives null",
                hint: kind == .number ? "convert first: '| to_string | \(name)'" : nil, offset: offset)
        case (.number, .text(canBeNumber: false)), (.number, .boolean), (.number, .list), (.number, .object):
            return TypeFinding(
                isError: true, message: "filter '\(name)' takes a number, but gets \(kind.name): it gives null",
                hint: "apply '\(name)' to the number, before any text filter", offset: offset)
        case (.number, .text):
            return TypeFinding(
                isError: false, message: "filter '\(name)' takes a number, but gets text: it gives null unless the text reads as a number",
                hint: "apply '\(name)' to the number, before any text filter", offset: offset)
        case (.list, .text), (.list, .number), (.list, .boolean), (.list, .object):
            return TypeFinding(
                isError: true, message: "filter '\(name)' takes a list, but gets \(kind.name): it gives null", hint: nil, offset: offset)
        default:
            return nil
        }
    }

    private var isText: Bool {
        if case .text = self { return true }
        return false
    }

    /// "the output of 'money'", "the text 'abc'", "a double-quoted string": where the bad operand comes from.
    private static func origin(of node: ExpressionNode, _ kind: StaticKind) -> String {
        switch node {
        case .pipe(_, let filters) where !filters.isEmpty: "the output of '\(filters[filters.count - 1].name)' (\(kind.name))"
        case .literal(.string(let text)): "the text '\(text.count > 20 ? text.prefix(20) + "…" : text)'"
        case .interpolation: "a double-quoted string (\(kind.name))"
        case .comparison, .and, .or, .not: "a condition (a boolean)"
        default: kind.name
        }
    }
}

extension ExpressionNode.FilterCall {
    /// The kind of value this stage gives for an input of `input`'s kind.
    func outputKind(given input: StaticKind) -> StaticKind {
        switch output {
        case .kind(let kind): kind
        case .input: input
        case .inputOrFirstArgument: input.union(arguments.first.map(StaticKind.of) ?? .unknown)
        }
    }
}

extension ListOperation {
    var input: FilterInput { .list }

    var output: StaticKind {
        switch self {
        case .filter, .map, .sortBy: .list
        case .count: .number
        case .find: .unknown
        }
    }
}
