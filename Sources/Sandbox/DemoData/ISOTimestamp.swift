/// Formats and reads the timestamps the simulated APIs send, without locale-dependent formatters:
/// UTC (`2024-03-05T10:20:30Z`), with a UTC offset (Shopify REST: `2024-03-05T11:20:30+01:00`),
/// local without zone (WordPress: `2024-03-05T11:20:30`), with milliseconds (HubSpot), and the
/// HTTP-date of `Retry-After`.
enum ISOTimestamp {
    /// The calendar fields of a Unix time shifted by `offset` seconds.
    private struct CivilTime {
        let year: Int
        let month: Int
        let day: Int
        let secondsOfDay: Int
        let weekday: Int  // 0 = Sunday

        init(unixTime: Int) {
            let days = unixTime >= 0 ? unixTime / 86_400 : (unixTime - 86_399) / 86_400
            secondsOfDay = unixTime - days * 86_400
            weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday
            // Civil-from-days (proleptic Gregorian calendar).
            let shifted = days + 719_468
            let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
            let dayOfEra = shifted - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let monthIndex = (5 * dayOfYear + 2) / 153
            day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
            month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
            year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        }

        var dateAndTime: String {
            "\(year)-\(two(month))-\(two(day))T\(two(secondsOfDay / 3600)):\(two(secondsOfDay % 3600 / 60)):\(two(secondsOfDay % 60))"
        }
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    /// `2024-03-05T10:20:30Z`
    static func string(fromUnixTime seconds: Int) -> String {
        CivilTime(unixTime: seconds).dateAndTime + "Z"
    }

    /// `2024-03-05T10:20:30.123Z`, as HubSpot writes them.
    static func millisecondString(fromUnixMilliseconds milliseconds: Int) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let fraction = milliseconds - seconds * 1000
        let padded = fraction < 10 ? "00\(fraction)" : (fraction < 100 ? "0\(fraction)" : String(fraction))
        return CivilTime(unixTime: seconds).dateAndTime + ".\(padded)Z"
    }

    /// Local time without a zone (`2024-03-05T11:20:30`), as WordPress writes `date_created`.
    static func localString(fromUnixTime seconds: Int, offsetSeconds: Int) -> String {
        CivilTime(unixTime: seconds + offsetSeconds).dateAndTime
    }

    /// Local time with its offset (`2024-03-05T11:20:30+01:00`), as Shopify REST writes them.
    static func offsetString(fromUnixTime seconds: Int, offsetSeconds: Int) -> String {
        let sign = offsetSeconds < 0 ? "-" : "+"
        let magnitude = abs(offsetSeconds)
        return CivilTime(unixTime: seconds + offsetSeconds).dateAndTime + "\(sign)\(two(magnitude / 3600)):\(two(magnitude % 3600 / 60))"
    }

    /// The IMF-fixdate form of HTTP dates (`Sun, 06 Nov 1994 08:49:37 GMT`).
    static func httpDate(fromUnixTime seconds: Int) -> String {
        let civil = CivilTime(unixTime: seconds)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let time = "\(two(civil.secondsOfDay / 3600)):\(two(civil.secondsOfDay % 3600 / 60)):\(two(civil.secondsOfDay % 60))"
        return "\(days[civil.weekday]), \(two(civil.day)) \(months[civil.month - 1]) \(civil.year) \(time) GMT"
    }

    /// The offset of Europe/Paris at a Unix time: +02:00 from the last Sunday of March (01:00
    /// UTC) to the last Sunday of October (01:00 UTC), +01:00 otherwise.
    static func parisOffset(atUnixTime seconds: Int) -> Int {
        let year = CivilTime(unixTime: seconds).year
        func lastSundayOneAM(month: Int) -> Int {
            // March and October both end on the 31st; step back from it to a Sunday.
            let lastDay = unixTime(year: year, month: month, day: 31)
            let weekday = CivilTime(unixTime: lastDay).weekday
            return lastDay - weekday * 86_400 + 3600
        }
        let summerStarts = lastSundayOneAM(month: 3)
        let summerEnds = lastSundayOneAM(month: 10)
        return seconds >= summerStarts && seconds < summerEnds ? 7200 : 3600
    }

    /// Midnight UTC of a calendar day.
    static func unixTime(year: Int, month: Int, day: Int) -> Int {
        // Days-from-civil (proleptic Gregorian calendar).
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return (era * 146_097 + dayOfEra - 719_468) * 86_400
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS` followed by `Z`, nothing, or fractional seconds; nil otherwise.
    static func unixTime(fromUTCString text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        return unixTime(year: year, month: month, day: day) + hour * 3600 + minute * 60 + second
    }
}
