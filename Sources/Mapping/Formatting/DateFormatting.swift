/// The `date` filter: ISO 8601 text or epoch seconds, printed in UTC.
enum DateFormatting {
    /// Named formats; anything else must be a %-pattern.
    static let namedFormats: Set<String> = ["iso", "date", "short", "long"]

    /// `date(format, locale?)`: `iso` (2025-01-31T10:20:30Z), `date` (2025-01-31), `short` and `long`
    /// (locale-dependent, English without a locale), or a pattern with %Y %m %d %e %H %M %S %b %B %y
    /// %% (plus %-d and %-m without padding). Unparseable input gives null.
    static func date(_ input: JSON, format: JSON, locale: JSON, hasLocale: Bool) -> JSON {
        guard case .string(let formatText) = format, let time = CivilTime(input) else { return .null }
        let conventions =
            (hasLocale ? locale.stringValue.flatMap(LocaleConventions.resolve) : nil)
            ?? LocaleConventions.resolve("en")
        guard let conventions else { return .null }
        switch formatText {
        case "iso":
            var text = render("%Y-%m-%dT%H:%M:%S", time, conventions)
            if time.millisecond != 0 { text += "." + padded(time.millisecond, 3) }
            return .string(text + "Z")
        case "date":
            return .string(render("%Y-%m-%d", time, conventions))
        case "short":
            return .string(render(conventions.shortDatePattern, time, conventions))
        case "long":
            return .string(render(conventions.longDatePattern, time, conventions))
        default:
            return .string(render(formatText, time, conventions))
        }
    }

    /// Expands a strftime-like pattern; unknown directives are kept as written.
    static func render(_ pattern: String, _ time: CivilTime, _ conventions: LocaleConventions) -> String {
        var result = ""
        var iterator = pattern.makeIterator()
        while let character = iterator.next() {
            guard character == "%" else {
                result.append(character)
                continue
            }
            guard var directive = iterator.next() else {
                result += "%"
                break
            }
            var unpadded = false
            if directive == "-" {
                guard let next = iterator.next() else {
                    result += "%-"
                    break
                }
                unpadded = true
                directive = next
            }
            switch directive {
            case "Y": result += padded(time.year, 4)
            case "y": result += padded(time.year % 100, 2)
            case "m": result += unpadded ? String(time.month) : padded(time.month, 2)
            case "d": result += unpadded ? String(time.day) : padded(time.day, 2)
            case "e": result += unpadded ? String(time.day) : (time.day < 10 ? " \(time.day)" : String(time.day))
            case "H": result += unpadded ? String(time.hour) : padded(time.hour, 2)
            case "M": result += unpadded ? String(time.minute) : padded(time.minute, 2)
            case "S": result += unpadded ? String(time.second) : padded(time.second, 2)
            case "b": result += conventions.monthAbbreviations[time.month - 1]
            case "B": result += conventions.monthNames[time.month - 1]
            case "%": result += "%"
            default:
                result += unpadded ? "%-" : "%"
                result.append(directive)
            }
        }
        return result
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
