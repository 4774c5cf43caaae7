import Adapters
import ArgumentParser
import Foundation
import GatewayConfig
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Server
import ServiceLifecycle

/// `deskbridge serve`: loads the configuration and runs the gateway.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the gateway.")

    @Option(name: .long, help: "The configuration file.")
    var config: String = "config.yaml"

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: Logger.Level = .info

    @Option(name: .long, help: "Log format: text, or json (one object per line). Default: $DESKBRIDGE_LOG_FORMAT, else text.")
    var logFormat: LineLogHandler.Format?

    func run() async throws {
        let executor = try ConcurrencyExecutor.fromEnvironment("DESKBRIDGE_EXECUTOR", default: .eventLoops)
        #if os(Linux)  // on Darwin NIO allows it from the main thread only, which `run` is not on
        if executor == .eventLoops {
            // Request handlers then run on the event loop that read the request, instead of hopping
            // to Swift's own thread pool and back (BENCHMARKS.md: +7 % to +33 % cache hits per second).
            _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        #endif
        // The environment variable is for containers, where flags are awkward to change.
        let format = try logFormat ?? .fromEnvironment("DESKBRIDGE_LOG_FORMAT", default: .text)
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = LineLogHandler(label: label, format: format)
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
        // Serving on would lose the bindings after a corrupt line at the next write: stop here.
        let corrupt = runtime.botStates.corruptBindingFiles
        if !corrupt.isEmpty {
            for location in corrupt {
                let message = "error: corrupt bot bindings file: \(location); fix or remove that line, or restore a backup (docs/operations.md)"
                FileHandle.standardError.write(Data((message + "\n").utf8))
            }
            await runtime.shutdown()
            throw ExitCode.failure
        }
        let services = runtime.services(logger: logger) { port in
            logger.info("DeskBridge is listening", metadata: ["address": "http://\(configuration.listener.host):\(port)"])
        }
        // SIGTERM/SIGINT: the listener closes, requests in flight finish (drain), then the process ends.
        var lifecycle = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // Requests still running after the drain timeout are cancelled (their callers get an error).
        lifecycle.maximumGracefulShutdownDuration = configuration.listener.drainTimeout
        let group = ServiceGroup(configuration: lifecycle)
        try await group.run()
        await runtime.shutdown()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension LineLogHandler.Format: ExpressibleByArgument {}

/// Where Swift concurrency runs `serve`'s tasks: on NIO's event loops (the default), or on Swift's
/// own pool (`DESKBRIDGE_EXECUTOR=pool`), should a library ever block a thread.
enum ConcurrencyExecutor: String, CaseIterable {
    case eventLoops = "event-loops"
    case pool
}

extension RawRepresentable where Self: CaseIterable, RawValue == String {
    /// The choice the environment variable `name` names, `fallback` when it is unset or empty.
    static func fromEnvironment(
        _ name: String, default fallback: Self, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Self {
        guard let value = environment[name], !value.isEmpty else { return fallback }
        guard let choice = Self(rawValue: value) else {
            let choices = allCases.map { "'\($0.rawValue)'" }.joined(separator: " or ")
            throw ValidationError("\(name) must be \(choices), not '\(value)'")
        }
        return choice
    }
}
