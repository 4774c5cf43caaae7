/// The language a bot speaks: it picks the built-in texts and the words that ask for a human.
package enum BotLanguage: String, Sendable, Hashable, CaseIterable {
    case en
    case fr

    /// The language of an iAdvize code such as `fr`, `fr-FR` or `en_GB`; nil for others.
    package init?(code: String) {
        let prefix = code.prefix { $0.isLetter }.lowercased()
        guard let language = BotLanguage(rawValue: prefix) else { return nil }
        self = language
    }
}
