/// What the Desk sent as the visitor's email.
enum EmailValue: Sendable, Hashable {
    case absent
    case address(String)
    /// A value no shop or CRM could hold as an address: the visitor is not found, without asking.
    case notAnAddress
}

/// The checks shared by every plugin parameter.
enum ParameterRules {
    static func integer(_ raw: String?, name: String, range: ClosedRange<Int>, default fallback: Int) throws(ParameterError) -> Int {
        guard let raw, !raw.isEmpty else { return fallback }
        // Only plain decimal digits: no sign, no spaces, no exponent, at most 9 digits.
        guard raw.utf8.count <= 9, raw.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = Int(raw)
        else {
            if raw.hasPrefix("-"), raw.utf8.count <= 10, Int(raw) != nil { throw .outOfRange(parameter: name, range: range) }
            throw .notAnInteger(parameter: name, range: range)
        }
        guard range.contains(value) else { throw .outOfRange(parameter: name, range: range) }
        return value
    }

    /// An identifier echoed back by the Desk: bounded, no control characters.
    static func identifier(_ value: String, name: String) throws(ParameterError) -> String {
        guard value.unicodeScalars.count <= PluginLimits.maxIdentifierCharacters else {
            throw .tooLong(parameter: name, maxCharacters: PluginLimits.maxIdentifierCharacters)
        }
        guard !value.unicodeScalars.contains(where: isControl) else {
            throw .invalidCharacters(parameter: name, expected: "free of control characters")
        }
        return value
    }

    static func optionalIdentifier(_ value: String?, name: String) throws(ParameterError) -> String? {
        guard let value, !value.isEmpty, value != "null" else { return nil }
        return try identifier(value, name: name)
    }

    /// What an `emailVisitor` value is: nothing (absent or blank), an address to look up (trimmed,
    /// lower-cased: every upstream matches email without regard to case), or a value that cannot be
    /// an address. Never an error: whatever the Desk holds for the visitor is served.
    static func email(_ value: String?) -> EmailValue {
        guard let value else { return .absent }
        let trimmed = value.trimmingWhitespace()
        guard !trimmed.isEmpty else { return .absent }
        return isEmailAddress(trimmed) ? .address(trimmed.lowercased()) : .notAnAddress
    }

    /// An address every upstream accepts as one (the rules of WordPress's `is_email`, the strictest of
    /// them: a refused address would be the shop's 400, and the panel a 502): at most 254 characters;
    /// a local part of ASCII letters, digits and ``!#$%&'*+/=?^_`{|}~.-``; a domain of at least two
    /// dot-separated labels of letters, digits and inner hyphens.
    static func isEmailAddress(_ text: String) -> Bool {
        guard text.utf8.count <= 254, let at = text.utf8.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = text.utf8[..<at]
        let domain = text.utf8[text.utf8.index(after: at)...]
        guard !local.isEmpty, local.count <= 64,
            local.allSatisfy({ isASCIILetterOrDigit($0) || localSymbols.contains($0) })
        else { return false }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return labels.count >= 2
            && labels.allSatisfy { label in
                !label.isEmpty && label.count <= 63 && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                    && label.allSatisfy { isASCIILetterOrDigit($0) || $0 == UInt8(ascii: "-") }
            }
    }

    private static let localSymbols = Set("!#$%&'*+/=?^_`{|}~.-".utf8)

    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// A locale such as `fr`, `fr_FR` or `en-GB`: letters, digits, `-` and `_`, at most 35 characters.
    static func locale(_ value: String?, name: String) throws(ParameterError) -> String? {
        guard let value, !value.isEmpty else { return nil }
        guard value.utf8.count <= 35,
            value.utf8.allSatisfy({ byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            })
        else { throw .invalidCharacters(parameter: name, expected: "a locale such as fr or en-GB") }
        return value
    }

    /// The locale when it is one, else nil: the language of labels falls back to the tenant's rather
    /// than refuse a panel or a form over its wording.
    static func usableLocale(_ value: String?) -> String? {
        try? locale(value, name: "operatorLocale")
    }

    /// A short token such as a website id: ASCII letters, digits, '-' and '_' only.
    static func token(_ value: String, name: String, expected: String) throws(ParameterError) -> String {
        guard value.utf8.count <= 64 else { throw .tooLong(parameter: name, maxCharacters: 64) }
        let allowed = value.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
        guard allowed, !value.isEmpty else { throw .invalidCharacters(parameter: name, expected: expected) }
        return value
    }

    /// Free text typed by a person: trimmed, bounded, control characters refused; nil when empty.
    static func freeText(_ value: String?, name: String) throws(ParameterError) -> String? {
        guard let value else { return nil }
        let trimmed = value.trimmingWhitespace()
        guard !trimmed.isEmpty else { return nil }
        guard trimmed.unicodeScalars.count <= PluginLimits.maxSearchCharacters else {
            throw .tooLong(parameter: name, maxCharacters: PluginLimits.maxSearchCharacters)
        }
        guard !trimmed.unicodeScalars.contains(where: isControl) else {
            throw .invalidCharacters(parameter: name, expected: "free of control characters")
        }
        return trimmed
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }
}
