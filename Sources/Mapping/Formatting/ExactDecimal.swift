/// A decimal number held as its digits, so "0.1", "29.90" and rounding are exact (no binary
/// floating point in between).
struct ExactDecimal: Sendable, Equatable {
    /// Whether the value is below zero.
    var negative: Bool
    /// Decimal digits (0–9), most significant first.
    var digits: [UInt8]
    /// How many of `digits` are after the decimal point.
    var fractionDigits: Int

    /// Largest exponent accepted from text, to keep "1e999999999" from allocating gigabytes.
    static let exponentLimit = 400

    init(negative: Bool, digits: [UInt8], fractionDigits: Int) {
        self.negative = negative
        self.digits = digits
        self.fractionDigits = fractionDigits
    }

    /// Parses `[+-]?(digits(.digits?)?|.digits)([eE][+-]?digits)?`, surrounding whitespace allowed.
    init?(parsing text: String) {
        let utf8 = text.utf8
        guard utf8.count <= 1000 else { return nil }
        var index = utf8.startIndex
        let end = utf8.endIndex
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while index < end && isSpace(utf8[index]) { index = utf8.index(after: index) }

        var negative = false
        if index < end && (utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "+")) {
            negative = utf8[index] == UInt8(ascii: "-")
            index = utf8.index(after: index)
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(24)
        var fractionDigits = 0
        var seenPoint = false
        while index < end {
            let byte = utf8[index]
            if byte >= 0x30 && byte <= 0x39 {
                digits.append(byte - 0x30)
                if seenPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else {
                break
            }
            index = utf8.index(after: index)
        }
        guard !digits.isEmpty else { return nil }
        if index < end && (utf8[index] | 0x20) == UInt8(ascii: "e") {
            index = utf8.index(after: index)
            var exponentNegative = false
            if index < end && (utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "+")) {
                exponentNegative = utf8[index] == UInt8(ascii: "-")
                index = utf8.index(after: index)
            }
            var exponent = 0
            var exponentDigits = 0
            while index < end && utf8[index] >= 0x30 && utf8[index] <= 0x39 {
                exponent = exponent * 10 + Int(utf8[index] - 0x30)
                guard exponent <= Self.exponentLimit else { return nil }
                exponentDigits += 1
                index = utf8.index(after: index)
            }
            guard exponentDigits > 0 else { return nil }
            fractionDigits += exponentNegative ? exponent : -exponent
        }
        while index < end && isSpace(utf8[index]) { index = utf8.index(after: index) }
        guard index == end else { return nil }
        if fractionDigits < 0 {
            digits.append(contentsOf: repeatElement(0, count: -fractionDigits))
            fractionDigits = 0
        }
        self.init(negative: negative, digits: digits, fractionDigits: fractionDigits)
    }

    /// The decimal a human would write for `number`: its shortest round-trip text, so 0.005
    /// is "0.005" (and rounds to 0.01), not the binary value just below it.
    init?(_ number: Double) {
        guard number.isFinite else { return nil }
        if let whole = NumberText.exactInteger(number) {
            var magnitude = whole.magnitude
            var digits: [UInt8] = []
            repeat {
                digits.append(UInt8(magnitude % 10))
                magnitude /= 10
            } while magnitude > 0
            self.init(negative: whole < 0, digits: digits.reversed(), fractionDigits: 0)
        } else {
            self.init(parsing: number.description)
        }
    }

    /// The value rounded half away from zero ("half-up" on the magnitude) to `scale` fraction
    /// digits, as ASCII digits: at least one integer digit (no leading zeros) then exactly `scale`
    /// fraction digits. `negative` is false for zero ("-0.001" → "0.00").
    func rounded(toFractionDigits scale: Int) -> (negative: Bool, digits: [UInt8]) {
        var digits = self.digits
        if fractionDigits > scale {
            let drop = fractionDigits - scale
            // Make sure the digit deciding the rounding exists (values like 0.0004 have few digits).
            if digits.count < drop + 1 {
                digits.insert(contentsOf: repeatElement(0, count: drop + 1 - digits.count), at: 0)
            }
            let decidingDigit = digits[digits.count - drop]
            digits.removeLast(drop)
            if decidingDigit >= 5 {
                var position = digits.count - 1
                while position >= 0 && digits[position] == 9 {
                    digits[position] = 0
                    position -= 1
                }
                if position >= 0 {
                    digits[position] += 1
                } else {
                    digits.insert(1, at: 0)
                }
            }
        } else if fractionDigits < scale {
            digits.append(contentsOf: repeatElement(0, count: scale - fractionDigits))
        }
        let integerCount = digits.count - scale
        if integerCount < 1 {
            digits.insert(contentsOf: repeatElement(0, count: 1 - integerCount), at: 0)
        } else {
            let leadingZeros = digits[..<(integerCount - 1)].prefix { $0 == 0 }.count
            if leadingZeros > 0 { digits.removeFirst(leadingZeros) }
        }
        let isZero = !digits.contains { $0 != 0 }
        for index in digits.indices { digits[index] += 0x30 }
        return (negative && !isZero, digits)
    }
}
