import Adapters
import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Sandbox
import Server
import ServiceLifecycle

/// `deskbridge serve`: loads the configuration and runs the gateway (and the demo upstream when
/// config.yaml has a `sandbox` section).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the gateway.")

    @Option(name: .long, help: "The configuration file.")
    var config: String = "config.yaml"

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        let logger = Logger(label: "deskbridge")
        let diagnostics = Diagnostics()
        let loaded = ConfigurationLoader.load(path: config, diagnostics: diagnostics)
        for diagnostic in diagnostics.all {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
        }
        guard let configuration = loaded else { throw ExitCode.failure }

        let runtime = try GatewayRuntime(configuration: configuration, logger: logger)
        var services: [any Service] = []
        if let sandbox = configuration.sandbox {
            // The demo upstream runs in this process only when config.yaml asks for it.
            services.append(DemoUpstreamService(settings: sandbox, logger: logger))
        }
        services += runtime.services(logger: logger) { port in
            logger.info("DeskBridge is listening", metadata: ["address": "http://\(configuration.listener.host):\(port)"])
        }
        // Services stop in reverse order on SIGTERM/SIGINT: the gateway drains before the sandbox goes.
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        await runtime.shutdown()
    }
}

/// The sandbox's simulated upstreams, as a service beside the gateway.
struct DemoUpstreamService: Service {
    let settings: GatewayConfiguration.SandboxSettings
    let logger: Logger

    func run() async throws {
        let upstream = DemoUpstream(settings: settings, logger: Logger(label: "deskbridge.sandbox"))
        let logger = self.logger
        let host = settings.host
        try await cancelWhenGracefulShutdown {
            try await upstream.server.run { port in
                logger.info("Demo upstream (sandbox) is listening", metadata: ["address": "http://\(host):\(port)"])
            }
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
