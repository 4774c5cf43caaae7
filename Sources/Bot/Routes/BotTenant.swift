import Adapters
import Logging
import Synchronization

/// What the bot endpoints need of one tenant for one configuration snapshot: its bots, the
/// catalog each searches, and the long-lived state (bindings, conversations).
public struct BotTenant: Sendable {
    public let name: String
    /// The iAdvize websites (`idWebsite`) the tenant serves.
    public let websites: Set<String>
    public let configuration: BotConfiguration
    public let state: BotTenantState
    private let catalogs: [String: any Catalog]

    /// - Parameters:
    ///   - catalog: the tenant's own catalog, searched by bots without `catalog:`.
    ///   - catalogOfTenant: another tenant's catalog by name, for bots with `catalog: <tenant>`;
    ///     a bot whose tenant is unknown searches the tenant's own catalog (the loader reports it).
    public init(
        name: String, websites: Set<String>, configuration: BotConfiguration, state: BotTenantState, catalog: any Catalog,
        catalogOfTenant: (String) -> (any Catalog)? = { _ in nil }
    ) {
        self.name = name
        self.websites = websites
        self.configuration = configuration
        self.state = state
        var catalogs: [String: any Catalog] = [:]
        for bot in configuration.bots {
            catalogs[bot.id] = bot.catalogTenant.flatMap(catalogOfTenant) ?? catalog
        }
        self.catalogs = catalogs
    }

    /// The assistant of a declared bot.
    public func assistant(for bot: BotDefinition) -> CatalogAssistant? {
        guard let catalog = catalogs[bot.id] else { return nil }
        return CatalogAssistant(bot: bot, catalog: catalog, searchDeadline: configuration.searchDeadline, conversations: state.conversations)
    }
}

/// A tenant's bot state that outlives configuration reloads: operator bindings (with their file)
/// and the conversations in progress.
public final class BotTenantState: Sendable {
    public let bindings: OperatorBindingStore
    public let conversations: ConversationMemory

    public init(bindings: OperatorBindingStore, conversations: ConversationMemory) {
        self.bindings = bindings
        self.conversations = conversations
    }

    /// Loads the bindings file and starts with no conversation.
    public convenience init(configuration: BotConfiguration, logger: Logger) {
        self.init(
            bindings: OperatorBindingStore(file: configuration.bindingsFile, pinned: configuration.pinnedOperators, logger: logger),
            conversations: ConversationMemory(capacity: configuration.conversationLimit, timeout: configuration.conversationTimeout))
    }
}

/// Keeps each tenant's bot state across configuration reloads: a reload that leaves a tenant's
/// bindings file, pinned operators and conversation limits alone gets the same state back, so
/// bindings and conversations in progress carry on.
public final class BotStateRegistry: Sendable {
    private struct Key: Hashable {
        let tenant: String
        let bindingsFile: String
        let pinned: [String: String]
        let conversationLimit: Int
        let conversationTimeout: Duration
    }

    private let states = Mutex<[String: (key: Key, state: BotTenantState)]>([:])

    public init() {}

    public func state(tenant: String, configuration: BotConfiguration, logger: Logger) -> BotTenantState {
        let key = Key(
            tenant: tenant, bindingsFile: configuration.bindingsFile, pinned: configuration.pinnedOperators,
            conversationLimit: configuration.conversationLimit, conversationTimeout: configuration.conversationTimeout)
        return states.withLock { states in
            if let existing = states[tenant], existing.key == key { return existing.state }
            let state = BotTenantState(configuration: configuration, logger: logger)
            states[tenant] = (key, state)
            return state
        }
    }
}
