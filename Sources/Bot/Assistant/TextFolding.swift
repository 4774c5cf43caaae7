import Foundation

/// Case- and accent-insensitive forms of visitor text, to recognise words whatever the spelling:
/// "Conseillère" and "conseillere" are the same word.
enum TextFolding {
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
    }

    /// The folded words of `text`: runs of letters and digits; everything else separates words.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in fold(text) {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The folded words joined by single spaces: the key quick replies and phrases are compared by.
    static func phrase(_ text: String) -> String {
        words(text).joined(separator: " ")
    }
}
