import Foundation

// Kept apart from the bot's folding on purpose: this is how the simulated shops search, and the
// simulators must not share the code under test.

/// Case- and accent-insensitive text keys, used for search, title sorting and handles.
enum TextFolding {
    /// Lowercased with diacritics removed: "Grüner Tee" → "gruner tee".
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
    }

    /// The words of already folded text: runs of letters and digits; each symbol (an emoji, ☕)
    /// is a word of its own; punctuation and spaces separate words.
    static func words(ofFolded text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else {
                if !current.isEmpty {
                    words.append(current)
                    current = ""
                }
                if character.isSymbol || (character.unicodeScalars.first?.properties.isEmojiPresentation ?? false) {
                    words.append(String(character))
                }
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Folded words of raw text.
    static func words(of text: String) -> [String] {
        words(ofFolded: fold(text))
    }

    /// A URL handle like Shopify makes them: folded, letters and digits kept (CJK included), every
    /// other run turned into one hyphen.
    static func handle(from title: String) -> String {
        var handle = ""
        var pendingHyphen = false
        for character in fold(title) {
            if character.isLetter || character.isNumber {
                if pendingHyphen, !handle.isEmpty { handle.append("-") }
                pendingHyphen = false
                handle.append(character)
            } else {
                pendingHyphen = true
            }
        }
        return handle.isEmpty ? "product" : handle
    }
}
