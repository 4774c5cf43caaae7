/// Everything a bot says, in one language: the built-in English and French texts, with the
/// overrides a bot declares in config.yaml (`texts:`).
///
/// Message texts may use `{query}` (the visitor's search, as understood) and `{bot}` (the bot's
/// pseudo in iAdvize, else its name). Texts are Markdown, as iAdvize renders bot messages.
package struct BotTexts: Sendable, Hashable {
    package enum Key: String, Sendable, Hashable, CaseIterable {
        /// The default first message, shown when the chat box opens.
        case greeting
        /// Above the first page of products.
        case results
        /// Above a further page of products ("Show more").
        case moreResults
        case noResults
        /// "Show more" when the last page was the end of the list.
        case noMoreResults
        /// "Show more" before any search.
        case nothingToShowMore
        /// A message with nothing to search for ("hello", "?").
        case askForQuery
        /// The catalog search passed its deadline.
        case slowShop
        /// The shop refused or failed the search (throttled, down, credentials).
        case shopUnavailable
        /// Sent just before the transfer to a human.
        case transferring
        /// Shown by iAdvize only when the transfer did not succeed in its timeout.
        case transferFailed
        /// A human was asked for, but no distribution rule is configured or bound.
        case noAdvisorRoute
        /// The visitor sent something other than text (a file, a card).
        case notText
        /// Quick reply: ask for a human.
        case talkToAdvisor
        /// Quick reply: the next page of the same search.
        case showMore
        /// Quick reply: the same search again, after a failure.
        case tryAgain
        /// Name of the link action of each product offer.
        case seeProduct

        /// Quick replies and link names are labels: short, without placeholders.
        package var isLabel: Bool {
            switch self {
            case .talkToAdvisor, .showMore, .tryAgain, .seeProduct: true
            default: false
            }
        }
    }

    private var values: [Key: String]

    /// The built-in texts of a language.
    package static func defaults(for language: BotLanguage) -> BotTexts {
        switch language {
        case .en: BotTexts(values: english)
        case .fr: BotTexts(values: french)
        }
    }

    /// These texts with some replaced.
    package func overriding(_ overrides: [Key: String]) -> BotTexts {
        BotTexts(values: values.merging(overrides) { _, new in new })
    }

    package subscript(key: Key) -> String { values[key] ?? "" }

    /// The text of `key` with its placeholders filled, the query escaped for Markdown, and the
    /// whole cut to iAdvize's message limit.
    package func message(_ key: Key, query: String? = nil, bot: String = "") -> String {
        Self.fill(self[key], query: query, bot: bot)
    }

    /// `template` with `{query}` and `{bot}` filled (escaped for Markdown, each cut to 60
    /// characters), the whole cut to iAdvize's message limit.
    package static func fill(_ template: String, query: String? = nil, bot: String = "") -> String {
        var text = template
        if let query {
            text = text.replacingOccurrences(
                of: "{query}", with: MessageText.markdownEscaped(MessageText.cut(query, to: MessageText.echoedQueryLimit)))
        }
        text = text.replacingOccurrences(of: "{bot}", with: MessageText.markdownEscaped(MessageText.cut(bot, to: MessageText.echoedNameLimit)))
        return MessageText.cut(text, to: MessageText.maxMessageLength)
    }

    /// The placeholders texts may use.
    static let placeholders = ["{query}", "{bot}"]

    private static let english: [Key: String] = [
        .greeting: "Hi, I'm {bot}, the shop's assistant bot. Tell me what you are looking for and I'll search the catalog for you.",
        .results: "Here is what I found for “{query}”:",
        .moreResults: "Here are more results for “{query}”:",
        .noResults: "I found nothing for “{query}”. Try other words, such as a type of product or a brand, or talk to an advisor.",
        .noMoreResults: "That's everything I found for “{query}”. Try other words, or talk to an advisor.",
        .nothingToShowMore: "Tell me first what you are looking for: a product, a type of product or a brand.",
        .askForQuery: "What are you looking for? Tell me a product, a type of product or a brand.",
        .slowShop: "Sorry, the shop is taking too long to answer. Try again in a moment, or talk to an advisor.",
        .shopUnavailable: "Sorry, I can't reach the shop's catalog right now. Try again in a moment, or talk to an advisor.",
        .transferring: "I'm handing you over to an advisor, please wait a moment.",
        .transferFailed: "No advisor is available right now. You can keep searching with me, or try again later.",
        .noAdvisorRoute: "I can't hand this conversation over to an advisor from here. You can keep searching with me.",
        .notText: "I can only read text. Tell me what you are looking for.",
        .talkToAdvisor: "Talk to an advisor",
        .showMore: "Show more",
        .tryAgain: "Try again",
        .seeProduct: "See the product",
    ]

    private static let french: [Key: String] = [
        .greeting: "Bonjour, je suis {bot}, l'assistant virtuel de la boutique. Dites-moi ce que vous cherchez et je le trouve dans le catalogue.",
        .results: "Voici ce que j'ai trouvé pour « {query} » :",
        .moreResults: "Voici d'autres résultats pour « {query} » :",
        .noResults: "Je n'ai rien trouvé pour « {query} ». Essayez d'autres mots, comme un type de produit ou une marque, ou parlez à un conseiller.",
        .noMoreResults: "C'est tout ce que j'ai trouvé pour « {query} ». Essayez d'autres mots, ou parlez à un conseiller.",
        .nothingToShowMore: "Dites-moi d'abord ce que vous cherchez : un produit, un type de produit ou une marque.",
        .askForQuery: "Que cherchez-vous ? Indiquez-moi un produit, un type de produit ou une marque.",
        .slowShop: "Désolé, la boutique met trop de temps à répondre. Réessayez dans un instant, ou parlez à un conseiller.",
        .shopUnavailable: "Désolé, je n'arrive pas à joindre le catalogue de la boutique. Réessayez dans un instant, ou parlez à un conseiller.",
        .transferring: "Je vous mets en relation avec un conseiller, merci de patienter un instant.",
        .transferFailed: "Aucun conseiller n'est disponible pour le moment. Vous pouvez continuer vos recherches avec moi, ou réessayer plus tard.",
        .noAdvisorRoute: "Je ne peux pas transférer cette conversation à un conseiller d'ici. Vous pouvez continuer vos recherches avec moi.",
        .notText: "Je ne sais lire que du texte. Dites-moi ce que vous cherchez.",
        .talkToAdvisor: "Parler à un conseiller",
        .showMore: "Voir plus",
        .tryAgain: "Réessayer",
        .seeProduct: "Voir le produit",
    ]
}
