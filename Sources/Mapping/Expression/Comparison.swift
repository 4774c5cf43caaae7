/// The comparison operators and their meaning on messy data.
///
/// Numbers compare numerically, also against numeric strings (`5 == "5.0"`); strings compare by
/// Unicode scalar order; `==` on anything else is structural equality; ordering values that cannot
/// be ordered (null, bools, arrays, objects, mixed kinds) is always false.
enum ComparisonOperator: String, Sendable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    func holds(_ lhs: JSON, _ rhs: JSON) -> Bool {
        switch self {
        case .equal: return Self.equal(lhs, rhs)
        case .notEqual: return !Self.equal(lhs, rhs)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let order = Self.order(lhs, rhs) else { return false }
            switch self {
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            default: return order >= 0
            }
        }
    }

    /// Equality with numeric strings promoted when compared with a number.
    static func equal(_ lhs: JSON, _ rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .string(let b)):
            guard let b = NumericText.parse(b) else { return false }
            return a == b
        case (.string(let a), .number(let b)):
            guard let a = NumericText.parse(a) else { return false }
            return a == b
        default:
            return lhs == rhs
        }
    }

    /// -1, 0 or 1 when the two values can be ordered, nil otherwise.
    static func order(_ lhs: JSON, _ rhs: JSON) -> Int? {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)):
            return numericOrder(a, b)
        case (.number(let a), .string(let b)):
            return NumericText.parse(b).flatMap { numericOrder(a, $0) }
        case (.string(let a), .number(let b)):
            return NumericText.parse(a).flatMap { numericOrder($0, b) }
        case (.string(let a), .string(let b)):
            // UTF-8 byte order is Unicode scalar order.
            if a.utf8.elementsEqual(b.utf8) { return 0 }
            return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
        default:
            return nil
        }
    }

    private static func numericOrder(_ a: Double, _ b: Double) -> Int? {
        if a < b { return -1 }
        if a > b { return 1 }
        if a == b { return 0 }
        return nil  // NaN
    }
}
