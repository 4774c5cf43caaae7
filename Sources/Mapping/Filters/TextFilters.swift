/// String filters: case, trimming, replacing, splitting, truncating.
enum TextFilters {
    /// Applies `transform` to a string input; anything else yields null.
    @inline(__always)
    static func mapString(_ input: JSON, _ transform: (String) -> String) -> JSON {
        guard case .string(let text) = input else { return .null }
        return .string(transform(text))
    }

    /// `capitalize`: the first Character in upper case and the rest unchanged (lower-casing the rest
    /// would mangle names such as "McDonald" or "eBay gift card").
    static func capitalize(_ text: String) -> String {
        guard let first = text.first else { return text }
        return String(first).uppercased() + text.dropFirst()
    }

    /// `trim`: drops leading and trailing whitespace (Unicode whitespace, including newlines).
    static func trim(_ text: String) -> String {
        guard let start = text.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        guard let last = text.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(text[start...last])
    }

    /// `replace(find, with)`: every occurrence of `find`, compared as text, replaced; an empty
    /// `find` leaves the input unchanged.
    static func replace(_ input: JSON, find: JSON, with replacement: JSON) -> JSON {
        guard case .string(let text) = input, case .string(let target) = find else { return .null }
        let replacementText = ValueText.text(of: replacement)
        guard !target.isEmpty else { return input }
        return .string(text.replacing(target, with: replacementText))
    }

    /// `split(separator)`: the pieces between separators (empty pieces kept); an empty separator
    /// splits into characters; an empty string gives an empty array.
    static func split(_ input: JSON, separator: JSON) -> JSON {
        guard case .string(let text) = input, case .string(let separatorText) = separator else { return .null }
        if text.isEmpty { return .array([]) }
        if separatorText.isEmpty { return .array(text.map { .string(String($0)) }) }
        let pieces = text.split(separator: separatorText, omittingEmptySubsequences: false)
        return .array(pieces.map { .string(String($0)) })
    }

    /// `truncate(length, ellipsis)`: at most `length` Unicode scalars including the ellipsis, cut
    /// between Characters (never inside an emoji or before a combining mark), at a word boundary
    /// when one lies in the last fifth of the budget. Short enough strings come back unchanged.
    static func truncate(_ input: JSON, length: JSON, ellipsis: JSON) -> JSON {
        guard case .string(let text) = input, let requested = length.doubleValue, !requested.isNaN,
            case .string(let ellipsisText) = ellipsis
        else { return .null }
        let limit = requested <= 0 ? 0 : Int(min(requested, 1_000_000_000).rounded(.down))
        if hasAtMost(limit, scalars: text) { return input }
        let ellipsisLength = ellipsisText.unicodeScalars.count
        if ellipsisLength >= limit { return .string(String(prefix(of: ellipsisText, scalars: limit).text)) }

        let budget = limit - ellipsisLength
        let (kept, keptScalars) = prefix(of: text, scalars: budget)
        var cut = kept.endIndex
        // Inside a word? Step back to the last whitespace when it is close enough to the end.
        if cut < text.endIndex, !text[cut].isWhitespace, let last = kept.last, !last.isWhitespace {
            let minimum = Int((Double(budget) * 0.8).rounded(.up))
            var offset = keptScalars
            var index = kept.endIndex
            while index > kept.startIndex {
                let before = text.index(before: index)
                offset -= text[before].unicodeScalars.count
                if offset < minimum { break }
                if text[before].isWhitespace {
                    cut = before
                    break
                }
                index = before
            }
        }
        var result = text[..<cut]
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return .string(String(result) + ellipsisText)
    }

    /// Whether `text` has at most `limit` Unicode scalars, counting no further than `limit` (a
    /// description can be long).
    static func hasAtMost(_ limit: Int, scalars text: String) -> Bool {
        let scalars = text.unicodeScalars
        guard let end = scalars.index(scalars.startIndex, offsetBy: limit, limitedBy: scalars.endIndex) else { return true }
        return end == scalars.endIndex
    }

    /// The longest prefix made of whole Characters with at most `scalars` Unicode scalars.
    ///
    /// Counts scalars, then steps back to the nearest Character boundary: grapheme breaking runs
    /// only around the cut, not over the whole prefix (it runs for every product of a page).
    static func prefix(of text: String, scalars limit: Int) -> (text: Substring, scalars: Int) {
        let scalars = text.unicodeScalars
        guard var end = scalars.index(scalars.startIndex, offsetBy: limit, limitedBy: scalars.endIndex) else {
            return (text[...], scalars.count)
        }
        var used = limit
        while end > scalars.startIndex, end.samePosition(in: text) == nil {
            end = scalars.index(before: end)
            used -= 1
        }
        return (text[..<end], used)
    }
}
