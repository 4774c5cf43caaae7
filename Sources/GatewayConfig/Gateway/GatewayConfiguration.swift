import Adapters
import Mapping
import Plugins
import SharedState

/// The ops file, `config.yaml`, once read and checked: how the server listens, how big the cache
/// is, how upstreams are called, and which tenants are served by which adapter.
package struct GatewayConfiguration: Sendable {
    package struct Listener: Sendable {
        package var host: String
        package var port: Int
        /// Load balancers whose `X-Forwarded-For` is believed for source allow-lists.
        package var trustedProxies: [IPNetwork] = []
        /// A connection idle this long is closed (slow or stalled clients).
        package var idleTimeout: Duration = .seconds(30)
        /// On SIGTERM, in-flight requests get this long to finish before they are cancelled.
        package var drainTimeout: Duration = .seconds(20)
        /// Connections served at once; beyond it new ones wait in the listen backlog.
        package var maxConnections: Int = 1000
        /// A request (its head to the end of its body) must be read within this, however slowly
        /// its bytes keep coming (408, then the connection is closed).
        package var requestReadTimeout: Duration = .seconds(20)
    }

    package struct UpstreamSettings: Sendable, Hashable {
        package var connectTimeout: Duration = .seconds(2)
        package var requestTimeout: Duration = .seconds(8)
        /// Time to the first byte of the answer: an upstream that accepts and then stalls.
        package var firstByteTimeout: Duration? = .seconds(5)
        package var maxResponseBytes: Int = 8 << 20
        package var maxConnectionsPerHost: Int = 16
        /// Attempts per idempotent call (1: no retry).
        package var attempts: Int = 3
        /// Consecutive failures that open an upstream's circuit breaker.
        package var breakerFailures: Int = 5
        /// How long an open breaker fails calls fast before a probe.
        package var breakerCooldown: Duration = .seconds(10)
        /// What parsing upstream answers may take at once, process-wide (text and parsed values).
        package var parseBudget: Int = 96 << 20
        /// How long a parse waits for that budget before the call is answered 503.
        package var parseWait: Duration = .seconds(5)
    }

    /// What the caches keep, and for how long past their TTLs.
    package struct CacheSettings: Sendable, Hashable {
        /// Upstream answers, parsed.
        package var maxBytes: Int = 64 << 20
        /// Final plugin answers, encoded, so a hit costs one lookup and no mapping.
        package var pluginMaxBytes: Int = 16 << 20
        package var staleness = StalenessPolicy()
    }

    package struct Tenant: Sendable {
        /// The name in plugin URLs: `/plugins/<name>/products`.
        package var name: String
        /// iAdvize websites (`idWebsite`) this tenant answers; any other is refused with 403.
        package var websites: Set<String>
        package var adapter: AdapterDefinition
        package var upstream: TenantUpstream
        /// Signature secrets and allow-lists.
        package var access: TenantAccess
        /// The tenant's wording of customer-panel labels and messages, by field id.
        package var labels: [String: LocalizedText]
        /// For calls that carry no locale (the customer action URL).
        package var language: Language
        /// The conversation closing form, when the tenant has one.
        package var closingForm: ClosingFormDefinition?
        /// The tenant's external bots, when it has some.
        package var bot: BotConfiguration?
        /// The connector secrets, for `deskbridge sign`; never logged.
        package var secrets: [String]
        /// The tenant's conversation panel app (`panel:`).
        package var panel: PanelTenantSettings
        package var location: SourceLocation
        /// Changes when anything of the tenant changes (its YAML, resolved secrets, its adapter file),
        /// within one process: a reload reports tenants whose fingerprint changed.
        package var fingerprint: Int
    }

    /// The file this configuration was read from.
    package var path: String
    package var listener: Listener
    package var adaptersDirectory: String
    package var cache: CacheSettings
    package var cacheMaxBytes: Int { cache.maxBytes }
    package var upstream: UpstreamSettings
    package var tenants: [Tenant]
    /// Adapters found in the adapters directory, used by a tenant or not.
    package var adapters: [String: AdapterDefinition]
    /// Protects `/admin/*` and `/metrics` when set.
    package var adminToken: String?
    /// How often config.yaml and the adapters are checked for changes; zero turns watching off.
    package var watchInterval: Duration
    /// The conversation panel app's deployment settings (`panel:`).
    package var panel: PanelSettings = PanelSettings()
    /// The Redis a fleet of gateways shares (`shared:`); nil: this process alone.
    package var shared: SharedSettings?
    /// `/metrics` answers anyone (`admin.publicMetrics: true`); otherwise it needs the admin token,
    /// and without one it is off.
    package var publicMetrics = false
}
