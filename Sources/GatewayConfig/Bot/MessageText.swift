/// The length rules of bot messages: iAdvize refuses messages over 450 characters, and echoed
/// visitor text must not turn into Markdown.
package enum MessageText {
    /// iAdvize's technical limit for one bot message. Counted in UTF-16 code units, the strictest
    /// of the usual counts (JavaScript's `length`), so it also holds for characters and scalars.
    package static let maxMessageLength = 450
    /// The longest search text echoed in a message (`{query}`).
    package static let echoedQueryLimit = 60
    /// The longest bot name echoed in a message (`{bot}`).
    package static let echoedNameLimit = 60
    /// Product names and quick replies are labels: kept short so a carousel stays readable.
    package static let productNameLimit = 120
    package static let productDescriptionLimit = 200
    package static let labelLimit = 60

    /// `text` if it fits in `limit` UTF-16 code units; otherwise cut at a character boundary,
    /// preferably after a word, with an ellipsis.
    package static func cut(_ text: String, to limit: Int) -> String {
        guard text.utf16.count > limit else { return text }
        guard limit > 1 else { return "" }
        var kept = ""
        var used = 0
        for character in text {
            let size = character.utf16.count
            if used + size > limit - 1 { break }
            kept.append(character)
            used += size
        }
        // Prefer a word boundary when one is close to the end.
        if let space = kept.lastIndex(where: { $0.isWhitespace }), kept.distance(from: space, to: kept.endIndex) < 20 {
            kept = String(kept[..<space])
        }
        while let last = kept.last, last.isWhitespace || last.isPunctuation { kept.removeLast() }
        return kept + "…"
    }

    /// `text` with the characters that start Markdown markup escaped by a backslash, scalar by
    /// scalar (a `*` followed by a combining mark is one `Character`, but still a `*` to a renderer).
    package static func markdownEscaped(_ text: String) -> String {
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if markdownSpecials.contains(scalar) { escaped.append("\\") }
            escaped.append(scalar)
        }
        return String(escaped)
    }

    private static let markdownSpecials: Set<Unicode.Scalar> = ["\\", "`", "*", "_", "[", "]", "<", ">", "~", "|", "#"]
}
