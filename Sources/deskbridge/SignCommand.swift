import Adapters
import ArgumentParser
import Foundation
import GatewayConfig
import Server

/// `deskbridge sign`: prints the `x-iadvize-signature` value iAdvize would send, to try signed calls
/// with curl. The secret comes from the tenant's configuration (or --secret) and is never printed.
struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Print the x-iadvize-signature header value for a query string or body.",
        discussion: """
            Example:
              q='idWebsite=ha-123&limit=2'
              curl -H "x-iadvize-signature: $(deskbridge sign --tenant demo "$q")" "http://127.0.0.1:8080/plugins/demo/products?$q"
              deskbridge sign --secret "$CONNECTOR_SECRET" "$q"     # no configuration read at all

            With --tenant, only that tenant's secret is read from the configuration (adapters are not
            compiled), so a mistake elsewhere in the configuration does not stop it.
            """)

    @Option(name: .long, help: "The configuration file.")
    var config: String = "config.yaml"

    @Option(name: .long, help: "The tenant whose connector secret signs the payload.")
    var tenant: String?

    @Option(name: .long, help: "Sign with this secret instead of a tenant's.")
    var secret: String?

    @Argument(help: "The raw query string (GET) or body (POST) exactly as sent; '-' reads standard input.")
    var payload: String

    func run() throws {
        let bytes = payload == "-" ? Array(FileHandle.standardInput.readDataToEndOfFile()) : Array(payload.utf8)
        let key: String
        if let secret {
            key = secret
        } else {
            guard let tenant else { throw ValidationError("give --tenant NAME (or --secret)") }
            // Only this tenant's secret is read: a broken adapter or another tenant's mistake must not
            // leave curl sending an empty signature.
            let diagnostics = Diagnostics()
            guard let secrets = ConfigurationLoader.secrets(ofTenant: tenant, path: config, diagnostics: diagnostics) else {
                var report = DiagnosticReport()
                diagnostics.errors.forEach { FileHandle.standardError.write(Data((report.render($0) + "\n").utf8)) }
                if diagnostics.errors.isEmpty {
                    FileHandle.standardError.write(Data("tenant '\(tenant)' has no secret (insecure: true)\n".utf8))
                }
                throw ExitCode.failure
            }
            key = secrets[0]
        }
        print(SignatureCheck.sign(bytes, secret: key))
    }
}
