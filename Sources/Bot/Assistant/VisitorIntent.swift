import GatewayConfig

/// What a visitor's message asks the bot for.
enum VisitorIntent: Sendable, Hashable {
    /// A human: the "Talk to an advisor" quick reply, or a word such as advisor / conseiller.
    case human
    /// The next page of the last search.
    case showMore
    /// The last search again, after it failed.
    case retry
    case search(String)
    /// Nothing to search for ("hello", "?").
    case nothingToSearch
}

/// Reads intents in one language; words and quick replies are compared without case or accents.
struct IntentReader: Sendable {
    let language: BotLanguage
    let texts: BotTexts
    let extraHandoverWords: [String]

    func intent(of text: String) -> VisitorIntent {
        let phrase = TextFolding.phrase(String(text.prefix(SearchText.maxInputCharacters)))
        let padded = " \(phrase) "
        let handover = Self.handoverWords[language, default: []] + extraHandoverWords.map(TextFolding.phrase)
        if phrase == TextFolding.phrase(texts[.talkToAdvisor])
            || handover.contains(where: { !$0.isEmpty && padded.contains(" \($0) ") })
        {
            return .human
        }
        if phrase == TextFolding.phrase(texts[.showMore]) || Self.showMorePhrases[language, default: []].contains(phrase) {
            return .showMore
        }
        if phrase == TextFolding.phrase(texts[.tryAgain]) || Self.retryPhrases[language, default: []].contains(phrase) {
            return .retry
        }
        guard let query = SearchText.query(from: text, language: language) else { return .nothingToSearch }
        return .search(query)
    }

    /// Folded words that ask for a human wherever they appear in a message.
    static let handoverWords: [BotLanguage: [String]] = [
        .en: [
            "advisor", "advisors", "adviser", "advisers", "human", "humans", "agent", "agents", "person", "representative",
            "operator", "real person", "customer service", "salesperson",
        ],
        .fr: [
            "conseiller", "conseillers", "conseillere", "conseilleres", "humain", "humaine", "agent", "agents", "vendeur",
            "vendeuse", "operateur", "operatrice", "service client", "vraie personne", "quelqu un",
        ],
    ]

    /// Whole messages (folded) that mean "show more".
    static let showMorePhrases: [BotLanguage: Set<String>] = [
        .en: ["more", "show more", "see more", "next", "next page", "more please", "more results", "other results", "others"],
        .fr: [
            "plus", "voir plus", "encore", "suite", "la suite", "suivant", "page suivante", "autres", "d autres", "plus de resultats",
            "autres resultats",
        ],
    ]

    /// Whole messages (folded) that mean "try again".
    static let retryPhrases: [BotLanguage: Set<String>] = [
        .en: ["try again", "retry", "again", "try again please"],
        .fr: ["reessayer", "ressayer", "reessaie", "reessayez", "encore une fois", "recommencer"],
    ]
}
