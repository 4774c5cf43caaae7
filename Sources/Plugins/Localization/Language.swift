/// The languages DeskBridge has built-in texts for; any other locale falls back to English.
package enum Language: String, Sendable, Hashable, CaseIterable {
    case en, fr, de, es, it, nl, pt

    /// The language of an iAdvize locale: `fr`, `fr_FR`, `fr-FR`, `FR` → French; unknown → English.
    package init(locale: String?) {
        let code = locale?.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        self = Language(rawValue: code) ?? .en
    }
}

/// A text in several languages: the operator's language when there is one, else English, else
/// any text there is.
package struct LocalizedText: Sendable, Hashable {
    package private(set) var texts: [String: String]

    package init(_ texts: [String: String]) {
        self.texts = texts
    }

    /// The same text in every language.
    package init(_ text: String) {
        texts = ["en": text]
    }

    package func text(for language: Language) -> String {
        texts[language.rawValue] ?? texts[Language.en.rawValue] ?? texts.sorted { $0.key < $1.key }.first?.value ?? ""
    }

    /// `self` with `other`'s languages replacing its own.
    package func overridden(by other: LocalizedText?) -> LocalizedText {
        guard let other else { return self }
        return LocalizedText(texts.merging(other.texts) { _, new in new })
    }
}
