/// Parses the three HTTP-date forms of RFC 9110 (IMF-fixdate, RFC 850 and asctime), as found in
/// `Retry-After`, into seconds since 1970-01-01T00:00:00Z.
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Seconds since the epoch, or nil when `text` is not an HTTP-date.
    static func secondsSince1970(_ text: String) -> Int64? {
        guard text.utf8.count <= 64 else { return nil }
        let tokens = text.split { $0 == " " || $0 == "," || $0 == "-" }
        var day: Int?
        var month: Int?
        var year: Int?
        var time: (Int, Int, Int)?
        for token in tokens {
            if token.contains(":") {
                let parts = token.split(separator: ":").compactMap { Int($0) }
                guard parts.count == 3, time == nil else { return nil }
                time = (parts[0], parts[1], parts[2])
            } else if let number = Int(token) {
                if token.count == 4 || day != nil {
                    guard year == nil else { return nil }
                    // RFC 850's two-digit years: RFC 9110 asks to read them within 50 years of now.
                    year = token.count == 2 ? (number < 70 ? 2000 + number : 1900 + number) : number
                } else {
                    day = number
                }
            } else if let index = months.firstIndex(of: token.prefix(3).lowercased()), token.count == 3 {
                month = index + 1
            }
            // Weekday names and "GMT" carry nothing we need.
        }
        guard let day, let month, let year, let (hour, minute, second) = time,
            (1...31).contains(day), (1970...9999).contains(year),
            (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let days = daysSince1970(year: year, month: month, day: day)
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Days from 1970-01-01 to the given proleptic Gregorian date (years counted from March, so
    /// that the leap day comes last).
    private static func daysSince1970(year: Int, month: Int, day: Int) -> Int64 {
        let shiftedYear = Int64(month <= 2 ? year - 1 : year)
        let era = shiftedYear / 400
        let yearOfEra = shiftedYear - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
