import Adapters
import GatewayConfig
import Testing

@testable import PanelApp

/// Reading the `panel:` sections of config.yaml, with `deskbridge check`'s located messages.
@Suite struct PanelSettingsTests {
    /// The top-level `panel` node and the `tenants.acme.panel` node of a YAML text.
    func nodes(_ yaml: String, diagnostics: Diagnostics) throws -> (top: ConfigNode?, tenant: ConfigNode?, tenantLocation: Adapters.SourceLocation) {
        let file = ConfigFile(path: "config.yaml", text: yaml)
        let root = try #require(ConfigNode.parse(file, text: yaml, diagnostics: diagnostics))
        let fields = try #require(root.fields(allowed: ["panel", "tenants"], diagnostics))
        let acme = fields["tenants"]?.entries(allowed: nil, diagnostics)?.first
        let tenantFields = acme?.value.fields(allowed: ["secret", "panel"], diagnostics)
        return (fields["panel"], tenantFields?["panel"], acme?.keyLocation ?? Adapters.SourceLocation(file: "config.yaml", line: 1, column: 1))
    }

    func read(_ yaml: String, secretCount: Int = 1) throws -> (PanelSettings, PanelTenantSettings, Diagnostics) {
        let diagnostics = Diagnostics()
        let (top, tenant, location) = try nodes(yaml, diagnostics: diagnostics)
        let settings = PanelSettings.read(top, diagnostics: diagnostics)
        let tenantSettings = PanelTenantSettings.read(
            tenant, tenant: "acme", tenantLocation: location, settings: settings, secretCount: secretCount, diagnostics: diagnostics)
        return (settings, tenantSettings, diagnostics)
    }

    @Test func defaultsWithoutAnySection() throws {
        let (settings, tenant, diagnostics) = try read("tenants:\n  acme:\n    secret: s\n")
        #expect(settings == PanelSettings())
        #expect(settings.libraryURL == "https://static.iadvize.com/conversation-panel-app-lib/2.9.0/idzcpa.umd.production.min.js")
        #expect(settings.frameAncestors == ["https://sd.iadvize.com", "https://ha.iadvize.com"])
        #expect(tenant.enabled && tenant.authentication == .required && tenant.appURL == nil)
        // Without an app URL the API refuses everything: `deskbridge check` says so.
        #expect(diagnostics.errors.isEmpty)
        #expect(
            diagnostics.all.map(\.description) == [
                "config.yaml:2:3: warning: tenant 'acme' has no panel app URL: its panel API refuses every call (set panel: { publicURL: https://your-gateway } at the top level, or panel: { appURL: … } in the tenant)"
            ])
    }

    @Test func appURLDefaultsFromThePublicURL() throws {
        let (settings, tenant, diagnostics) = try read(
            """
            panel:
              publicURL: https://bridge.example.com/
              libraryURL: https://cdn.example.com/idzcpa/2.9.0/idzcpa.js
              frameAncestors: [https://sd.iadvize.com, https://ha.iadvize.com, https://desk.example.com]
              clockSkew: 10s
            tenants:
              acme:
                secret: s
            """)
        #expect(diagnostics.all.isEmpty, "\(diagnostics.all)")
        #expect(settings.publicURL == "https://bridge.example.com")
        #expect(tenant.appURL == "https://bridge.example.com/panel/acme/")
        #expect(settings.libraryOrigin == "https://cdn.example.com")
        #expect(settings.frameAncestors.count == 3)
        #expect(settings.clockSkew == .seconds(10))
    }

    @Test func tenantAppURLAndAuthentication() throws {
        let (_, tenant, diagnostics) = try read(
            """
            panel: { publicURL: https://bridge.example.com }
            tenants:
              acme:
                secret: s
                panel: { appURL: "https://proxy.example.com/shops/acme/panel/acme/", authentication: off }
            """)
        #expect(tenant.appURL == "https://proxy.example.com/shops/acme/panel/acme/")
        #expect(tenant.authentication == .off)
        #expect(diagnostics.errors.isEmpty)
        #expect(
            diagnostics.all.map(\.description) == [
                "config.yaml:5:90: warning: the panel API of tenant 'acme' answers without authentication (anyone who knows its URL can list the catalog; turn on \"Use authentication\" in the connector and remove this line)"
            ])
    }

    @Test func errorsCarryTheirPosition() throws {
        let (settings, tenant, diagnostics) = try read(
            """
            panel:
              libraryURL: "javascript:alert(1)"
              frameAncestors: [https://sd.iadvize.com/path, "*"]
              clockSkew: 1h
              enabeld: true
            tenants:
              acme:
                secret: s
                panel:
                  appURL: not a url
                  authentication: maybe
            """)
        let messages = diagnostics.errors.map(\.description)
        #expect(
            messages == [
                "config.yaml:5:3: error: unknown key 'enabeld' in 'panel' (did you mean 'enabled'?)",
                "config.yaml:2:15: error: 'panel.libraryURL' must be an absolute http(s) URL (e.g. https://static.iadvize.com/conversation-panel-app-lib/2.9.0/idzcpa.umd.production.min.js)",
                "config.yaml:3:20: error: 'https://sd.iadvize.com/path' is not an origin (scheme://host[:port] with no path, e.g. https://sd.iadvize.com)",
                "config.yaml:3:49: error: '*' is not an origin (scheme://host[:port] with no path, e.g. https://sd.iadvize.com)",
                "config.yaml:3:19: error: 'panel.frameAncestors' lists no origin: the Desk could not show the panel",
                "config.yaml:4:14: error: 'panel.clockSkew' must be at most 5m: tokens live one minute",
                "config.yaml:10:15: error: 'tenants.acme.panel.appURL' must be the absolute URL pasted in the iAdvize connector (e.g. https://bridge.example.com/panel/acme/)",
                "config.yaml:11:23: error: 'tenants.acme.panel.authentication' must be one of: required, off (required is the default)",
            ])
        // Faulty values leave the defaults in place.
        #expect(settings.libraryURL == PanelSettings.iAdvizeLibraryURL)
        #expect(settings.frameAncestors == PanelSettings.iAdvizeDeskOrigins)
        #expect(tenant.authentication == .required)
    }

    @Test func libraryURLsThatCouldBreakTheHeaderOrThePage() {
        #expect(PanelURLRules.problem(ofScriptURL: "https://a.example/x.js") == nil)
        #expect(PanelURLRules.problem(ofScriptURL: "https://a.example/x.js; script-src *") != nil)
        #expect(PanelURLRules.problem(ofScriptURL: "https://a.example/x.js\"><script>") != nil)
        #expect(PanelURLRules.problem(ofScriptURL: "//a.example/x.js") != nil)
        #expect(PanelURLRules.problem(ofScriptURL: "https://user:pw@a.example/x.js") != nil)
        #expect(PanelURLRules.origin(of: "HTTPS://Static.Example:8443/x.js") == "https://static.example:8443")
    }

    @Test func warnsWhenATenantWithoutSecretRequiresTokens() throws {
        let (_, _, diagnostics) = try read(
            """
            panel: { publicURL: https://bridge.example.com }
            tenants:
              acme:
                panel: { appURL: "https://bridge.example.com/acme/" }
            """, secretCount: 0)
        #expect(diagnostics.errors.isEmpty)
        #expect(
            diagnostics.all.map(\.message) == [
                "'tenants.acme.panel.appURL' does not end with /panel/acme/",
                "tenant 'acme' has no connector secret: its panel API refuses every call",
            ])
    }

    @Test func disabledTenantsHaveNoPanel() throws {
        let (_, tenant, diagnostics) = try read("tenants:\n  acme:\n    secret: s\n    panel: { enabled: false }\n")
        #expect(diagnostics.all.isEmpty)
        #expect(tenant.tenant(name: "acme", catalog: FailingCatalog(error: .unsupported(operation: "x")), websites: ["ha-1"], secrets: ["s"]) == nil)
        let enabled = PanelTenantSettings(appURL: "https://b.example/panel/acme/")
        let panel = try #require(
            enabled.tenant(name: "acme", catalog: FailingCatalog(error: .unsupported(operation: "x")), websites: ["sd-9", "ha-1"], secrets: ["s"]))
        #expect(panel.idWebsite == "ha-1")
        #expect(panel.appURL == "https://b.example/panel/acme/")
    }
}
