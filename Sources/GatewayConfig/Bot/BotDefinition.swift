/// One bot (an iAdvize "scenario") as config.yaml declares it: what iAdvize lists, how it greets,
/// where it searches and where it hands over.
package struct BotDefinition: Sendable, Hashable {
    /// The scenario id iAdvize stores (`idBot`): the key of the bot under `bots:`.
    package var id: String
    package var name: String
    package var description: String?
    /// The page iAdvize links to for editing the scenario (required by iAdvize).
    package var editorURL: String
    /// The language it speaks; nil means the one iAdvize gives when it binds the operator (else en).
    package var language: BotLanguage?
    /// The messages shown when the chat box opens; nil means the built-in greeting.
    package var firstMessages: [FirstMessage]?
    package var transfer: TransferSettings
    package var availability: AvailabilityStrategy
    /// The tenant whose catalog the bot searches; nil for the bot's own tenant.
    package var catalogTenant: String?
    /// Products per carousel.
    package var resultsPerPage: Int
    /// Text overrides, by key; the rest comes from the built-in texts of the language.
    package var texts: [BotTexts.Key: String]
    /// Extra words that ask for a human, besides the built-in ones of the language.
    package var handoverWords: [String]

    package init(
        id: String, name: String, description: String? = nil, editorURL: String, language: BotLanguage? = nil,
        firstMessages: [FirstMessage]? = nil, transfer: TransferSettings = .init(),
        availability: AvailabilityStrategy = .customAvailability(availability: true), catalogTenant: String? = nil,
        resultsPerPage: Int = 3, texts: [BotTexts.Key: String] = [:], handoverWords: [String] = []
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.editorURL = editorURL
        self.language = language
        self.firstMessages = firstMessages
        self.transfer = transfer
        self.availability = availability
        self.catalogTenant = catalogTenant
        self.resultsPerPage = resultsPerPage
        self.texts = texts
        self.handoverWords = handoverWords
    }

    /// The texts the bot speaks in `language`: built-in ones with this bot's overrides.
    package func texts(in language: BotLanguage) -> BotTexts {
        BotTexts.defaults(for: language).overriding(texts)
    }

    /// A first message: its text, and the quick replies shown under it (nil: the built-in
    /// "Talk to an advisor" under the last message only).
    package struct FirstMessage: Sendable, Hashable {
        package var text: String
        package var quickReplies: [String]?

        package init(text: String, quickReplies: [String]? = nil) {
            self.text = text
            self.quickReplies = quickReplies
        }
    }

    /// Where a request for a human goes.
    package struct TransferSettings: Sendable, Hashable {
        /// nil means the first distribution rule iAdvize gave when it bound the operator.
        package var distributionRule: DistributionRule?
        /// How long iAdvize tries the transfer before showing the "transfer failed" message
        /// (iAdvize accepts 5 to 60 seconds and advises at least 15).
        package var timeout: Duration

        package init(distributionRule: DistributionRule? = nil, timeout: Duration = .seconds(30)) {
            self.distributionRule = distributionRule
            self.timeout = timeout
        }
    }
}

/// A tenant's bots and how the bot endpoints behave for it: `tenants.<name>.bot` in config.yaml.
package struct BotConfiguration: Sendable, Hashable {
    /// The bots iAdvize can pick from (`GET /external-bots`), in file order.
    package var bots: [BotDefinition]
    /// Where operator bindings (`PUT /bots/:idOperator`) are kept across restarts.
    package var bindingsFile: String
    /// Operator bindings declared in config.yaml (`idOperator` → `idBot`), known without any PUT:
    /// the way to run several replicas without a shared bindings file.
    package var pinnedOperators: [String: String]
    /// How long a catalog search may take before the bot apologises instead (iAdvize waits 10 s).
    package var searchDeadline: Duration
    /// How many conversations the bot remembers (last search, page); the least recent go first.
    package var conversationLimit: Int
    /// A conversation silent this long is forgotten (iAdvize closes them after 5 minutes).
    package var conversationTimeout: Duration
    /// Bounds on `PUT /bots/:idOperator` (`maxBindings`, `bindingWritesPerMinute`).
    package var bindingLimits = BindingLimits()

    package init(
        bots: [BotDefinition], bindingsFile: String, pinnedOperators: [String: String] = [:],
        searchDeadline: Duration = .seconds(4), conversationLimit: Int = 10_000, conversationTimeout: Duration = .seconds(300)
    ) {
        self.bots = bots
        self.bindingsFile = bindingsFile
        self.pinnedOperators = pinnedOperators
        self.searchDeadline = searchDeadline
        self.conversationLimit = conversationLimit
        self.conversationTimeout = conversationTimeout
    }

    package func bot(id: String) -> BotDefinition? {
        bots.first { $0.id == id }
    }

    /// The longest search deadline accepted: iAdvize gives up on an answer after 10 s.
    package static let maxSearchDeadline = Duration.seconds(8)
}
