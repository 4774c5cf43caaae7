/// `+ - * / %` on numbers (numeric strings count as numbers, as in comparisons). Anything else, a
/// division by zero or a result that is not finite gives null, never a crash.
enum ArithmeticOperator: String, Sendable {
    case plus = "+"
    case minus = "-"
    case times = "*"
    case divide = "/"
    case remainder = "%"

    func apply(_ lhs: JSON, _ rhs: JSON) -> JSON {
        guard let a = Self.number(lhs), let b = Self.number(rhs) else { return .null }
        let result: Double
        switch self {
        case .plus: result = a + b
        case .minus: result = a - b
        case .times: result = a * b
        case .divide:
            guard b != 0 else { return .null }
            result = a / b
        case .remainder:
            guard b != 0 else { return .null }
            result = a.truncatingRemainder(dividingBy: b)
        }
        return result.isFinite ? .number(result) : .null
    }

    private static func number(_ value: JSON) -> Double? {
        switch value {
        case .number(let number): number
        case .string(let text): Double(text.trimmingCharacters(in: " "))
        default: nil
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text = text.dropFirst() }
        while text.last == set { text = text.dropLast() }
        return String(text)
    }
}
