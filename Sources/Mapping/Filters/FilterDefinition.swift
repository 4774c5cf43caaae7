/// The arguments of one filter call, passed without allocating (filters take at most three).
struct FilterArguments: Sendable {
    static let capacity = 3
    static let none = FilterArguments(count: 0, first: .null, second: .null, third: .null)

    let count: Int
    let first: JSON
    let second: JSON
    let third: JSON

    init(count: Int, first: JSON, second: JSON, third: JSON) {
        self.count = count
        self.first = first
        self.second = second
        self.third = third
    }

    init(_ values: [JSON]) {
        self.init(
            count: min(values.count, Self.capacity),
            first: values.count > 0 ? values[0] : .null,
            second: values.count > 1 ? values[1] : .null,
            third: values.count > 2 ? values[2] : .null
        )
    }

    /// The argument at `index`, or `null` when it was not given.
    @inline(__always)
    subscript(index: Int) -> JSON {
        guard index < count else { return .null }
        switch index {
        case 0: return first
        case 1: return second
        default: return third
        }
    }

    /// Whether the argument at `index` was given.
    func has(_ index: Int) -> Bool { index < count }
}

/// What a filter parameter accepts; checked at compile time when the argument is a literal.
enum FilterParameterKind: Sendable {
    case any
    case string
    case number
    /// A whole number within the range.
    case wholeNumber(ClosedRange<Int>)
    /// A three-letter ISO 4217 currency code.
    case currencyCode
    /// A locale we have conventions for (`en`, `fr-FR`…).
    case locale
    /// `iso`, `date`, `short`, `long`, or a pattern containing `%` directives.
    case dateFormat

    /// Why `value` does not fit, or nil when it does.
    func problem(with value: JSON) -> String? {
        switch self {
        case .any:
            return nil
        case .string:
            return value.stringValue == nil ? "a string" : nil
        case .number:
            return value.doubleValue == nil ? "a number" : nil
        case .wholeNumber(let range):
            guard let number = value.doubleValue, number.rounded() == number,
                number >= Double(range.lowerBound), number <= Double(range.upperBound)
            else { return "a whole number from \(range.lowerBound) to \(range.upperBound)" }
            return nil
        case .currencyCode:
            guard let code = value.stringValue, CurrencyTable.normalizedCode(code) != nil else {
                return "a three-letter currency code such as 'EUR'"
            }
            return nil
        case .dateFormat:
            guard let format = value.stringValue, DateFormatting.namedFormats.contains(format) || format.contains("%") else {
                return "iso, date, short, long or a pattern such as '%d/%m/%Y'"
            }
            return nil
        case .locale:
            guard let tag = value.stringValue, LocaleConventions.resolve(tag) != nil else {
                return "a supported locale (\(LocaleConventions.supportedIdentifiers.joined(separator: ", ")))"
            }
            return nil
        }
    }
}

/// One declared filter parameter.
struct FilterParameter: Sendable {
    let name: String
    let kind: FilterParameterKind

    init(_ name: String, _ kind: FilterParameterKind) {
        self.name = name
        self.kind = kind
    }
}

/// A filter: its name, parameters, and implementation (`input | name(arguments)`).
///
/// Implementations are total: any input they cannot handle yields `null`.
struct FilterDefinition: Sendable {
    let name: String
    let summary: String
    let parameters: [FilterParameter]
    /// How many leading parameters must be given.
    let requiredCount: Int
    /// What it takes and gives, for the load-time kind checks (`StaticKind`).
    let input: FilterInput
    let output: FilterOutput
    let apply: @Sendable (JSON, FilterArguments) -> JSON

    init(
        _ name: String,
        _ summary: String,
        parameters: [FilterParameter] = [],
        required: Int? = nil,
        input: FilterInput = .any,
        output: FilterOutput = .kind(.unknown),
        apply: @escaping @Sendable (JSON, FilterArguments) -> JSON
    ) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.requiredCount = required ?? parameters.count
        self.input = input
        self.output = output
        self.apply = apply
    }

    /// Accepted argument counts.
    var arity: ClosedRange<Int> { requiredCount...parameters.count }

    /// How many arguments it takes, in words: "no arguments", "1 argument", "1 or 2 arguments".
    var arityDescription: String {
        let lower = requiredCount
        let upper = parameters.count
        func count(_ n: Int) -> String { n == 1 ? "1 argument" : "\(n) arguments" }
        if upper == 0 { return "no arguments" }
        if lower == upper { return count(upper) }
        if upper == lower + 1 { return "\(lower) or \(count(upper))" }
        return "\(lower) to \(count(upper))"
    }

    /// The call syntax, e.g. `truncate(length, ellipsis?)`.
    var signature: String {
        if parameters.isEmpty { return name }
        let names = parameters.enumerated().map { index, parameter in
            index < requiredCount ? parameter.name : parameter.name + "?"
        }
        return "\(name)(\(names.joined(separator: ", ")))"
    }
}

/// A filter as the outside world sees it, for documentation and tooling.
package struct FilterDescription: Sendable, Hashable {
    /// The name used after `|`.
    package let name: String
    /// Call syntax, optional parameters marked with `?`: `truncate(length, ellipsis?)`.
    package let signature: String
    /// One sentence saying what it does.
    package let summary: String
}
