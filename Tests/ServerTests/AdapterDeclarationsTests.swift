import Adapters
import Foundation
import GatewayConfig
import Testing

@testable import Server

/// What an adapter declares that its tenants must satisfy (`requiredSettings`), and `sign`'s
/// reading of one tenant's secret while the rest of the configuration is broken.
@Suite struct AdapterDeclarationsTests {
    /// A configuration folder with `config.yaml` and the given adapter files.
    private func folder(config: String, adapters: [String: String]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-decl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("adapters"), withIntermediateDirectories: true)
        for (name, text) in adapters {
            try text.write(toFile: directory.appendingPathComponent("adapters/\(name).yaml").path, atomically: true, encoding: .utf8)
        }
        let path = directory.appendingPathComponent("config.yaml").path
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private let regional = """
        settings:
          region: null
        requiredSettings: [region]
        credentials: []
        products:
          request: { path: '/products/{settings.region}' }
          items: response
          fields: { id: item.id, title: item.name }
        """

    private func tenant(_ name: String, adapter: String, settings: String = "") -> String {
        """
          \(name):
            websites: [ha-\(name)]
            adapter: \(adapter)
            upstream: http://127.0.0.1:9
            secret: \(name)-connector-secret
        \(settings)
        """
    }

    @Test func aTenantWithoutARequiredSettingDoesNotLoad() throws {
        let path = try folder(
            config: "tenants:\n" + tenant("eu", adapter: "regional", settings: "    settings: { region: eu }") + "\n"
                + tenant("nowhere", adapter: "regional"),
            adapters: ["regional": regional])
        let diagnostics = Diagnostics()
        #expect(ConfigurationLoader.load(path: path, environment: [:], diagnostics: diagnostics) == nil)
        let errors = diagnostics.errors.map(\.message)
        #expect(errors == ["tenant 'nowhere' lacks the setting 'region' that adapter 'regional' requires"])
    }

    @Test func aTenantWithItLoads() throws {
        let path = try folder(
            config: "tenants:\n" + tenant("eu", adapter: "regional", settings: "    settings: { region: eu }"), adapters: ["regional": regional])
        let diagnostics = Diagnostics()
        let configuration = ConfigurationLoader.load(path: path, environment: [:], diagnostics: diagnostics)
        #expect(configuration?.tenants.first?.upstream.settings["region"] == "eu", "\(diagnostics.errors)")
    }

    @Test func signReadsOneTenantsSecretWhileAnotherAdapterIsBroken() throws {
        let broken = regional.replacingOccurrences(of: "item.name", with: "item.name | mony('EUR')")
        let path = try folder(
            config: "tenants:\n" + tenant("eu", adapter: "regional", settings: "    settings: { region: eu }"),
            adapters: ["regional": broken])
        #expect(ConfigurationLoader.load(path: path, environment: [:], diagnostics: Diagnostics()) == nil)
        let diagnostics = Diagnostics()
        #expect(ConfigurationLoader.secrets(ofTenant: "eu", path: path, environment: [:], diagnostics: diagnostics) == ["eu-connector-secret"])
        let unknown = Diagnostics()
        #expect(ConfigurationLoader.secrets(ofTenant: "ue", path: path, environment: [:], diagnostics: unknown) == nil)
        #expect(unknown.errors.first?.hint == "did you mean 'eu'?")
    }
}
