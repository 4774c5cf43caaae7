/// Filters that make values safe to place in URLs and search queries, and Shopify ids plain.
enum EncodingFilters {
    /// `gid`: `gid://shopify/Product/123?x=1` → `123`; other strings unchanged; numbers as text.
    static func gid(_ input: JSON) -> JSON {
        switch input {
        case .string(let text):
            var source = text
            return source.withUTF8 { bytes in
                let prefix: StaticString = "gid://"
                guard bytes.count >= prefix.utf8CodeUnitCount,
                    (0..<prefix.utf8CodeUnitCount).allSatisfy({ bytes[$0] == prefix.utf8Start[$0] })
                else { return input }
                var end = prefix.utf8CodeUnitCount
                while end < bytes.count && bytes[end] != UInt8(ascii: "?") { end += 1 }
                var start = end
                while start > 0 && bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
                return .string(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
            }
        case .number(let number) where number.isFinite:
            return .string(NumberText.shortest(number))
        default:
            return .null
        }
    }

    /// `url_encode`: percent-encodes the UTF-8 bytes of every character except the RFC 3986
    /// unreserved ones (A-Z a-z 0-9 - . _ ~). Numbers are encoded as their text.
    static func urlEncode(_ input: JSON) -> JSON {
        guard let text = ValueText.scalarText(of: input) else { return .null }
        return .string(percentEncoded(text))
    }

    /// `path_segment`: `url_encode`, and `.` / `..` become `%2E` / `%2E%2E` so an id can never
    /// name the current or parent directory of a URL path.
    static func pathSegment(_ input: JSON) -> JSON {
        guard let text = ValueText.scalarText(of: input) else { return .null }
        switch text {
        case ".": return .string("%2E")
        case "..": return .string("%2E%2E")
        default: return .string(percentEncoded(text))
        }
    }

    /// `shopify_search`: every whitespace-separated word wrapped in double quotes, with `\` and `"`
    /// escaped, joined by single spaces. `x OR status:draft` → `"x" "OR" "status:draft"`, so visitor
    /// text can never inject an operator, a field filter or parentheses. Null and empty give "".
    ///
    /// Works on Unicode scalars, as the search parser reads the text: a quote followed by a combining
    /// mark or a zero-width joiner is one `Character` that is not `"`, yet its first scalar is a quote.
    static func shopifySearch(_ input: JSON) -> JSON {
        guard let text = ValueText.scalarText(of: input) else { return .string("") }
        var result = String.UnicodeScalarView()
        var inWord = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                if inWord { result.append("\"") }
                inWord = false
                continue
            }
            if !inWord {
                if !result.isEmpty { result.append(" ") }
                result.append("\"")
                inWord = true
            }
            if scalar == "\\" || scalar == "\"" { result.append("\\") }
            result.append(scalar)
        }
        if inWord { result.append("\"") }
        return .string(String(result))
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Percent-encodes everything but unreserved characters, with upper-case hex digits.
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
