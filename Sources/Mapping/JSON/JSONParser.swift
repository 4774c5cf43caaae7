/// Strict RFC 8259 parser working directly over UTF-8 bytes.
///
/// Rejects trailing garbage, bad escapes, raw control characters and invalid UTF-8; replaces lone
/// UTF-16 surrogates from `\u` escapes with U+FFFD; refuses nesting beyond `maximumDepth` with an
/// error instead of exhausting the stack. A leading UTF-8 byte order mark is ignored (RFC 8259 §8.1).
struct JSONParser {
    /// Deepest array/object nesting accepted.
    static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0
    /// Reused buffer for strings that contain escapes.
    private var scratch: [UInt8] = []

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses one complete JSON document.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSON {
        var parser = JSONParser(bytes: bytes)
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            parser.position = 3
        }
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.position != bytes.count {
            throw parser.error(.trailingCharacters, at: parser.position)
        }
        return value
    }

    // MARK: Errors

    private func error(_ reason: JSONParseError.Reason, at offset: Int) -> JSONParseError {
        var line = 1
        var column = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return JSONParseError(reason: reason, offset: offset, line: line, column: column)
    }

    private func unexpected(_ expected: String) -> JSONParseError {
        if position >= bytes.count { return error(.unexpectedEnd(expected: expected), at: position) }
        return error(.unexpectedByte(bytes[position], expected: expected), at: position)
    }

    // MARK: Values

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONParseError) -> JSON {
        guard position < bytes.count else { throw unexpected("a value") }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "{"):
            return try parseObject()
        case UInt8(ascii: "["):
            return try parseArray()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        default:
            throw unexpected("a value")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let start = literal.utf8Start
        for offset in 0..<literal.utf8CodeUnitCount {
            guard position < bytes.count, bytes[position] == start[offset] else {
                throw unexpected("'\(literal)'")
            }
            position += 1
        }
    }

    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw error(.nestingTooDeep(limit: Self.maximumDepth), at: position)
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSON {
        try enterContainer()
        position += 1  // [
        skipWhitespace()
        var elements: [JSON] = []
        if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw unexpected("',' or ']'") }
            let byte = bytes[position]
            if byte == UInt8(ascii: ",") {
                position += 1
                skipWhitespace()
            } else if byte == UInt8(ascii: "]") {
                position += 1
                depth -= 1
                return .array(elements)
            } else {
                throw unexpected("',' or ']'")
            }
        }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSON {
        try enterContainer()
        position += 1  // {
        skipWhitespace()
        var object = JSONObject()
        if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(object)
        }
        while true {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw unexpected("a string key")
            }
            let key = try parseString()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw unexpected("':'")
            }
            position += 1
            skipWhitespace()
            let value = try parseValue()
            object.append(key: key, value: value)
            skipWhitespace()
            guard position < bytes.count else { throw unexpected("',' or '}'") }
            let byte = bytes[position]
            if byte == UInt8(ascii: ",") {
                position += 1
                skipWhitespace()
            } else if byte == UInt8(ascii: "}") {
                position += 1
                depth -= 1
                return .object(object)
            } else {
                throw unexpected("',' or '}'")
            }
        }
    }

    // MARK: Numbers

    /// Exact powers of ten representable in a Double (10^0 ... 10^22).
    private static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    private mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = position
        var negative = false
        if bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        // Integer part: 0 or [1-9][0-9]*
        guard position < bytes.count, isDigit(bytes[position]) else {
            throw error(.invalidNumber, at: position)
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var decimalExponent = 0
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count && isDigit(bytes[position]) {
                throw error(.invalidNumber, at: position)
            }
        } else {
            while position < bytes.count && isDigit(bytes[position]) {
                accumulate(bytes[position], into: &mantissa, digits: &significantDigits, exponent: &decimalExponent, fractional: false)
                position += 1
            }
        }
        // Fraction
        if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw error(.invalidNumber, at: position)
            }
            while position < bytes.count && isDigit(bytes[position]) {
                accumulate(bytes[position], into: &mantissa, digits: &significantDigits, exponent: &decimalExponent, fractional: true)
                position += 1
            }
        }
        // Exponent
        if position < bytes.count && (bytes[position] | 0x20) == UInt8(ascii: "e") {
            position += 1
            var exponentNegative = false
            if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) {
                exponentNegative = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw error(.invalidNumber, at: position)
            }
            var exponent = 0
            while position < bytes.count && isDigit(bytes[position]) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[position] &- 0x30) }
                position += 1
            }
            decimalExponent += exponentNegative ? -exponent : exponent
        }
        // Fast path: a mantissa below 2^53 scaled by an exact power of ten is correctly rounded.
        if mantissa == 0 {
            return negative ? -0.0 : 0.0
        }
        if significantDigits <= 15 {
            let magnitude = Double(mantissa)
            if decimalExponent >= 0 && decimalExponent <= 22 {
                let value = magnitude * Self.exactPowersOfTen[decimalExponent]
                return negative ? -value : value
            }
            if decimalExponent < 0 && decimalExponent >= -22 {
                let value = magnitude / Self.exactPowersOfTen[-decimalExponent]
                return negative ? -value : value
            }
        }
        // Slow path: the standard library's correctly rounded conversion.
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text) else { throw error(.invalidNumber, at: start) }
        guard value.isFinite else { throw error(.numberOutOfRange, at: start) }
        return value
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// Adds one digit to the running mantissa; leading zeros do not count as significant, and
    /// digits beyond what a UInt64 holds only shift the exponent (the slow path handles those).
    @inline(__always)
    private func accumulate(_ byte: UInt8, into mantissa: inout UInt64, digits: inout Int, exponent: inout Int, fractional: Bool) {
        let digit = UInt64(byte &- 0x30)
        if mantissa == 0 && digit == 0 {
            if fractional { exponent -= 1 }
            return
        }
        digits += 1
        if digits <= 19 {
            mantissa = mantissa &* 10 &+ digit
            if fractional { exponent -= 1 }
        } else if !fractional {
            exponent += 1
        }
    }

    // MARK: Strings

    /// Parses a string starting at the opening quote.
    private mutating func parseString() throws(JSONParseError) -> String {
        position += 1  // opening quote
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") {
                return try parseEscapedString(from: start)
            }
            if byte < 0x20 { throw error(.controlCharacterInString(byte), at: position) }
            if byte < 0x80 {
                position += 1
            } else {
                try skipUTF8Sequence()
            }
        }
        throw error(.unexpectedEnd(expected: "'\"' to close the string"), at: position)
    }

    /// Slow path for strings with escapes: copies into `scratch`, decoding escapes as it goes.
    private mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                try parseEscape()
            } else if byte < 0x20 {
                throw error(.controlCharacterInString(byte), at: position)
            } else if byte < 0x80 {
                scratch.append(byte)
                position += 1
            } else {
                let sequenceStart = position
                try skipUTF8Sequence()
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[sequenceStart..<position]))
            }
        }
        throw error(.unexpectedEnd(expected: "'\"' to close the string"), at: position)
    }

    /// Decodes one escape at `position` (the backslash) into `scratch`.
    private mutating func parseEscape() throws(JSONParseError) {
        let escapeStart = position
        position += 1
        guard position < bytes.count else {
            throw error(.unexpectedEnd(expected: "an escape sequence"), at: position)
        }
        let code = bytes[position]
        position += 1
        switch code {
        case UInt8(ascii: "\""): scratch.append(0x22)
        case UInt8(ascii: "\\"): scratch.append(0x5C)
        case UInt8(ascii: "/"): scratch.append(0x2F)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4()
            var scalarValue: UInt32 = 0xFFFD
            if unit >= 0xD800 && unit <= 0xDBFF {
                // A high surrogate must be followed by `\u` + low surrogate; otherwise it is lone.
                if position + 1 < bytes.count && bytes[position] == UInt8(ascii: "\\") && bytes[position + 1] == UInt8(ascii: "u") {
                    let save = position
                    position += 2
                    let low = try parseHex4()
                    if low >= 0xDC00 && low <= 0xDFFF {
                        scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    } else {
                        position = save  // decode the next escape on its own
                    }
                }
            } else if unit < 0xDC00 || unit > 0xDFFF {
                scalarValue = UInt32(unit)
            }
            appendScalar(scalarValue)
        default:
            throw error(.invalidEscape, at: escapeStart)
        }
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard position < bytes.count else { throw error(.invalidUnicodeEscape, at: position) }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error(.invalidUnicodeEscape, at: position)
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    private mutating func appendScalar(_ value: UInt32) {
        UTF8Encoding.append(Unicode.Scalar(value) ?? "\u{FFFD}", to: &scratch)
    }

    /// Validates the multi-byte UTF-8 sequence at `position` and moves past it.
    @inline(__always)
    private mutating func skipUTF8Sequence() throws(JSONParseError) {
        let lead = bytes[position]
        let remaining = bytes.count - position
        func continuation(_ offset: Int) -> Bool {
            offset < remaining && bytes[position + offset] & 0xC0 == 0x80
        }
        func secondIn(_ range: ClosedRange<UInt8>) -> Bool {
            remaining > 1 && range.contains(bytes[position + 1])
        }
        switch lead {
        case 0xC2...0xDF:
            guard continuation(1) else { break }
            position += 2
            return
        case 0xE0:
            guard secondIn(0xA0...0xBF), continuation(2) else { break }
            position += 3
            return
        case 0xE1...0xEC, 0xEE...0xEF:
            guard continuation(1), continuation(2) else { break }
            position += 3
            return
        case 0xED:
            guard secondIn(0x80...0x9F), continuation(2) else { break }
            position += 3
            return
        case 0xF0:
            guard secondIn(0x90...0xBF), continuation(2), continuation(3) else { break }
            position += 4
            return
        case 0xF1...0xF3:
            guard continuation(1), continuation(2), continuation(3) else { break }
            position += 4
            return
        case 0xF4:
            guard secondIn(0x80...0x8F), continuation(2), continuation(3) else { break }
            position += 4
            return
        default:
            break
        }
        throw error(.invalidUTF8, at: position)
    }
}

// MARK: - Public entry points

extension JSON {
    /// Parses a JSON document from UTF-8 bytes (strict RFC 8259).
    public init(parsing bytes: [UInt8]) throws(JSONParseError) {
        let result: Result<JSON, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) -> JSON in try JSONParser.parse(buffer) }
        }
        self = try result.get()
    }

    /// Parses a JSON document from raw UTF-8 bytes (strict RFC 8259).
    package init(parsing buffer: UnsafeRawBufferPointer) throws(JSONParseError) {
        let result: Result<JSON, JSONParseError> = buffer.withMemoryRebound(to: UInt8.self) { bytes in
            Result { () throws(JSONParseError) -> JSON in try JSONParser.parse(bytes) }
        }
        self = try result.get()
    }

    /// Parses a JSON document from any collection of UTF-8 bytes (strict RFC 8259).
    package init(parsing bytes: some Collection<UInt8>) throws(JSONParseError) {
        let contiguous: Result<JSON, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) -> JSON in try JSONParser.parse(buffer) }
        }
        if let contiguous {
            self = try contiguous.get()
        } else {
            try self.init(parsing: Array(bytes))
        }
    }

    /// Parses a JSON document from text (strict RFC 8259).
    package init(parsing string: String) throws(JSONParseError) {
        var text = string
        let result: Result<JSON, JSONParseError> = text.withUTF8 { buffer in
            Result { () throws(JSONParseError) -> JSON in try JSONParser.parse(buffer) }
        }
        self = try result.get()
    }
}
