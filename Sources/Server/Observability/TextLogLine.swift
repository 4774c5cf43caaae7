import Foundation
import Logging

/// A log entry as one readable line: time, level, logger, message, then the metadata as
/// `key=value` pairs, e.g.
/// `2026-11-25T21:30:05.123Z info deskbridge: request route=/plugins/{tenant}/products status=200`.
enum TextLogLine {
    /// The line, with its trailing newline.
    static func line(_ entry: LogEntry) -> [UInt8] {
        var line = "\(entry.time) \(entry.level) \(entry.label): \(escaped(entry.message, quoting: false))"
        for (key, value) in entry.fields {
            line += " \(key)=\(escaped(value.description, quoting: true))"
        }
        line += "\n"
        return Array(line.utf8)
    }

    /// Control characters escaped (`\n`, `\u0001`), so an entry never spans several lines; with
    /// `quoting`, a value holding blanks, quotes or `=` is quoted so that `key=value` pairs split
    /// unambiguously.
    static func escaped(_ text: String, quoting: Bool) -> String {
        let needsQuotes = quoting && (text.isEmpty || text.utf8.contains { $0 == 0x20 || $0 == 0x22 || $0 == 0x3D })
        let needsEscapes = text.utf8.contains { $0 < 0x20 || $0 == 0x7F || (needsQuotes && ($0 == 0x22 || $0 == 0x5C)) }
        guard needsEscapes else { return needsQuotes ? "\"\(text)\"" : text }
        var result = needsQuotes ? "\"" : ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\"" where needsQuotes: result += "\\\""
            case "\\" where needsQuotes: result += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: result += String(format: "\\u%04X", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return needsQuotes ? result + "\"" : result
    }
}
