import Adapters
import ArgumentParser
import Foundation
import GatewayConfig
import Server

/// `deskbridge check`: loads config.yaml and every adapter, compiles everything, and reports every
/// error and warning with its position. Exit status 0 when the configuration can be served.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate config.yaml and the adapters without starting anything.")

    @Option(name: .long, help: "The configuration file.")
    var config: String = "config.yaml"

    @Flag(name: .long, help: "Print errors only.")
    var quiet = false

    func run() throws {
        let diagnostics = Diagnostics()
        let configuration = ConfigurationLoader.load(path: config, diagnostics: diagnostics)
        var report = DiagnosticReport()
        let shown = diagnostics.all.filter { !quiet || $0.severity == .error }.sorted { $0.location < $1.location }
        for diagnostic in shown {
            print(report.render(diagnostic))
        }
        let errors = diagnostics.errors.count
        let warnings = diagnostics.all.count - errors
        if let configuration {
            if !quiet {
                print(
                    "\(config): OK — \(configuration.tenants.count) tenant(s), \(configuration.adapters.count) adapter(s)"
                        + (warnings > 0 ? ", \(warnings) warning(s)" : ""))
            }
        } else {
            FileHandle.standardError.write(Data("\(config): \(errors) error(s), \(warnings) warning(s)\n".utf8))
            throw ExitCode.failure
        }
    }
}
