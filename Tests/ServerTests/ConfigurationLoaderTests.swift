import Adapters
import Foundation
import GatewayConfig
import Testing

@testable import Server

let repositoryAdapters = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("adapters").path

/// Writes `yaml` as a config.yaml (pointing at the repository's adapters) and loads it.
func loadConfiguration(_ yaml: String, environment: [String: String] = [:]) throws -> (GatewayConfiguration?, [Diagnostic]) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-config-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("config.yaml").path
    try ("adapters: \(repositoryAdapters)\n" + yaml).write(toFile: path, atomically: true, encoding: .utf8)
    let diagnostics = Diagnostics()
    let configuration = ConfigurationLoader.load(path: path, environment: environment, diagnostics: diagnostics)
    return (configuration, diagnostics.all)
}

@Suite struct ConfigurationLoaderTests {
    private let tenant = """
        tenants:
          demo:
            websites: [ha-123]
            adapter: shopify
            upstream: https://shop.example
            credentials: { accessToken: token }

        """

    /// The ConfigMap in deploy/kubernetes/deskbridge.yaml, with the Secret's names in the environment.
    @Test func theKubernetesExampleConfigurationLoads() throws {
        let root = URL(fileURLWithPath: repositoryAdapters).deletingLastPathComponent().path
        let manifest = try String(contentsOfFile: root + "/deploy/kubernetes/deskbridge.yaml", encoding: .utf8)
        let lines = manifest.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0 == "  config.yaml: |" }) + 1
        let block = lines[start...].prefix { $0.hasPrefix("    ") || $0.isEmpty }
        let yaml = block.map { $0.dropFirst(4) }.filter { !$0.hasPrefix("adapters:") }.joined(separator: "\n")
        #expect(yaml.contains("tenants:"))
        let environment = [
            "DESKBRIDGE_ADMIN_TOKEN": String(repeating: "a", count: 32), "ACME_SHOPIFY_TOKEN": "shpat_x",
            "ACME_CONNECTOR_SECRET": String(repeating: "c", count: 32),
        ]
        let (configuration, diagnostics) = try loadConfiguration(yaml, environment: environment)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        #expect(configuration?.listener.host == "0.0.0.0")
        #expect(configuration?.tenants.map(\.name) == ["acme"])
    }

    @Test func theShippedConfigurationLoads() throws {
        let root = URL(fileURLWithPath: repositoryAdapters).deletingLastPathComponent().path
        let diagnostics = Diagnostics()
        let configuration = ConfigurationLoader.load(path: root + "/config.yaml", environment: [:], diagnostics: diagnostics)
        #expect(diagnostics.errors.isEmpty, "\(diagnostics.errors)")
        #expect(configuration?.tenants.map(\.name) == ["demo"])
        #expect(configuration?.tenants.first?.upstream.baseURL.port == 8091, "the demo upstream's port, as make run starts it")
    }

    /// The demo upstream left config.yaml for a program of its own; an old file says so plainly.
    @Test func aSandboxSectionIsRefusedWithTheWayOut() throws {
        let (configuration, diagnostics) = try loadConfiguration("sandbox: { host: 127.0.0.1, port: 8091 }\n" + tenant + "    secret: s\n")
        #expect(configuration == nil)
        let error = try #require(diagnostics.first { $0.severity == .error })
        #expect(error.message.contains("'sandbox' is no longer read"), "\(error)")
        #expect(error.location.line == 2)  // after the adapters line loadConfiguration writes
        #expect(error.hint?.contains("deskbridge-sandbox") == true)
    }

    @Test func aTenantWithoutASecretDoesNotStart() throws {
        let (configuration, diagnostics) = try loadConfiguration(tenant)
        #expect(configuration == nil)
        let error = try #require(diagnostics.first { $0.message.contains("no connector secret") })
        #expect(error.location.line == 3)
        #expect(error.hint?.contains("insecure: true") == true)
    }

    @Test func insecureTenantsStartWithAWarning() throws {
        let (configuration, diagnostics) = try loadConfiguration(tenant + "    insecure: true\n")
        #expect(configuration?.tenants.first?.access.insecure == true)
        #expect(diagnostics.contains { $0.severity == .warning && $0.message.contains("unsigned") })
    }

    @Test func secretsComeFromTheEnvironmentOrFiles() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)").path
        try "from-file\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let (configuration, _) = try loadConfiguration(
            tenant + "    secret: ['${DEMO_SECRET}', '${file:\(file)}']\n", environment: ["DEMO_SECRET": "from-env"])
        #expect(configuration?.tenants.first?.secrets == ["from-env", "from-file"])

        let (missing, diagnostics) = try loadConfiguration(tenant + "    secret: ${NOPE}\n")
        #expect(missing == nil)
        let error = try #require(diagnostics.first { $0.message.contains("NOPE") })
        #expect(error.location.line == 8)
        #expect(!error.description.contains("from-env"))
    }

    @Test func atMostTwoSecrets() throws {
        let (configuration, diagnostics) = try loadConfiguration(tenant + "    secret: [a, b, c]\n")
        #expect(configuration == nil, "three secrets must not load")
        #expect(diagnostics.contains { $0.message.contains("at most two secrets") })
        // Two secrets (a rotation) do load: the refusal above is about the count.
        let (rotating, _) = try loadConfiguration(tenant + "    secret: [a, b]\n")
        #expect(rotating != nil)
    }

    @Test func allowListsAreChecked() throws {
        let (_, diagnostics) = try loadConfiguration(tenant + "    secret: s\n    allow: { sourceAddresses: [10.0.0.0/33, nonsense] }\n")
        #expect(diagnostics.filter { $0.message.contains("not an IP address") }.count == 2)
        let (configuration, _) = try loadConfiguration(
            tenant + "    secret: s\n    allow: { sourceAddresses: [10.0.0.0/8], connectorVersions: [v1] }\n")
        let access = try #require(configuration?.tenants.first?.access)
        #expect(access.allowsSource("10.1.2.3"))
        #expect(!access.allowsSource("11.1.2.3"))
        #expect(!access.allowsSource(nil))
        #expect(access.allowsConnectorVersion("v1"))
        #expect(!access.allowsConnectorVersion(nil))
    }

    @Test func mistakesAreReportedTogetherWithHints() throws {
        let (configuration, diagnostics) = try loadConfiguration(
            """
            server: { hots: 0.0.0.0 }
            tenants:
              Demo Shop:
                websites: []
                adapter: shopfy
                upstream: ftp://shop.example
                settings: { locale: fr, localle: en }
                ttl: { products: soon }
                secret: s
            """)
        #expect(configuration == nil)
        let messages = diagnostics.map(\.description)
        #expect(messages.contains { $0.contains(":2:") && $0.contains("unknown key 'hots'") && $0.contains("did you mean 'host'?") })
        #expect(messages.contains { $0.contains("cannot appear in a URL") })
        #expect(messages.contains { $0.contains("serves no iAdvize website") })
        #expect(messages.contains { $0.contains("unknown adapter 'shopfy'") && $0.contains("did you mean 'shopify'?") })
        #expect(messages.contains { $0.contains("is not an upstream base URL") && !$0.contains("ftp://") })
        #expect(messages.contains { $0.contains(":9:") && $0.contains("must be a duration") })
        #expect(diagnostics.filter { $0.severity == .error }.count >= 6)
    }

    @Test func adapterSettingsAndCredentialsAreChecked() throws {
        let (_, diagnostics) = try loadConfiguration(
            """
            tenants:
              demo:
                websites: [ha-1]
                adapter: shopify
                upstream: https://shop.example
                settings: { localle: fr }
                secret: s
            """)
        #expect(diagnostics.contains { $0.message.contains("no setting 'localle'") && $0.hint == "did you mean 'locale'?" })
        #expect(diagnostics.contains { $0.message.contains("lacks the credential 'accessToken'") })
    }
}

@Suite struct SecretReferenceTests {
    @Test func resolvesReferences() {
        #expect(SecretReference.resolve("plain", environment: [:]) == .success("plain"))
        #expect(SecretReference.resolve("${A}-${B:-b}", environment: ["A": "a"]) == .success("a-b"))
        #expect(SecretReference.resolve("${A:-}", environment: [:]) == .success(""))
        #expect(SecretReference.resolve("${A}", environment: [:]) == .failure(.unsetVariable("A")))
        #expect(SecretReference.resolve("${A", environment: ["A": "a"]) == .failure(.unterminated))
        #expect(SecretReference.resolve("${file:/nonexistent/x}", environment: [:]) == .failure(.unreadableFile("/nonexistent/x")))
    }
}
