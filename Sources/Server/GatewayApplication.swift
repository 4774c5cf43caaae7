import Adapters
import Hummingbird
import Logging
import Mapping
import Upstream

/// Builds the gateway's HTTP application from a snapshot store.
public enum GatewayApplication {
    public static func buildRouter(store: SnapshotStore) -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorResponseMiddleware())
        router.get("health") { _, _ in
            JSONResponses.ok(Array(#"{"status":"UP"}"#.utf8), headers: [.cacheControl: "no-store"])
        }
        PluginRoutes(store: store).register(on: router)
        return router
    }

    public static func buildApplication(
        store: SnapshotStore, logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let listener = store.snapshot.configuration.listener
        let idle = listener.idleTimeout.components
        return Application(
            router: buildRouter(store: store),
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(idle.seconds * 1_000_000_000 + idle.attoseconds / 1_000_000_000))),
            configuration: .init(address: .hostname(listener.host, port: listener.port), serverName: "DeskBridge"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? listener.port) },
            logger: logger)
    }
}

/// A running gateway's parts: the libcurl client, the upstream gateway and the snapshot.
public struct GatewayRuntime: Sendable {
    public let client: CurlHTTPClient
    public let gateway: UpstreamGateway
    public let store: SnapshotStore

    public init(configuration: GatewayConfiguration, logger: Logger) throws(UpstreamError) {
        let settings = configuration.upstream
        client = try CurlHTTPClient(
            configuration: CurlClientConfiguration(
                connectTimeout: settings.connectTimeout, requestTimeout: settings.requestTimeout,
                maxResponseBytes: settings.maxResponseBytes, maxConnectionsPerHost: settings.maxConnectionsPerHost),
            logger: logger)
        gateway = UpstreamGateway(transport: client, cacheBytes: configuration.cacheMaxBytes)
        store = SnapshotStore(Snapshot(configuration: configuration, gateway: gateway))
    }
}
