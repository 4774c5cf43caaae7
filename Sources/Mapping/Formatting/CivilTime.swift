/// A UTC instant broken into calendar fields, with conversions from ISO 8601 text and epoch seconds.
///
/// Proleptic Gregorian calendar, years 1 to 9999 (what the formats can print).
struct CivilTime: Sendable, Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour = 0
    var minute = 0
    var second = 0
    var millisecond = 0

    // MARK: Calendar arithmetic

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days before the first of each month in a common year.
    private static let daysBeforeMonth = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]

    /// Days from 0001-01-01 to January 1st of `year` (year ≥ 1).
    private static func daysBeforeYear(_ year: Int) -> Int {
        let previous = year - 1
        return previous * 365 + previous / 4 - previous / 100 + previous / 400
    }

    private static let epochDays = daysBeforeYear(1970)

    /// Days since 1970-01-01 of a valid date.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        var days = daysBeforeYear(year) + daysBeforeMonth[month - 1] + day - 1
        if month > 2 && isLeapYear(year) { days += 1 }
        return days - epochDays
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    var epochSeconds: Int {
        Self.daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
    }

    /// Earliest and latest representable instants, in epoch seconds.
    static let epochRange = (-62_135_596_800)...253_402_300_799

    /// The fields of an instant given in epoch seconds (plus milliseconds); nil outside years 1–9999.
    init?(epochSeconds: Int, millisecond: Int = 0) {
        guard Self.epochRange.contains(epochSeconds) else { return nil }
        var days = epochSeconds / 86_400
        var secondOfDay = epochSeconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let ordinal = days + Self.epochDays  // days since 0001-01-01
        // Estimate the year, then correct it by at most a step either way.
        var year = max(1, Int(Double(ordinal) / 365.2425) + 1)
        while year > 1 && Self.daysBeforeYear(year) > ordinal { year -= 1 }
        while Self.daysBeforeYear(year + 1) <= ordinal { year += 1 }
        var dayOfYear = ordinal - Self.daysBeforeYear(year)
        var month = 1
        while month < 12 {
            let length = Self.daysInMonth(year: year, month: month)
            if dayOfYear < length { break }
            dayOfYear -= length
            month += 1
        }
        self.init(
            year: year, month: month, day: dayOfYear + 1,
            hour: secondOfDay / 3_600, minute: secondOfDay % 3_600 / 60, second: secondOfDay % 60,
            millisecond: millisecond)
    }

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.millisecond = millisecond
    }

    // MARK: Inputs

    /// From what upstreams send: ISO 8601 text or epoch seconds (number or numeric string).
    init?(_ value: JSON) {
        switch value {
        case .number(let seconds):
            self.init(epochSecondsValue: seconds)
        case .string(let text):
            if let parsed = Self.parseISO8601(text) {
                self = parsed
            } else if let seconds = NumericText.parse(text) {
                self.init(epochSecondsValue: seconds)
            } else {
                return nil
            }
        default:
            return nil
        }
    }

    private init?(epochSecondsValue seconds: Double) {
        guard seconds.isFinite, seconds >= Double(Self.epochRange.lowerBound), seconds <= Double(Self.epochRange.upperBound) else {
            return nil
        }
        let whole = seconds.rounded(.down)
        var milliseconds = Int(((seconds - whole) * 1000).rounded())
        var wholeSeconds = Int(whole)
        if milliseconds >= 1000 {
            milliseconds -= 1000
            wholeSeconds += 1
        }
        self.init(epochSeconds: wholeSeconds, millisecond: milliseconds)
    }

    /// `2025-01-31`, `2025-01-31T10:20`, `2025-01-31T10:20:30.123Z`, `2025-01-31 10:20:30+02:00`,
    /// `…+0200`, `…+02`; the result is in UTC. Without an offset the time is taken as UTC.
    static func parseISO8601(_ text: String) -> CivilTime? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<width {
                let byte = bytes[index + offset]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += width
            return value
        }
        func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), take(UInt8(ascii: "-")), let month = number(2), take(UInt8(ascii: "-")),
            let day = number(2),
            year >= 1, (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month)
        else { return nil }
        var time = CivilTime(year: year, month: month, day: day)
        if index == bytes.count { return time }

        guard take(UInt8(ascii: "T")) || take(UInt8(ascii: "t")) || take(UInt8(ascii: " ")),
            let hour = number(2), take(UInt8(ascii: ":")), let minute = number(2),
            hour <= 23, minute <= 59
        else { return nil }
        time.hour = hour
        time.minute = minute
        if take(UInt8(ascii: ":")) {
            guard let second = number(2), second <= 60 else { return nil }
            time.second = min(second, 59)  // a leap second shows as :59
            if take(UInt8(ascii: ".")) || take(UInt8(ascii: ",")) {
                var digits = 0
                var millisecond = 0
                while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                    if digits < 3 { millisecond = millisecond * 10 + Int(bytes[index] - 0x30) }
                    digits += 1
                    index += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits..<max(digits, 3) { millisecond *= 10 }
                time.millisecond = millisecond
            }
        }
        var offsetSeconds = 0
        if take(UInt8(ascii: "Z")) || take(UInt8(ascii: "z")) {
            offsetSeconds = 0
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let hours = number(2), hours <= 23 else { return nil }
            var minutes = 0
            if take(UInt8(ascii: ":")) {
                guard let value = number(2) else { return nil }
                minutes = value
            } else if index < bytes.count {
                guard let value = number(2) else { return nil }
                minutes = value
            }
            guard minutes <= 59 else { return nil }
            offsetSeconds = sign * (hours * 3_600 + minutes * 60)
        }
        guard index == bytes.count else { return nil }
        if offsetSeconds == 0 { return time }
        return CivilTime(epochSeconds: time.epochSeconds - offsetSeconds, millisecond: time.millisecond)
    }
}
