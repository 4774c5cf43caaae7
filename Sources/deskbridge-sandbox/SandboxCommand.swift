import ArgumentParser
import Logging
import Sandbox
import ServiceLifecycle

/// `deskbridge-sandbox`: the simulated upstreams (Shopify GraphQL and REST, WooCommerce, HubSpot)
/// on one port, for the demo and for trying adapters without a real shop. `make run` starts it
/// beside the gateway; `deskbridge try` starts it when the demo tenant's upstream is not running.
/// A program of its own so that the production binary carries none of it.
@main
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deskbridge-sandbox",
        abstract: "Run DeskBridge's simulated upstreams (the demo shop and CRM). Never in production.")

    @Option(name: .long, help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (0: any free port, printed at start).")
    var port: Int = 8091

    @Option(name: .long, help: "The Shopify Admin API access token the simulated shop accepts.")
    var shopifyAccessToken: String = ShopifySimulatorConfiguration.demoAccessToken

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var shopify = ShopifySimulatorConfiguration()
        shopify.accessToken = shopifyAccessToken
        let logger = Logger(label: "deskbridge.sandbox")
        let server = SandboxServer(configuration: SandboxConfiguration(host: host, port: port, shopify: shopify), logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [SandboxService(server: server, logger: logger)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// The sandbox server as a service: stops gracefully on SIGTERM and SIGINT.
struct SandboxService: Service {
    let server: SandboxServer
    let logger: Logger

    func run() async throws {
        let logger = self.logger
        let host = server.configuration.host
        try await cancelWhenGracefulShutdown {
            try await server.run { port in
                logger.info("Demo upstream (sandbox) is listening", metadata: ["address": "http://\(host):\(port)"])
            }
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
