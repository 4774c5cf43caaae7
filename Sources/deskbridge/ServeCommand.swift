import Adapters
import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
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

    @Option(name: .long, help: "Log format: text, or json (one object per line). Default: $DESKBRIDGE_LOG_FORMAT, else text.")
    var logFormat: LogFormat?

    func run() async throws {
        let executor = try ConcurrencyExecutor.fromEnvironment()
        #if os(Linux)  // on Darwin NIO allows it from the main thread only, which `run` is not on
        if executor == .eventLoops {
            // Request handlers then run on the event loop that read the request, instead of hopping
            // to Swift's own thread pool and back (BENCHMARKS.md: +7 % to +33 % cache hits per second).
            _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        #endif
        let format = try logFormat ?? LogFormat.fromEnvironment()
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                switch format {
                case .text: TextLogHandler(label: label)
                case .json: JSONLogHandler(label: label)
                }
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "deskbridge")
        let diagnostics = Diagnostics()
        let loaded = ConfigurationLoader.load(path: config, diagnostics: diagnostics)
        for diagnostic in diagnostics.all {
            switch format {
            case .text:
                // The compiler's style, which editors and people read best.
                FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
            case .json:
                var metadata: Logger.Metadata = ["location": "\(diagnostic.location)"]
                if let hint = diagnostic.hint { metadata["hint"] = "\(hint)" }
                logger.log(level: diagnostic.severity == .error ? .error : .warning, "\(diagnostic.message)", metadata: metadata)
            }
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
        var lifecycle = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // Requests still running after the drain timeout are cancelled (their callers get an error).
        lifecycle.maximumGracefulShutdownDuration = configuration.listener.drainTimeout
        let group = ServiceGroup(configuration: lifecycle)
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

/// Where Swift concurrency runs `serve`'s tasks: on NIO's event loops (the default), or on Swift's
/// own pool (`DESKBRIDGE_EXECUTOR=pool`), should a library ever block a thread.
enum ConcurrencyExecutor: String {
    case eventLoops = "event-loops"
    case pool

    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ConcurrencyExecutor {
        guard let value = environment["DESKBRIDGE_EXECUTOR"], !value.isEmpty else { return .eventLoops }
        guard let executor = ConcurrencyExecutor(rawValue: value) else {
            throw ValidationError("DESKBRIDGE_EXECUTOR must be 'event-loops' or 'pool', not '\(value)'")
        }
        return executor
    }
}

/// How `serve` writes its logs.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json

    /// `DESKBRIDGE_LOG_FORMAT`, for containers where flags are awkward to change; text when unset.
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LogFormat {
        guard let value = environment["DESKBRIDGE_LOG_FORMAT"], !value.isEmpty else { return .text }
        guard let format = LogFormat(rawValue: value) else {
            throw ValidationError("DESKBRIDGE_LOG_FORMAT must be 'text' or 'json', not '\(value)'")
        }
        return format
    }
}
