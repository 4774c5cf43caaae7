// Kept apart from Mapping's HTML filter on purpose: this is what Shopify does to descriptions, and
// the simulators must not share the code under test.

/// Turns product HTML into the single line of plain text Shopify serves as `description`:
/// tags removed (with `script`/`style` contents), block breaks turned into spaces, character
/// references decoded, whitespace collapsed.
package enum HTMLText {
    package static func plainText(fromHTML html: String) -> String {
        var output = ""
        var pendingSpace = false
        var index = html.startIndex

        func emit(_ text: String) {
            for character in text {
                if character.isWhitespace {
                    pendingSpace = true
                } else {
                    if pendingSpace, !output.isEmpty { output.append(" ") }
                    pendingSpace = false
                    output.append(character)
                }
            }
        }

        while index < html.endIndex {
            let character = html[index]
            if character == "<", let close = html[index...].firstIndex(of: ">") {
                let inside = html[html.index(after: index)..<close]
                let name = tagName(of: inside)
                index = html.index(after: close)
                if !inside.hasPrefix("/"), name == "script" || name == "style" {
                    // Drop everything up to the matching end tag (or the end of the text).
                    if let end = html.range(of: "</\(name)", options: [.caseInsensitive], range: index..<html.endIndex) {
                        index = html[end.upperBound...].firstIndex(of: ">").map { html.index(after: $0) } ?? html.endIndex
                    } else {
                        index = html.endIndex
                    }
                }
                if breakingTags.contains(name) { pendingSpace = true }
            } else if character == "&", let (decoded, next) = decodeReference(in: html, at: index) {
                emit(decoded)
                index = next
            } else {
                emit(String(character))
                index = html.index(after: index)
            }
        }
        return output
    }

    /// The lowercased element name of a tag body such as `/p`, `br /` or `a href="…"`.
    private static func tagName(of inside: Substring) -> String {
        var name = ""
        for character in inside.drop(while: { $0 == "/" || $0 == "!" }) {
            guard character.isLetter || character.isNumber else { break }
            name.append(character)
        }
        return name.lowercased()
    }

    private static let breakingTags: Set<String> = [
        "br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
        "table", "blockquote", "section", "article", "hr", "dt", "dd",
    ]

    private static let namedReferences: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "eacute": "é",
        "egrave": "è", "ecirc": "ê", "agrave": "à", "acirc": "â", "ccedil": "ç", "ocirc": "ô", "ucirc": "û",
        "icirc": "î", "iuml": "ï", "euml": "ë", "uuml": "ü", "ouml": "ö", "auml": "ä", "Uuml": "Ü",
        "Ouml": "Ö", "Auml": "Ä", "Eacute": "É", "szlig": "ß", "hellip": "…", "mdash": "—", "ndash": "–",
        "euro": "€", "copy": "©", "reg": "®", "trade": "™", "laquo": "«", "raquo": "»", "rsquo": "’",
        "lsquo": "‘", "ldquo": "“", "rdquo": "”", "deg": "°", "times": "×", "middot": "·",
    ]

    /// Decodes `&name;`, `&#123;` or `&#x1F600;` at `start`; nil when it is not a reference.
    private static func decodeReference(in text: String, at start: String.Index) -> (String, String.Index)? {
        let afterAmpersand = text.index(after: start)
        guard let semicolon = text[afterAmpersand...].prefix(12).firstIndex(of: ";") else { return nil }
        let body = text[afterAmpersand..<semicolon]
        let next = text.index(after: semicolon)
        if body.hasPrefix("#x") || body.hasPrefix("#X") {
            guard let code = UInt32(body.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(code) else { return nil }
            return (String(Character(scalar)), next)
        }
        if body.hasPrefix("#") {
            guard let code = UInt32(body.dropFirst()), let scalar = Unicode.Scalar(code) else { return nil }
            return (String(Character(scalar)), next)
        }
        guard let decoded = namedReferences[String(body)] else { return nil }
        return (decoded, next)
    }
}
