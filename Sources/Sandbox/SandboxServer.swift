import Hummingbird
import Logging
// Hummingbird's `Application` is a swift-service-lifecycle `Service`; the module comes with it.
import ServiceLifecycle

/// One HTTP server hosting every upstream simulator: the demo's shop and CRM and the integration
/// tests' upstreams, reached over real sockets exactly like the real services. Requests go to
/// the simulator that owns their path: `/admin/api/…/graphql.json` (Shopify GraphQL), other
/// `/admin/api/…` paths (Shopify REST), `/wp-json/…` (WooCommerce), `/crm/…` (HubSpot), and
/// `/_sandbox/…` (faults and statistics).
package struct SandboxServer: Sendable {
    package let configuration: SandboxConfiguration
    package let shopify: ShopifySimulator
    package let shopifyREST: ShopifyRESTSimulator
    package let wooCommerce: WooCommerceSimulator
    package let hubSpot: HubSpotSimulator
    /// The faults in force; also set through `POST /_sandbox/faults`.
    package let faults: FaultPlan
    private let connections: ConnectionCounter
    private let logger: Logger

    package init(configuration: SandboxConfiguration, logger: Logger) {
        self.configuration = configuration
        shopify = ShopifySimulator(configuration: configuration.shopify)
        shopifyREST = ShopifyRESTSimulator(configuration: configuration.shopifyREST, shopify: shopify)
        wooCommerce = WooCommerceSimulator(configuration: configuration.wooCommerce)
        hubSpot = HubSpotSimulator(configuration: configuration.hubSpot)
        faults = FaultPlan()
        connections = ConnectionCounter()
        self.logger = logger
    }

    /// TCP connections accepted since the server started (a keep-alive connection counts once).
    package var acceptedConnections: Int { connections.count }

    /// Requests each simulator has received (faulted requests a simulator never saw excluded).
    package var requestCounts: [SimulatorKind: Int] {
        [
            .shopify: shopify.requestCount, .shopifyREST: shopifyREST.requestCount,
            .wooCommerce: wooCommerce.requestCount, .hubSpot: hubSpot.requestCount,
        ]
    }

    /// Runs until the task is cancelled; calls `onRunning` with the bound port (an ephemeral one
    /// when the configured port is 0). Cancellation shuts the server down gracefully: the
    /// listener closes and requests in flight are answered first.
    package func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let configuredPort = configuration.port
        let connections = self.connections
        let application = Application(
            responder: SandboxResponder(server: self, logger: logger),
            server: .http1(configuration: .init(additionalChannelHandlers: [connections.makeHandler()])),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in
                await onRunning(channel.localAddress?.port ?? configuredPort)
            },
            logger: logger
        )
        var groupConfiguration = ServiceGroupConfiguration(services: [application], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(10)
        let group = ServiceGroup(configuration: groupConfiguration)
        // The group runs in its own task so that our cancellation becomes a graceful shutdown
        // rather than the abrupt cancellation of every connection.
        let running = Task { try await group.run() }
        try await withTaskCancellationHandler {
            try await running.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }

    /// Sends a request to the simulator that owns its path, without faults.
    func simulate(_ request: SimulatedRequest, kind: SimulatorKind?) async -> SimulatedResponse {
        switch kind {
        case .shopify:
            return await shopify.handle(body: request.body, headers: request.headers, path: request.path, method: request.method)
        case .shopifyREST:
            return await shopifyREST.handle(request)
        case .wooCommerce:
            return await wooCommerce.handle(request)
        case .hubSpot:
            return await hubSpot.handle(request)
        case nil:
            return .json(404, #"{"errors":"Not Found"}"#)
        }
    }
}
