import Foundation

/// Prints diagnostics the way compilers do: the location and message, the offending line with a
/// caret under the column, then the hint. Values that look like secrets are masked in the quoted line.
package struct DiagnosticReport {
    private var files: [String: [Substring]] = [:]

    package init() {}

    package mutating func render(_ diagnostic: Diagnostic) -> String {
        var text = "\(diagnostic.location): \(diagnostic.severity.rawValue): \(diagnostic.message)"
        if let line = sourceLine(diagnostic.location) {
            let masked = Self.maskingSecrets(String(line))
            let caretColumn = min(max(diagnostic.location.column - 1, 0), masked.unicodeScalars.count)
            let indentation = String(masked.unicodeScalars.prefix(caretColumn).map { $0 == "\t" ? "\t" : " " })
            text += "\n    \(masked)\n    \(indentation)^"
        }
        if let hint = diagnostic.hint { text += "\n    hint: \(hint)" }
        return text
    }

    private mutating func sourceLine(_ location: SourceLocation) -> Substring? {
        if files[location.file] == nil {
            let text = (try? String(contentsOfFile: location.file, encoding: .utf8)) ?? ""
            files[location.file] = text.split(separator: "\n", omittingEmptySubsequences: false)
        }
        guard let lines = files[location.file], location.line >= 1, location.line <= lines.count else { return nil }
        let line = lines[location.line - 1]
        return line.trimmingCharacters(in: .whitespaces).isEmpty ? nil : line
    }

    /// `secret: abc`, `accessToken: abc`, `password: abc` → the value replaced by `***`, unless it is
    /// a `${…}` reference (which says where the secret is, not what it is).
    static func maskingSecrets(_ line: String) -> String {
        guard let colon = line.firstIndex(of: ":") else { return line }
        let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let sensitive = ["secret", "token", "password", "apikey", "api_key", "key", "credential"].contains { key.contains($0) }
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard sensitive, !value.isEmpty, !value.hasPrefix("${"), !value.hasPrefix("["), !value.hasPrefix("{") else { return line }
        return String(line[...colon]) + " ***"
    }
}
