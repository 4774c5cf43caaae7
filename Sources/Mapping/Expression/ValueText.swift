/// How values become text inside `"…{expr}…"` and in text filters.
enum ValueText {
    /// Strings as they are, numbers in shortest form (`12`, not `12.0`), bools as `true`/`false`,
    /// null as the empty string, arrays and objects as compact JSON.
    static func text(of value: JSON) -> String {
        switch value {
        case .null: return ""
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return NumberText.shortest(number)
        case .string(let string): return string
        case .array, .object: return value.jsonText
        }
    }

    /// `text(of:)` appended to `target`, without an intermediate string for the common cases.
    static func append(_ value: JSON, to target: inout String) {
        switch value {
        case .null: break
        case .string(let string): target += string
        default: target += text(of: value)
        }
    }

    /// Text for filters that work on strings but also accept numbers (ids are often numbers).
    static func scalarText(of value: JSON) -> String? {
        switch value {
        case .string(let string): return string
        case .number(let number) where number.isFinite: return NumberText.shortest(number)
        default: return nil
        }
    }
}

/// Recognises numbers written as text: `"29.90"`, `" -3 "`, `"+1e3"`, `".5"`.
enum NumericText {
    /// The number a string holds (surrounding whitespace allowed), or nil when it holds anything
    /// else (`"12abc"`, `"0x10"`, `"inf"`, `""`).
    static func parse(_ text: String) -> Double? {
        var utf8 = Substring(text).utf8[...]
        while let first = utf8.first, isSpace(first) { utf8 = utf8.dropFirst() }
        while let last = utf8.last, isSpace(last) { utf8 = utf8.dropLast() }
        guard !utf8.isEmpty, utf8.count < 400, isDecimalNumber(utf8) else { return nil }
        guard let value = Double(Substring(utf8)), value.isFinite else { return nil }
        return value
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// `[+-]? (digits (. digits?)? | . digits) ([eE] [+-]? digits)?`
    private static func isDecimalNumber(_ bytes: Substring.UTF8View) -> Bool {
        var index = bytes.startIndex
        func peek() -> UInt8? { index < bytes.endIndex ? bytes[index] : nil }
        func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index = bytes.index(after: index) }
        var digits = 0
        while isDigit(peek()) {
            digits += 1
            index = bytes.index(after: index)
        }
        if peek() == UInt8(ascii: ".") {
            index = bytes.index(after: index)
            while isDigit(peek()) {
                digits += 1
                index = bytes.index(after: index)
            }
        }
        guard digits > 0 else { return false }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index = bytes.index(after: index)
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index = bytes.index(after: index) }
            guard isDigit(peek()) else { return false }
            while isDigit(peek()) { index = bytes.index(after: index) }
        }
        return index == bytes.endIndex
    }
}
