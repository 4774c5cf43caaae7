/// Shared text forms of numbers (JSON output, string interpolation, `to_string`).
enum NumberText {
    /// 2^53: beyond it not every whole number is representable, so we stop printing digits.
    static let largestExactInteger = 9_007_199_254_740_992.0

    /// The value as an Int64 when it is whole and within ±2^53.
    @inline(__always)
    static func exactInteger(_ number: Double) -> Int64? {
        guard number.rounded(.towardZero) == number, abs(number) <= largestExactInteger else { return nil }
        return Int64(number)
    }

    /// Shortest text for a number: `12`, `-0.5`, `1e+21`; `null` for non-finite values.
    static func shortest(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if let whole = exactInteger(number) { return String(whole) }
        return number.description
    }
}
