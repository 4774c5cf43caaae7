import Logging
import Sandbox

/// Starts a sandbox on 127.0.0.1 with an ephemeral port, runs `body`, then stops the server.
func withSandbox<Result: Sendable>(
    shopify: ShopifySimulatorConfiguration = ShopifySimulatorConfiguration(catalog: sharedDemoCatalog),
    _ body: @Sendable (SandboxServer, Int) async throws -> Result
) async throws -> Result {
    var logger = Logger(label: "sandbox-tests")
    logger.logLevel = .warning
    let server = SandboxServer(configuration: SandboxConfiguration(host: "127.0.0.1", port: 0, shopify: shopify), logger: logger)
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
