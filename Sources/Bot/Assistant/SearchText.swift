import GatewayConfig

/// Turns a visitor's message into catalog search words.
///
/// The shop's search wants every word to match, so the message is reduced to the words that
/// name a product: it is cut to its first 1,000 characters, split on spaces and punctuation,
/// French elisions are removed (`l'écharpe` → `écharpe`), filler words of the bot's language
/// are dropped ("I'm looking for", "je cherche", "please", "bonjour"), and at most 8 words and
/// 100 characters are kept. Nothing left means there is nothing to search for.
package enum SearchText {
    static let maxInputCharacters = 1_000
    static let maxWords = 8
    static let maxCharacters = 100

    package static func query(from message: String, language: BotLanguage) -> String? {
        var words: [String] = []
        var current = ""
        func endWord() {
            let word = trimmed(current)
            current = ""
            guard !word.isEmpty else { return }
            words.append(word)
        }
        for character in message.prefix(maxInputCharacters) {
            let normalized: Character = character == "’" || character == "`" ? "'" : character
            if normalized.isWhitespace || separators.contains(normalized) {
                endWord()
            } else {
                current.append(normalized)
            }
        }
        endWord()
        var kept: [String] = []
        let filler = language == .fr ? frenchFiller : englishFiller
        for var word in words {
            if language == .fr { word = withoutElision(word) }
            guard !word.isEmpty, !filler.contains(word.lowercased()) else { continue }
            kept.append(word)
            if kept.count == maxWords { break }
        }
        var query = ""
        for word in kept {
            let next = query.isEmpty ? word : query + " " + word
            if next.count > maxCharacters {
                if query.isEmpty { query = String(word.prefix(maxCharacters)) }
                break
            }
            query = next
        }
        return query.isEmpty ? nil : query
    }

    /// The query with plural-looking words made singular, or nil when no word changes: the shop's
    /// search matches whole words, so "dresses" misses "Red Dress" and "écharpes" misses "Écharpe".
    /// Words of 3 letters or fewer and words ending in "ss" are left alone.
    package static func singular(of query: String, language: BotLanguage) -> String? {
        var changed = false
        let words = query.split(separator: " ").map { word -> String in
            let lower = word.lowercased()
            guard lower.count > 3, !lower.hasSuffix("ss") else { return String(word) }
            var drop = 0
            switch language {
            case .en:
                if lower.hasSuffix("ies"), lower.count > 4 {
                    changed = true
                    return String(word.dropLast(3)) + "y"
                }
                if ["sses", "shes", "ches", "xes", "zes"].contains(where: { lower.hasSuffix($0) }) {
                    drop = 2
                } else if lower.hasSuffix("s") {
                    drop = 1
                }
            case .fr:
                if lower.hasSuffix("s") || lower.hasSuffix("x") { drop = 1 }
            }
            guard drop > 0 else { return String(word) }
            changed = true
            return String(word.dropLast(drop))
        }
        return changed ? words.joined(separator: " ") : nil
    }

    /// Punctuation that always separates words (apostrophes, hyphens and dots stay inside words:
    /// `t-shirt`, `d'été`, `2.5`).
    private static let separators: Set<Character> = [
        ",", ";", ":", "!", "?", "(", ")", "[", "]", "{", "}", "\"", "«", "»", "“", "”", "„", "/", "\\", "|", "<", ">", "*",
        "…", "¿", "¡", "=", "_", "~", "^",
    ]

    private static func trimmed(_ word: String) -> String {
        let edges: Set<Character> = ["'", "-", ".", "–", "—", "#", "@"]
        var scalars = Substring(word)
        while let first = scalars.first, edges.contains(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, edges.contains(last) { scalars = scalars.dropLast() }
        return String(scalars)
    }

    private static func withoutElision(_ word: String) -> String {
        let lower = word.lowercased()
        for prefix in ["l'", "d'", "j'", "qu'", "s'", "c'", "n'", "m'", "t'", "jusqu'", "lorsqu'", "puisqu'"] where lower.hasPrefix(prefix) {
            return String(word.dropFirst(prefix.count))
        }
        return word
    }

    /// Compared lower-cased but with accents: the English "the" is filler, the French "thé" is tea.
    private static let englishFiller: Set<String> = [
        "a", "an", "the", "i", "i'm", "im", "i'd", "me", "my", "you", "your", "we", "us", "our", "do", "does", "did", "don't",
        "have", "has", "had", "got", "any", "some", "something", "anything", "looking", "look", "searching", "search",
        "find", "show", "see", "want", "wanted", "need", "would", "like", "love", "please", "pls", "thanks", "thank",
        "for", "of", "to", "is", "are", "there", "can", "could", "may", "hi", "hello", "hey", "and", "or", "in", "on",
        "at", "with", "buy", "get", "what", "which", "where", "how", "much", "many", "it", "this", "that", "these",
        "those", "sell", "help", "good", "morning", "afternoon", "evening", "ok", "okay", "yes", "no",
    ]

    private static let frenchFiller: Set<String> = [
        "je", "j", "tu", "vous", "nous", "il", "elle", "on", "le", "la", "les", "l", "un", "une", "des", "du", "de", "d",
        "au", "aux", "à", "a", "pour", "et", "ou", "est", "sont", "ai", "avez", "as", "avez-vous", "auriez-vous",
        "pouvez-vous", "vendez-vous", "proposez-vous", "est-ce", "que", "qu", "qui", "quel", "quelle", "quels", "quelles",
        "cherche", "cherches", "cherchons", "cherchez", "recherche", "chercher", "voudrais", "veux", "voulais",
        "souhaite", "souhaiterais", "aimerais", "trouver", "acheter", "montrer", "montrez", "montrez-moi", "moi", "me",
        "m", "svp", "stp", "s'il", "plait", "plaît", "merci", "bonjour", "bonsoir", "salut", "coucou", "combien",
        "coûte", "coute", "prix", "y", "en", "avoir", "ce", "cet", "cette", "ces", "mon", "ma", "mes", "votre", "vos",
        "avec", "aider", "aidez", "vendez", "proposez", "quelque", "chose", "oui", "non", "ok", "d'accord",
    ]
}
