import Adapters
import GatewayConfig
import Logging
import SharedState
import Synchronization

/// What the bot endpoints need of one tenant for one configuration snapshot: its bots, the
/// catalog each searches, and the long-lived state (bindings, conversations).
package struct BotTenant: Sendable {
    package let name: String
    /// The iAdvize websites (`idWebsite`) the tenant serves.
    package let websites: Set<String>
    package let configuration: BotConfiguration
    package let state: BotTenantState
    private let catalogs: [String: any Catalog]

    /// - Parameters:
    ///   - catalog: the tenant's own catalog, searched by bots without `catalog:`.
    ///   - catalogOfTenant: another tenant's catalog by name, for bots with `catalog: <tenant>`;
    ///     a bot whose tenant is unknown searches the tenant's own catalog (the loader reports it).
    package init(
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
    package func assistant(for bot: BotDefinition) -> CatalogAssistant? {
        guard let catalog = catalogs[bot.id] else { return nil }
        return CatalogAssistant(bot: bot, catalog: catalog, searchDeadline: configuration.searchDeadline, conversations: state.conversations)
    }
}

/// A tenant's bot state that outlives configuration reloads: operator bindings (with their file,
/// or in the fleet's Redis) and the conversations in progress.
package final class BotTenantState: Sendable {
    package let bindings: any BindingStore
    package let conversations: any ConversationStore

    package init(bindings: any BindingStore, conversations: any ConversationStore) {
        self.bindings = bindings
        self.conversations = conversations
    }

    /// Loads the bindings file and starts with no conversation.
    package convenience init(configuration: BotConfiguration, logger: Logger) {
        self.init(
            bindings: OperatorBindingStore(
                file: configuration.bindingsFile, pinned: configuration.pinnedOperators, limits: configuration.bindingLimits, logger: logger),
            conversations: ConversationMemory(capacity: configuration.conversationLimit, timeout: configuration.conversationTimeout))
    }

    /// Bindings and conversations in the fleet's Redis (`shared:`): every replica reads what any
    /// replica wrote; `bindingsFile` is not used.
    package convenience init(configuration: BotConfiguration, tenant: String, shared: SharedStore, logger: Logger) {
        self.init(
            bindings: RedisBindingStore(
                store: shared, tenant: tenant, pinned: configuration.pinnedOperators, limits: configuration.bindingLimits, logger: logger),
            conversations: RedisConversationStore(
                store: shared, tenant: tenant, capacity: configuration.conversationLimit, timeout: configuration.conversationTimeout,
                logger: logger))
    }
}

/// Keeps each tenant's bot state across configuration reloads: a reload that leaves a tenant's
/// bindings file, pinned operators and conversation limits alone gets the same state back, so
/// bindings and conversations in progress carry on. With `shared:`, the state is in Redis (which
/// a reload cannot change: `shared:` needs a restart).
package final class BotStateRegistry: Sendable {
    private struct Key: Hashable {
        let tenant: String
        let bindingsFile: String
        let pinned: [String: String]
        let conversationLimit: Int
        let conversationTimeout: Duration
        let bindingLimits: BindingLimits
    }

    private let states = Mutex<[String: (key: Key, state: BotTenantState)]>([:])
    private let shared: SharedStore?

    /// - Parameter shared: the fleet's Redis, when `shared:` is set; nil: the bindings file and
    ///   this process's memory.
    package init(shared: SharedStore? = nil) {
        self.shared = shared
    }

    /// The bindings files with a corrupt line, as `path:line: reason`: `serve` refuses to start on
    /// them (the bindings after that line would be lost at the next write).
    package var corruptBindingFiles: [String] {
        states.withLock { states in
            states.values.compactMap { ($0.state.bindings as? OperatorBindingStore)?.corruption }.sorted()
        }
    }

    package func state(tenant: String, configuration: BotConfiguration, logger: Logger) -> BotTenantState {
        let key = Key(
            tenant: tenant, bindingsFile: configuration.bindingsFile, pinned: configuration.pinnedOperators,
            conversationLimit: configuration.conversationLimit, conversationTimeout: configuration.conversationTimeout,
            bindingLimits: configuration.bindingLimits)
        return states.withLock { states in
            if let existing = states[tenant], existing.key == key { return existing.state }
            let state =
                if let shared {
                    BotTenantState(configuration: configuration, tenant: tenant, shared: shared, logger: logger)
                } else {
                    BotTenantState(configuration: configuration, logger: logger)
                }
            states[tenant] = (key, state)
            return state
        }
    }
}
