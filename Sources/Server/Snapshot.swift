import Adapters
import Bot
import GatewayConfig
import Logging
import PanelApp
import Synchronization

/// Everything a request needs, built from one configuration and never changed afterwards. A reload
/// builds a new snapshot beside the old one; requests in flight keep the one they started with.
package struct Snapshot: Sendable {
    package struct Tenant: Sendable {
        package let name: String
        package let websites: Set<String>
        package let access: TenantAccess
        package let catalog: any Catalog
        /// How long each catalog plugin's answers stay fresh (the tenant's TTL, else the adapter's).
        package let ttls: [PluginOperation: Duration]
        /// Nil when the tenant's adapter has no `customer` section.
        package let customers: (any CustomerDirectory)?
        package let closingForm: ClosingFormDefinition?
        package let options: any OptionProvider
    }

    package let configuration: GatewayConfiguration
    package let tenants: [String: Tenant]
    /// The tenants whose conversation panel app is on, by name.
    package let panelTenants: [String: PanelTenant]
    /// The tenants with external bots, by name.
    package let bots: [String: BotTenant]
    /// 1 for the configuration loaded at start, one more for each successful reload.
    package let version: Int

    /// - Parameter botStates: bot bindings and conversations, kept across reloads.
    package init(
        configuration: GatewayConfiguration, gateway: UpstreamGateway, botStates: BotStateRegistry = BotStateRegistry(), version: Int = 1,
        logger: Logger = Logger(label: "deskbridge")
    ) {
        self.configuration = configuration
        self.version = version
        var tenants: [String: Tenant] = [:]
        var panelTenants: [String: PanelTenant] = [:]
        for tenant in configuration.tenants {
            let catalog = DeclarativeCatalog(adapter: tenant.adapter, upstream: tenant.upstream, gateway: gateway)
            let customers =
                tenant.adapter.servesCustomers
                ? DeclarativeCustomers(
                    adapter: tenant.adapter, upstream: tenant.upstream, gateway: gateway, labels: tenant.labels, defaultLanguage: tenant.language)
                : nil
            var ttls: [PluginOperation: Duration] = [:]
            for operation in tenant.adapter.supportedOperations {
                ttls[operation] = tenant.upstream.ttlOverrides[operation] ?? tenant.adapter.ttl(of: operation)
            }
            tenants[tenant.name] = Tenant(
                name: tenant.name, websites: tenant.websites, access: tenant.access, catalog: catalog, ttls: ttls, customers: customers,
                closingForm: tenant.closingForm, options: DeclarativeOptions(adapter: tenant.adapter, upstream: tenant.upstream, gateway: gateway))
            panelTenants[tenant.name] = tenant.panel.tenant(name: tenant.name, catalog: catalog, websites: tenant.websites, secrets: tenant.secrets)
        }
        self.tenants = tenants
        self.panelTenants = panelTenants
        var bots: [String: BotTenant] = [:]
        for tenant in configuration.tenants {
            guard let bot = tenant.bot, let own = tenants[tenant.name] else { continue }
            bots[tenant.name] = BotTenant(
                name: tenant.name, websites: tenant.websites, configuration: bot,
                state: botStates.state(tenant: tenant.name, configuration: bot, logger: logger), catalog: own.catalog,
                catalogOfTenant: { tenants[$0]?.catalog })
        }
        self.bots = bots
    }
}

/// Holds the current snapshot; swapping it is atomic and readers never wait on a reload.
package final class SnapshotStore: Sendable {
    private let current: Mutex<Snapshot>

    package init(_ snapshot: Snapshot) {
        current = Mutex(snapshot)
    }

    package var snapshot: Snapshot {
        current.withLock { $0 }
    }

    package func replace(with snapshot: Snapshot) {
        current.withLock { $0 = snapshot }
    }
}
