import Adapters
import Foundation
import GatewayConfig
import Testing

@testable import Server

/// Secrets that ship in the repository, or are short, never serve a gateway that other machines can
/// reach; the demo on loopback keeps working with them.
@Suite struct ProductionSecretsTests {
    private static let root = URL(fileURLWithPath: repositoryAdapters).deletingLastPathComponent().path

    @Test func theShippedConfigurationRunsOnLoopbackOnly() throws {
        let diagnostics = Diagnostics()
        #expect(ConfigurationLoader.load(path: Self.root + "/config.yaml", environment: [:], diagnostics: diagnostics) != nil)
        // As the container image runs it: every address, the shipped defaults.
        let exposed = Diagnostics()
        let configuration = ConfigurationLoader.load(
            path: Self.root + "/config.yaml", environment: ["DESKBRIDGE_HOST": "0.0.0.0"], diagnostics: exposed)
        #expect(configuration == nil)
        let messages = exposed.errors.map(\.message)
        #expect(messages.contains { $0.hasPrefix("the admin token is a value shipped in DeskBridge's repository") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("tenant 'demo': the connector secret is a value shipped") }, "\(messages)")
        // With its own secrets from the environment, the same file serves every address.
        let real = Diagnostics()
        let environment = [
            "DESKBRIDGE_HOST": "0.0.0.0", "DESKBRIDGE_ADMIN_TOKEN": String(repeating: "9f", count: 16),
            "DEMO_CONNECTOR_SECRET": String(repeating: "4e", count: 16),
        ]
        #expect(ConfigurationLoader.load(path: Self.root + "/config.yaml", environment: environment, diagnostics: real) != nil, "\(real.errors)")
    }

    @Test func shortSecretsAreRefusedBeyondLoopback() throws {
        let yaml = """
            server: { host: 10.1.2.3 }
            admin: { token: sixteen-chars-ok }
            tenants:
              demo:
                websites: [ha-123]
                adapter: shopify
                upstream: https://shop.example
                credentials: { accessToken: token }
                secret: [a-long-enough-secret-of-32-chars, short-one]

            """
        let (configuration, diagnostics) = try loadConfiguration(yaml)
        #expect(configuration == nil)
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.contains { $0.message.hasPrefix("the admin token is shorter than 24 characters") && $0.location.line == 3 })
        #expect(
            errors.contains { $0.message.hasPrefix("tenant 'demo': the connector secret is shorter than 24 characters") && $0.location.line == 10 })
        let (loopback, _) = try loadConfiguration(yaml.replacingOccurrences(of: "10.1.2.3", with: "127.0.0.1"))
        #expect(loopback != nil)
    }

    /// Every secret-like default or placeholder in the shipped files is on the list, so the rule
    /// cannot go stale when someone edits config.yaml or the deployment examples.
    @Test func theListHoldsEveryShippedSecret() throws {
        var shipped: Set<String> = []
        let config = try String(contentsOfFile: Self.root + "/config.yaml", encoding: .utf8)
        for line in config.split(separator: "\n") where line.contains("token:") || line.contains("secret:") {
            if let range = line.range(of: ":-"), let end = line[range.upperBound...].firstIndex(of: "}") {
                shipped.insert(String(line[range.upperBound..<end]))
            }
        }
        let manifest = try String(contentsOfFile: Self.root + "/deploy/kubernetes/deskbridge.yaml", encoding: .utf8)
        for line in manifest.split(separator: "\n") {
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: ":", maxSplits: 1)
            guard parts.count == 2, ["TOKEN", "SECRET", "PASSWORD"].contains(where: { parts[0].hasSuffix($0) }) else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            if !value.hasPrefix("redis://") && !value.hasPrefix("shpat_") { shipped.insert(value) }
        }
        #expect(shipped.count >= 4, "\(shipped)")
        #expect(shipped.isSubset(of: ProductionSecrets.shipped), "not listed: \(shipped.subtracting(ProductionSecrets.shipped))")
    }
}
