/// Why a JSON document was refused, and where: byte offset, line and column (both from 1; the
/// column counts characters, i.e. UTF-8 sequences, not bytes).
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong.
    package enum Reason: Sendable, Hashable {
        /// The input ended while `expected` was still missing.
        case unexpectedEnd(expected: String)
        /// A byte that cannot start or continue what `expected` names.
        case unexpectedByte(UInt8, expected: String)
        /// A complete value followed by more than whitespace.
        case trailingCharacters
        /// A number that breaks the JSON number grammar.
        case invalidNumber
        /// A number too large for a Double (it would become infinity).
        case numberOutOfRange
        /// A backslash followed by something other than `" \ / b f n r t u`.
        case invalidEscape
        /// `\u` not followed by four hexadecimal digits.
        case invalidUnicodeEscape
        /// A raw control character (below U+0020) inside a string.
        case controlCharacterInString(UInt8)
        /// Bytes that are not valid UTF-8.
        case invalidUTF8
        /// Arrays and objects nested deeper than `limit`.
        case nestingTooDeep(limit: Int)
    }

    package let reason: Reason
    /// Byte offset of the problem from the start of the input (0-based).
    package let offset: Int
    /// Line of the problem, from 1.
    package let line: Int
    /// Column of the problem within its line, from 1.
    package let column: Int

    package init(reason: Reason, offset: Int, line: Int, column: Int) {
        self.reason = reason
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// A sentence saying what is wrong (without the position).
    package var message: String {
        switch reason {
        case .unexpectedEnd(let expected):
            return "unexpected end of input, expected \(expected)"
        case .unexpectedByte(let byte, let expected):
            return "unexpected \(Self.describe(byte)), expected \(expected)"
        case .trailingCharacters:
            return "unexpected characters after the end of the JSON value"
        case .invalidNumber:
            return "invalid number"
        case .numberOutOfRange:
            return "number out of range"
        case .invalidEscape:
            return "invalid escape sequence in string"
        case .invalidUnicodeEscape:
            return "invalid \\u escape, expected four hexadecimal digits"
        case .controlCharacterInString(let byte):
            return "control character \(Self.describe(byte)) in string must be escaped"
        case .invalidUTF8:
            return "invalid UTF-8"
        case .nestingTooDeep(let limit):
            return "arrays and objects nested deeper than \(limit) levels"
        }
    }

    public var description: String {
        "JSON parse error at line \(line), column \(column) (byte \(offset)): \(message)"
    }

    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
    }
}
