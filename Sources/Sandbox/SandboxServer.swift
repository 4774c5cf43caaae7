import Hummingbird
import Logging
// Hummingbird's `Application` is a swift-service-lifecycle `Service`; the module comes with it.
import ServiceLifecycle

/// Where the sandbox listens and what it simulates.
public struct SandboxConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port; `SandboxServer.run(onRunning:)` reports the one bound.
    public var port: Int
    public var shopify: ShopifySimulatorConfiguration

    public init(host: String = "127.0.0.1", port: Int = 8091, shopify: ShopifySimulatorConfiguration = ShopifySimulatorConfiguration()) {
        self.host = host
        self.port = port
        self.shopify = shopify
    }
}

/// One HTTP server hosting every upstream simulator: the demo's shop and the integration tests'
/// upstream, reached over real sockets exactly like the real services.
public struct SandboxServer: Sendable {
    public let configuration: SandboxConfiguration
    public let shopify: ShopifySimulator
    private let logger: Logger

    public init(configuration: SandboxConfiguration, logger: Logger) {
        self.configuration = configuration
        self.shopify = ShopifySimulator(configuration: configuration.shopify)
        self.logger = logger
    }

    /// Runs until the task is cancelled; calls `onRunning` with the bound port (an ephemeral one
    /// when the configured port is 0). Cancellation shuts the server down gracefully: the
    /// listener closes and requests in flight are answered first.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let configuredPort = configuration.port
        let application = Application(
            responder: SandboxResponder(shopify: shopify, logger: logger),
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
}

/// Sends each request to the simulator that owns its path.
struct SandboxResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    /// `HTTPField` from swift-http-types, reached through Hummingbird's re-exported `HTTPFields`.
    private typealias HeaderField = HTTPFields.Element

    /// Larger bodies are refused with 413, as a real API gateway would.
    static let maximumBodySize = 2 * 1024 * 1024

    let shopify: ShopifySimulator
    let logger: Logger

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maximumBodySize)
        } catch {
            return Self.response(.json(413, #"{"errors":"Request Entity Too Large"}"#))
        }
        let headers = request.headers.map { ($0.name.rawName, $0.value) }
        let bytes = Array(body.readableBytesView)
        let simulated = await shopify.handle(body: bytes, headers: headers, path: request.uri.path, method: request.method.rawValue)
        logger.debug("sandbox request", metadata: [
            "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "status": "\(simulated.status)",
        ])
        return Self.response(simulated)
    }

    private static func response(_ simulated: SimulatedResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in simulated.headers {
            guard let fieldName = HeaderField.Name(name) else { continue }
            fields.append(HeaderField(name: fieldName, value: value))
        }
        return Response(
            status: HTTPResponse.Status(code: simulated.status),
            headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: simulated.body))
        )
    }
}
