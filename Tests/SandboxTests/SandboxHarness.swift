import Logging
import Sandbox

/// Starts a sandbox on 127.0.0.1 with an ephemeral port, runs `body`, then stops the server.
func withSandbox<Result: Sendable>(
    shopify: ShopifySimulatorConfiguration = ShopifySimulatorConfiguration(catalog: sharedDemoCatalog),
    _ body: @Sendable (SandboxServer, Int) async throws -> Result
) async throws -> Result {
    try await withSandbox(configuration: SandboxConfiguration(host: "127.0.0.1", port: 0, shopify: shopify), body)
}

/// Starts a sandbox with a whole configuration (its host and port are replaced by 127.0.0.1:0).
func withSandbox<Result: Sendable>(
    configuration: SandboxConfiguration, _ body: @Sendable (SandboxServer, Int) async throws -> Result
) async throws -> Result {
    var logger = Logger(label: "sandbox-tests")
    logger.logLevel = .warning
    var configuration = configuration
    configuration.host = "127.0.0.1"
    configuration.port = 0
    let server = SandboxServer(configuration: configuration, logger: logger)
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let running = Task {
        defer { continuation.finish() }
        try await server.run { port in continuation.yield(port) }
    }
    defer { running.cancel() }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else { throw HarnessError.serverDidNotStart }
    let result = try await body(server, port)
    running.cancel()
    _ = await running.result
    return result
}

enum HarnessError: Error {
    case serverDidNotStart
}

/// The demo catalog (generated once per process); the generator's determinism has its own test.
let sharedDemoCatalog = ShopifyCatalog.demo()

/// The demo WooCommerce shop, HubSpot portal and Shopify customers (generated once per process).
let sharedWooStore = WooCommerceStore.demo()
let sharedHubSpotData = HubSpotData.demo()
let sharedShopifyCustomers = ShopifyCustomer.demoCustomers()
