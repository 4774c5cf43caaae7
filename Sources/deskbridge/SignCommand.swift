import Adapters
import ArgumentParser
import Foundation
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
            let diagnostics = Diagnostics()
            guard let configuration = ConfigurationLoader.load(path: config, diagnostics: diagnostics) else {
                diagnostics.errors.forEach { FileHandle.standardError.write(Data(($0.description + "\n").utf8)) }
                throw ExitCode.failure
            }
            guard let found = configuration.tenants.first(where: { $0.name == tenant }) else {
                throw ValidationError("no tenant '\(tenant)' in \(config)")
            }
            guard let first = found.secrets.first else { throw ValidationError("tenant '\(tenant)' has no secret (insecure: true)") }
            key = first
        }
        print(SignatureCheck.sign(bytes, secret: key))
    }
}
