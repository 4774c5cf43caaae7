/// Encodes JSON values as compact UTF-8 text into a byte buffer.
///
/// The static `append…` functions are `package` so the other modules can hand-encode their own models
/// into the same kind of buffer with the same escaping and number rules.
package struct JSONWriter: Sendable {
    /// The encoded bytes so far.
    package var bytes: [UInt8]

    /// A writer with an empty buffer, optionally with room reserved.
    package init(reservingCapacity capacity: Int = 0) {
        bytes = []
        if capacity > 0 { bytes.reserveCapacity(capacity) }
    }

    /// Appends `value` as compact JSON (object keys in their stored order).
    package mutating func write(_ value: JSON) {
        Self.appendJSON(value, to: &bytes)
    }

    /// Appends `value` as compact JSON to `buffer`.
    package static func appendJSON(_ value: JSON, to buffer: inout [UInt8]) {
        switch value {
        case .null:
            appendNull(to: &buffer)
        case .bool(let flag):
            appendBool(flag, to: &buffer)
        case .number(let number):
            appendNumber(number, to: &buffer)
        case .string(let string):
            appendString(string, to: &buffer)
        case .array(let elements):
            buffer.append(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { buffer.append(UInt8(ascii: ",")) }
                first = false
                appendJSON(element, to: &buffer)
            }
            buffer.append(UInt8(ascii: "]"))
        case .object(let object):
            buffer.append(UInt8(ascii: "{"))
            var first = true
            for entry in object.entries {
                if !first { buffer.append(UInt8(ascii: ",")) }
                first = false
                appendString(entry.key, to: &buffer)
                buffer.append(UInt8(ascii: ":"))
                appendJSON(entry.value, to: &buffer)
            }
            buffer.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `null`.
    package static func appendNull(to buffer: inout [UInt8]) {
        appendASCII("null", to: &buffer)
    }

    /// Appends `true` or `false`.
    package static func appendBool(_ flag: Bool, to buffer: inout [UInt8]) {
        if flag {
            appendASCII("true", to: &buffer)
        } else {
            appendASCII("false", to: &buffer)
        }
    }

    /// Appends a number: whole values within ±2^53 without a fraction (`12`, not `12.0`), others in
    /// the shortest form that reads back to the same Double; NaN and infinities become `null`.
    package static func appendNumber(_ number: Double, to buffer: inout [UInt8]) {
        guard number.isFinite else {
            appendNull(to: &buffer)
            return
        }
        if let whole = NumberText.exactInteger(number) {
            appendInteger(whole, to: &buffer)
        } else {
            buffer.append(contentsOf: number.description.utf8)
        }
    }

    /// Appends a whole number in decimal.
    package static func appendInteger(_ value: Int64, to buffer: inout [UInt8]) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// Appends ASCII text known at compile time.
    @inline(__always)
    static func appendASCII(_ text: StaticString, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends `string` as a quoted JSON string: escapes `"` and `\`, control characters (short forms
    /// `\n \r \t \b \f`, others `\u00XX`) and U+2028/U+2029 (which break JavaScript); other
    /// non-ASCII text stays UTF-8.
    package static func appendString(_ string: String, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        var text = string
        text.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            let count = utf8.count
            while index < count {
                let byte = utf8[index]
                let needsEscape: Bool
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    needsEscape = true
                } else if byte == 0xE2 && index + 2 < count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9) {
                    needsEscape = true
                } else {
                    needsEscape = false
                }
                if !needsEscape {
                    index += 1
                    continue
                }
                if runStart < index {
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                }
                switch byte {
                case UInt8(ascii: "\""): appendASCII("\\\"", to: &buffer)
                case UInt8(ascii: "\\"): appendASCII("\\\\", to: &buffer)
                case 0x0A: appendASCII("\\n", to: &buffer)
                case 0x0D: appendASCII("\\r", to: &buffer)
                case 0x09: appendASCII("\\t", to: &buffer)
                case 0x08: appendASCII("\\b", to: &buffer)
                case 0x0C: appendASCII("\\f", to: &buffer)
                case 0xE2:
                    // U+2028 / U+2029
                    appendASCII("\\u202", to: &buffer)
                    buffer.append(utf8[index + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
                    index += 2
                default:
                    appendUnicodeEscape(byte, to: &buffer)
                }
                index += 1
                runStart = index
            }
            if runStart < count {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count]))
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    private static func appendUnicodeEscape(_ byte: UInt8, to buffer: inout [UInt8]) {
        appendASCII("\\u00", to: &buffer)
        buffer.append(hexDigit(byte >> 4))
        buffer.append(hexDigit(byte & 0x0F))
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}

extension JSON {
    /// The compact UTF-8 JSON encoding of this value.
    public func encoded() -> [UInt8] {
        var writer = JSONWriter()
        writer.write(self)
        return writer.bytes
    }

    /// The compact JSON text of this value.
    package var jsonText: String {
        String(decoding: encoded(), as: UTF8.self)
    }
}
