import Adapters
import Bot
import Foundation
import GatewayConfig
import Hummingbird
import Logging
import Mapping
import PanelApp
import ServiceLifecycle
import SharedState
import Upstream

/// Builds the gateway's HTTP application from its runtime.
package enum GatewayApplication {
    package static func buildRouter(runtime: GatewayRuntime) -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: RequestObservationMiddleware(metrics: runtime.metrics, store: runtime.store))
        router.add(middleware: ErrorResponseMiddleware())
        OperationsRoutes(store: runtime.store, runtime: runtime, metrics: runtime.metrics, reloader: runtime.reloader)
            .register(on: router)
        PluginRoutes(store: runtime.store, cache: runtime.plugins).register(on: router)
        OpenAPIRoute(document: runtime.openAPI).register(on: router)
        // Read per request, so that reloads reach the panel too.
        let store = runtime.store
        PanelRoutes<GatewayRequestContext>(
            resolve: { store.snapshot.panelTenants[$0] }, settings: { store.snapshot.configuration.panel }
        ).register(on: router)
        BotRoutes<GatewayRequestContext>(resolve: { store.snapshot.bots[$0] }, authenticate: BotAuthentication(store: store).check)
            .register(on: router)
        return router
    }

    package static func buildApplication(
        runtime: GatewayRuntime, logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let listener = runtime.store.snapshot.configuration.listener
        let idle = listener.idleTimeout.components
        let readTimeout = listener.requestReadTimeout
        let connections = runtime.connections
        return Application(
            router: buildRouter(runtime: runtime),
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [RequestReadDeadlineHandler(timeout: readTimeout)],
                    idleTimeout: .nanoseconds(idle.seconds * 1_000_000_000 + idle.attoseconds / 1_000_000_000))),
            // At maxConnections the listener stops accepting: new connections wait in the backlog.
            configuration: .init(
                address: .hostname(listener.host, port: listener.port), serverName: "DeskBridge",
                availableConnectionsDelegate: connections.delegate),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? listener.port) },
            logger: logger)
    }
}

/// A running gateway's long-lived parts: the libcurl client, the upstream gateway (cache, cursor
/// memo), metrics, the current snapshot and its reloader. They outlive configuration reloads.
package final class GatewayRuntime: Sendable {
    package let client: CurlHTTPClient
    /// What the client, the retries and the breakers did, per upstream (exported by /metrics).
    package let counters: UpstreamCounters
    /// Per-upstream circuit breakers, observable for metrics and status.
    package let breaker: CircuitBreakerTransport
    package let gateway: UpstreamGateway
    /// Final plugin answers, by tenant, route and normalized parameters.
    package let plugins: PluginResponseCache
    package let store: SnapshotStore
    package let metrics: GatewayMetrics
    package let reloader: ConfigurationReloader
    /// Bot bindings and conversations, kept across reloads.
    package let botStates: BotStateRegistry
    /// Client connections served at once (`server.maxConnections`, read at start).
    package let connections: ConnectionCap
    /// The document served at /openapi.json, read at start (a missing or broken one stops it).
    package let openAPI: OpenAPIDocument
    /// The fleet's Redis, when `shared:` is set.
    package let shared: SharedStore?
    /// The configuration files as they were when this configuration was loaded: an edit made
    /// before the file watcher starts is still seen as a change.
    private let loadedFiles: FileStamps

    /// `openAPI`: the shipped document, unless a test gives a broken one.
    package init(
        configuration: GatewayConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger,
        openAPI: Result<OpenAPIDocument, OpenAPIDocumentError> = OpenAPIDocument.bundled
    ) throws {
        loadedFiles = FileStamps.read(config: configuration.path, adapters: configuration.adaptersDirectory)
        connections = ConnectionCap(maximum: configuration.listener.maxConnections)
        self.openAPI = try openAPI.get()
        let settings = configuration.upstream
        var clientConfiguration = CurlClientConfiguration(
            connectTimeout: settings.connectTimeout, requestTimeout: settings.requestTimeout,
            maxResponseBytes: settings.maxResponseBytes, maxConnectionsPerHost: settings.maxConnectionsPerHost)
        clientConfiguration.firstByteTimeout = settings.firstByteTimeout
        counters = UpstreamCounters()
        client = try CurlHTTPClient(configuration: clientConfiguration, logger: logger, counters: counters)
        // Retries outside, the breaker inside: a retry that finds the circuit open stops at once.
        breaker = CircuitBreakerTransport(
            wrapping: client,
            configuration: CircuitBreakerConfiguration(consecutiveFailures: settings.breakerFailures, cooldown: settings.breakerCooldown),
            counters: counters)
        // Pacing between them: every attempt, retries included, waits for a slot under the
        // upstream's declared rate (adapters' `rates:`), within the call's deadline.
        // With `shared:`, the fleet shares those slots and Shopify's cost bucket through Redis.
        let sharedStore = configuration.shared.map { SharedStore(settings: $0, logger: logger) }
        shared = sharedStore
        let breaker = self.breaker
        let budgeted: any HTTPTransport =
            sharedStore.map { SharedCostBudget(wrapping: breaker, store: $0, defaultBudget: settings.requestTimeout) } ?? breaker
        let paced = PacingTransport(
            wrapping: budgeted, pacer: sharedStore.map { RedisPaceBackend(store: $0) } ?? RatePacer(), counters: counters,
            defaultBudget: settings.requestTimeout)
        let retrying = RetryingTransport(
            wrapping: paced, policy: RetryPolicy(maxAttempts: settings.attempts, defaultBudget: settings.requestTimeout), counters: counters)
        gateway = UpstreamGateway(
            transport: retrying, cacheBytes: configuration.cache.maxBytes, staleness: configuration.cache.staleness,
            shared: shared.map { RedisResponseTier(store: $0) } ?? LocalResponseTier(), parseBudgetBytes: settings.parseBudget,
            parseWait: settings.parseWait)
        plugins = PluginResponseCache(
            maxBytes: configuration.cache.pluginMaxBytes, shared: shared.map { SharedAnswerTier(store: $0) },
            staleness: configuration.cache.staleness)
        botStates = BotStateRegistry(shared: shared)
        store = SnapshotStore(Snapshot(configuration: configuration, gateway: gateway, botStates: botStates, logger: logger))
        metrics = GatewayMetrics()
        reloader = ConfigurationReloader(
            path: configuration.path, environment: environment, store: store, gateway: gateway, metrics: metrics, botStates: botStates,
            logger: logger)
    }

    /// The services to run: the HTTP server, then the reloader (SIGHUP and file changes).
    package func services(logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> [any Service] {
        let configuration = store.snapshot.configuration
        return [
            GatewayApplication.buildApplication(runtime: self, logger: logger, onServerRunning: onServerRunning),
            ReloadService(
                reloader: reloader, interval: configuration.watchInterval, adaptersDirectory: configuration.adaptersDirectory,
                loadedFiles: loadedFiles),
        ]
    }

    package func shutdown() async {
        await client.shutdown()
        await shared?.shutdown()
    }
}
