/// Conversions between kinds.
enum ConversionFilters {
    /// `to_bool`: bools unchanged, numbers are true unless zero, strings `true yes on 1` / `false no
    /// off 0 ""` (any case, trimmed); anything else null.
    static func toBool(_ input: JSON) -> JSON {
        switch input {
        case .bool: return input
        case .number(let number): return number.isNaN ? .null : .bool(number != 0)
        case .string(let text):
            switch TextFilters.trim(text).lowercased() {
            case "true", "yes", "on", "1": return .bool(true)
            case "false", "no", "off", "0", "": return .bool(false)
            default: return .null
            }
        default:
            return .null
        }
    }
}
