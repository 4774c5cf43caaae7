import Adapters
import Bot
import Mapping
import PanelApp
import Plugins
import SharedState

/// The ops file, `config.yaml`, once read and checked: how the server listens, how big the cache
/// is, how upstreams are called, and which tenants are served by which adapter.
public struct GatewayConfiguration: Sendable {
    public struct Listener: Sendable {
        public var host: String
        public var port: Int
        /// Load balancers whose `X-Forwarded-For` is believed for source allow-lists.
        public var trustedProxies: [IPNetwork] = []
        /// A connection idle this long is closed (slow or stalled clients).
        public var idleTimeout: Duration = .seconds(30)
        /// On SIGTERM, in-flight requests get this long to finish before they are cancelled.
        public var drainTimeout: Duration = .seconds(20)
    }

    public struct UpstreamSettings: Sendable, Hashable {
        public var connectTimeout: Duration = .seconds(2)
        public var requestTimeout: Duration = .seconds(8)
        /// Time to the first byte of the answer: an upstream that accepts and then stalls.
        public var firstByteTimeout: Duration? = .seconds(5)
        public var maxResponseBytes: Int = 8 << 20
        public var maxConnectionsPerHost: Int = 16
        /// Attempts per idempotent call (1: no retry).
        public var attempts: Int = 3
        /// Consecutive failures that open an upstream's circuit breaker.
        public var breakerFailures: Int = 5
        /// How long an open breaker fails calls fast before a probe.
        public var breakerCooldown: Duration = .seconds(10)
    }

    /// What the caches keep, and for how long past their TTLs.
    public struct CacheSettings: Sendable, Hashable {
        /// Upstream answers, parsed.
        public var maxBytes: Int = 64 << 20
        /// Final plugin answers, encoded, so a hit costs one lookup and no mapping.
        public var pluginMaxBytes: Int = 16 << 20
        public var staleness = StalenessPolicy()
    }

    public struct Tenant: Sendable {
        /// The name in plugin URLs: `/plugins/<name>/products`.
        public var name: String
        /// iAdvize websites (`idWebsite`) this tenant answers; any other is refused with 403.
        public var websites: Set<String>
        public var adapter: AdapterDefinition
        public var upstream: TenantUpstream
        /// Signature secrets and allow-lists.
        public var access: TenantAccess
        /// The tenant's wording of customer-panel labels and messages, by field id.
        public var labels: [String: LocalizedText]
        /// For calls that carry no locale (the customer action URL).
        public var language: Language
        /// The conversation closing form, when the tenant has one.
        public var closingForm: ClosingFormDefinition?
        /// The tenant's external bots, when it has some.
        package var bot: BotConfiguration?
        /// The connector secrets, for `deskbridge sign`; never logged.
        public var secrets: [String]
        /// The tenant's conversation panel app (`panel:`).
        package var panel: PanelTenantSettings
        public var location: SourceLocation
        /// Changes when anything of the tenant changes (its YAML, resolved secrets, its adapter file),
        /// within one process: a reload reports tenants whose fingerprint changed.
        public var fingerprint: Int
    }

    /// The file this configuration was read from.
    public var path: String
    public var listener: Listener
    public var adaptersDirectory: String
    public var cache: CacheSettings
    public var cacheMaxBytes: Int { cache.maxBytes }
    public var upstream: UpstreamSettings
    public var tenants: [Tenant]
    /// Adapters found in the adapters directory, used by a tenant or not.
    public var adapters: [String: AdapterDefinition]
    /// Protects `/admin/*` and `/metrics` when set.
    public var adminToken: String?
    /// How often config.yaml and the adapters are checked for changes; zero turns watching off.
    public var watchInterval: Duration
    /// The conversation panel app's deployment settings (`panel:`).
    package var panel: PanelSettings = PanelSettings()
    /// The Redis a fleet of gateways shares (`shared:`); nil: this process alone.
    public var shared: SharedSettings?
    /// `/metrics` answers anyone (`admin.publicMetrics: true`); otherwise it needs the admin token,
    /// and without one it is off.
    public var publicMetrics = false
}
