/// Fast path for the common amounts ("29.90", 1234.5): up to 18 digits held in a UInt64, so
/// rounding and printing need no heap allocation. Anything else goes through `ExactDecimal`.
struct CompactDecimal: Sendable, Equatable {
    var negative: Bool
    /// The digits as an integer; the value is `mantissa / 10^scale`.
    var mantissa: UInt64
    var scale: Int

    static let powersOfTen: [UInt64] = (0...19).map { exponent in
        var value: UInt64 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    init(negative: Bool, mantissa: UInt64, scale: Int) {
        self.negative = negative
        self.mantissa = mantissa
        self.scale = scale
    }

    /// Plain decimals only: `[+-]?digits(.digits)?`, no exponent, at most 18 significant digits.
    init?(parsing text: String) {
        var text = text
        let parsed: CompactDecimal? = text.withUTF8 { bytes in
            var negative = false
            var mantissa: UInt64 = 0
            var significant = 0
            var scale = 0
            var seenPoint = false
            var seenDigit = false
            var index = 0
            if index < bytes.count && (bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")) {
                negative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte &- 0x30 < 10 {
                    seenDigit = true
                    if mantissa != 0 || byte != 0x30 { significant += 1 }
                    guard significant <= 18 else { return nil }
                    mantissa = mantissa &* 10 &+ UInt64(byte &- 0x30)
                    if seenPoint { scale += 1 }
                } else if byte == UInt8(ascii: ".") && !seenPoint {
                    seenPoint = true
                } else {
                    return nil
                }
                index += 1
            }
            guard seenDigit, scale <= 19 else { return nil }
            return CompactDecimal(negative: negative, mantissa: mantissa, scale: scale)
        }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Whole numbers within ±10^18 and values whose shortest text is a plain decimal.
    init?(_ number: Double) {
        guard number.isFinite else { return nil }
        if number.rounded(.towardZero) == number && abs(number) < 1e18 {
            self.init(negative: number < 0, mantissa: UInt64(abs(number)), scale: 0)
        } else {
            self.init(parsing: number.description)
        }
    }

    /// Rounds half-up to `target` fraction digits and hands ASCII digits (at least one integer
    /// digit, then exactly `target` fraction digits) to `body`; nil when it would overflow.
    func withRoundedDigits<Result>(
        toFractionDigits target: Int, _ body: (_ negative: Bool, _ digits: UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result? {
        var value = mantissa
        if scale > target {
            let drop = scale - target
            let divisor = Self.powersOfTen[drop]
            let remainder = value % divisor
            value /= divisor
            if remainder >= divisor - remainder { value += 1 }  // remainder * 2 >= divisor, without overflow
        } else if scale < target {
            let (scaled, overflow) = value.multipliedReportingOverflow(by: Self.powersOfTen[min(target - scale, 19)])
            guard !overflow, target - scale <= 19 else { return nil }
            value = scaled
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            var start = 48
            var remaining = value
            var written = 0
            repeat {
                start -= 1
                buffer[start] = UInt8(remaining % 10) + 0x30
                remaining /= 10
                written += 1
            } while remaining > 0 || written < target + 1
            let digits = UnsafeBufferPointer(rebasing: buffer[start..<48])
            return body(negative && value != 0, digits)
        }
    }
}
