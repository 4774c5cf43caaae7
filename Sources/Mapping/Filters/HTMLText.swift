/// Turns product-description HTML into one line of plain text (`strip_html`).
///
/// Not a full HTML parser: a tolerant single pass that removes tags (quotes inside attributes
/// respected) and comments, drops `<script>`/`<style>` contents, makes block-level tags word
/// breaks, decodes entities (decoded text is never re-read as markup), collapses whitespace runs
/// into one space and trims.
enum HTMLText {
    static func plainText(fromHTML html: String) -> String {
        var source = html
        return source.withUTF8 { bytes in
            var output = PlainTextBuffer(capacity: bytes.count)
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if isPlain(byte) {
                    // Copy a run of ordinary ASCII text in one go.
                    var end = index + 1
                    while end < count && isPlain(bytes[end]) { end += 1 }
                    output.appendBytes(UnsafeBufferPointer(rebasing: bytes[index..<end]))
                    index = end
                    continue
                }
                if byte == UInt8(ascii: "<") && index + 1 < count {
                    let next = bytes[index + 1]
                    if matches(bytes, at: index, "<!--") {
                        index = position(of: "-->", in: bytes, from: index + 4).map { $0 + 3 } ?? count
                        continue
                    }
                    if next == UInt8(ascii: "/") || next == UInt8(ascii: "!") || next == UInt8(ascii: "?") || isASCIILetter(next) {
                        let tag = readTag(bytes, at: index)
                        index = tag.end
                        if !tag.closing && !tag.selfClosing && (tag.name == script || tag.name == style) {
                            let name = UnsafeBufferPointer(rebasing: bytes[tag.nameBytes])
                            index = endOfRawText(named: name, in: bytes, from: index)
                            output.breakWord()
                        } else if blockTags.contains(tag.name) {
                            output.breakWord()
                        }
                        continue
                    }
                }
                if byte == UInt8(ascii: "&"), let entity = decodeEntity(bytes, at: index) {
                    for scalar in entity.text.unicodeScalars { output.append(scalar) }
                    index = entity.end
                    continue
                }
                if byte < 0x80 {
                    if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                        output.breakWord()
                    } else {
                        output.appendByte(byte)
                    }
                    index += 1
                    continue
                }
                // A multi-byte character (the input is a Swift String, so valid UTF-8).
                let length = byte >= 0xF0 ? 4 : (byte >= 0xE0 ? 3 : 2)
                let end = min(index + length, count)
                if isUnicodeWhitespace(bytes, at: index, length: end - index) {
                    output.breakWord()
                } else {
                    output.appendBytes(UnsafeBufferPointer(rebasing: bytes[index..<end]))
                }
                index = end
            }
            return output.text
        }
    }

    /// Collects output text, turning runs of whitespace into one space and trimming both ends.
    private struct PlainTextBuffer {
        var bytes: [UInt8] = []
        var pendingSpace = false

        init(capacity: Int) {
            bytes.reserveCapacity(capacity)
        }

        mutating func breakWord() {
            pendingSpace = true
        }

        private mutating func flushSpace() {
            if pendingSpace && !bytes.isEmpty { bytes.append(0x20) }
            pendingSpace = false
        }

        mutating func appendByte(_ byte: UInt8) {
            flushSpace()
            bytes.append(byte)
        }

        mutating func appendBytes(_ sequence: UnsafeBufferPointer<UInt8>) {
            flushSpace()
            bytes.append(contentsOf: sequence)
        }

        mutating func append(_ scalar: Unicode.Scalar) {
            if scalar.properties.isWhitespace {
                breakWord()
                return
            }
            flushSpace()
            UTF8Encoding.append(scalar, to: &bytes)
        }

        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// Printable ASCII that needs no attention: not a space, `<` or `&`.
    @inline(__always)
    private static func isPlain(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x80 && byte != UInt8(ascii: "<") && byte != UInt8(ascii: "&")
    }

    @inline(__always)
    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    @inline(__always)
    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (byte >= 0x30 && byte <= 0x39)
    }

    /// Whether the UTF-8 sequence at `index` is a non-ASCII whitespace character (U+0085, U+00A0,
    /// U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
    private static func isUnicodeWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> Bool {
        switch bytes[index] {
        case 0xC2:
            return length == 2 && (bytes[index + 1] == 0x85 || bytes[index + 1] == 0xA0)
        case 0xE1:
            return length == 3 && bytes[index + 1] == 0x9A && bytes[index + 2] == 0x80
        case 0xE2:
            guard length == 3 else { return false }
            if bytes[index + 1] == 0x80 {
                let last = bytes[index + 2]
                return last <= 0x8A || last == 0xA8 || last == 0xA9 || last == 0xAF
            }
            return bytes[index + 1] == 0x81 && bytes[index + 2] == 0x9F
        case 0xE3:
            return length == 3 && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80
        default:
            return false
        }
    }

    /// Tags that separate words when removed (a short list: scanning it beats hashing).
    static let blockTags: [TagName] = [
        "br", "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table", "thead", "tbody",
        "tfoot", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "section", "article", "header",
        "footer", "nav", "aside", "main", "blockquote", "pre", "figure", "figcaption", "address", "option",
    ].map { TagName($0) }

    private static let script = TagName("script")
    private static let style = TagName("style")

    /// A lower-cased ASCII tag name of up to 16 letters packed into two words: comparing and
    /// hashing it allocates nothing (longer names are cut, which is harmless for our purpose).
    struct TagName: Hashable, Sendable {
        private var low: UInt64 = 0
        private var high: UInt64 = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            var index = 0
            while index < bytes.count && index < 16 {
                let byte = bytes[index]
                let lowered = UInt64(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                if index < 8 {
                    low |= lowered << (8 * UInt64(index))
                } else {
                    high |= lowered << (8 * UInt64(index - 8))
                }
                index += 1
            }
        }

        init(_ name: String) {
            var name = name
            self = name.withUTF8 { TagName($0) }
        }
    }

    private struct Tag {
        var name: TagName
        var nameBytes: Range<Int>
        var closing: Bool
        var selfClosing: Bool
        var end: Int
    }

    /// Reads `<name …>` / `</name>` / `<!…>` from the `<` at `start` (quotes inside attributes
    /// respected); `end` is just past `>`, or the end of the input when the tag never closes.
    private static func readTag(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Tag {
        var index = start + 1
        var closing = false
        if index < bytes.count && bytes[index] == UInt8(ascii: "/") {
            closing = true
            index += 1
        }
        let nameStart = index
        while index < bytes.count && isASCIIAlphanumeric(bytes[index]) && index - nameStart < 16 { index += 1 }
        let nameEnd = index
        while index < bytes.count && isASCIIAlphanumeric(bytes[index]) { index += 1 }
        let name = TagName(UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd]))
        var quote: UInt8 = 0
        var previous: UInt8 = 0x20
        while index < bytes.count {
            let byte = bytes[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return Tag(name: name, nameBytes: nameStart..<nameEnd, closing: closing, selfClosing: previous == UInt8(ascii: "/"), end: index + 1)
            }
            previous = byte
            index += 1
        }
        return Tag(name: name, nameBytes: nameStart..<nameEnd, closing: closing, selfClosing: false, end: bytes.count)
    }

    /// Just past the `</name …>` that ends a script or style element (or the end of the input).
    private static func endOfRawText(named name: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let closing = [UInt8(ascii: "<"), UInt8(ascii: "/")] + name.map { isASCIILetter($0) ? $0 | 0x20 : $0 }
        var index = start
        while index + closing.count <= bytes.count {
            if bytes[index] == UInt8(ascii: "<") && matchesIgnoringCase(bytes, at: index, closing) {
                let afterName = index + closing.count
                if afterName == bytes.count || !isASCIIAlphanumeric(bytes[afterName]) {
                    return readTag(bytes, at: index).end
                }
            }
            index += 1
        }
        return bytes.count
    }

    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard start + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[start + offset] != literal.utf8Start[offset] { return false }
        return true
    }

    private static func matchesIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ literal: [UInt8]) -> Bool {
        guard start + literal.count <= bytes.count else { return false }
        for (offset, expected) in literal.enumerated() {
            let actual = bytes[start + offset]
            if (isASCIILetter(actual) ? actual | 0x20 : actual) != expected { return false }
        }
        return true
    }

    private static func position(of literal: StaticString, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if matches(bytes, at: index, literal) { return index }
            index += 1
        }
        return nil
    }

    // MARK: Entities

    /// Decodes `&name;`, `&#123;` or `&#x1F600;` at `start`; nil when it is not an entity (the `&`
    /// is then kept as text). Numeric references may omit the `;`; invalid code points give U+FFFD.
    private static func decodeEntity(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (text: String, end: Int)? {
        var index = start + 1
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "#") {
            index += 1
            var radix: UInt32 = 10
            if index < bytes.count && (bytes[index] | 0x20) == UInt8(ascii: "x") {
                radix = 16
                index += 1
            }
            var value: UInt32 = 0
            var digits = 0
            while index < bytes.count, let digit = digitValue(bytes[index], radix: radix) {
                value = min(value &* radix &+ digit, 0x110000)
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if index < bytes.count && bytes[index] == UInt8(ascii: ";") { index += 1 }
            let scalar = value == 0 ? nil : Unicode.Scalar(value)
            return (String(Character(scalar ?? "\u{FFFD}")), index)
        }
        let nameStart = index
        while index < bytes.count && index - nameStart <= 32 {
            let byte = bytes[index]
            if byte == UInt8(ascii: ";") {
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<index]), as: UTF8.self)
                guard let text = namedEntities[name] else { return nil }
                return (text, index + 1)
            }
            guard isASCIIAlphanumeric(byte) else { return nil }
            index += 1
        }
        return nil
    }

    private static func digitValue(_ byte: UInt8, radix: UInt32) -> UInt32? {
        switch byte {
        case 0x30...0x39: return UInt32(byte - 0x30)
        case 0x41...0x46 where radix == 16: return UInt32(byte - 0x41 + 10)
        case 0x61...0x66 where radix == 16: return UInt32(byte - 0x61 + 10)
        default: return nil
        }
    }

    /// Named character references seen in shop descriptions: the XML five, typography, and Latin-1.
    static let namedEntities: [String: String] = [
        "amp": "&", "AMP": "&", "lt": "<", "LT": "<", "gt": ">", "GT": ">", "quot": "\"", "QUOT": "\"",
        "apos": "'", "nbsp": "\u{00A0}", "shy": "",
        "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}", "zwnj": "\u{200C}", "zwj": "\u{200D}",
        "ndash": "–", "mdash": "—", "lsquo": "‘", "rsquo": "’", "sbquo": "‚", "ldquo": "“", "rdquo": "”",
        "bdquo": "„", "laquo": "«", "raquo": "»", "lsaquo": "‹", "rsaquo": "›", "hellip": "…", "bull": "•",
        "middot": "·", "euro": "€", "cent": "¢", "pound": "£", "yen": "¥", "curren": "¤", "copy": "©",
        "reg": "®", "trade": "™", "deg": "°", "plusmn": "±", "times": "×", "divide": "÷", "micro": "µ",
        "para": "¶", "sect": "§", "iexcl": "¡", "iquest": "¿", "ordf": "ª", "ordm": "º", "not": "¬",
        "macr": "¯", "acute": "´", "cedil": "¸", "uml": "¨", "brvbar": "¦", "frac12": "½", "frac14": "¼",
        "frac34": "¾", "sup1": "¹", "sup2": "²", "sup3": "³", "dagger": "†", "Dagger": "‡", "permil": "‰",
        "prime": "′", "Prime": "″", "larr": "←", "rarr": "→", "uarr": "↑", "darr": "↓", "hearts": "♥",
        "check": "✓",
        "Agrave": "À", "Aacute": "Á", "Acirc": "Â", "Atilde": "Ã", "Auml": "Ä", "Aring": "Å", "AElig": "Æ",
        "Ccedil": "Ç", "Egrave": "È", "Eacute": "É", "Ecirc": "Ê", "Euml": "Ë", "Igrave": "Ì", "Iacute": "Í",
        "Icirc": "Î", "Iuml": "Ï", "ETH": "Ð", "Ntilde": "Ñ", "Ograve": "Ò", "Oacute": "Ó", "Ocirc": "Ô",
        "Otilde": "Õ", "Ouml": "Ö", "Oslash": "Ø", "Ugrave": "Ù", "Uacute": "Ú", "Ucirc": "Û", "Uuml": "Ü",
        "Yacute": "Ý", "THORN": "Þ", "szlig": "ß", "agrave": "à", "aacute": "á", "acirc": "â", "atilde": "ã",
        "auml": "ä", "aring": "å", "aelig": "æ", "ccedil": "ç", "egrave": "è", "eacute": "é", "ecirc": "ê",
        "euml": "ë", "igrave": "ì", "iacute": "í", "icirc": "î", "iuml": "ï", "eth": "ð", "ntilde": "ñ",
        "ograve": "ò", "oacute": "ó", "ocirc": "ô", "otilde": "õ", "ouml": "ö", "oslash": "ø", "ugrave": "ù",
        "uacute": "ú", "ucirc": "û", "uuml": "ü", "yacute": "ý", "thorn": "þ", "yuml": "ÿ",
        "OElig": "Œ", "oelig": "œ", "Scaron": "Š", "scaron": "š", "Yuml": "Ÿ",
    ]
}
