import Adapters
import Foundation

/// One tenant's `panel:` section: whether its panel is served, the app URL pasted in the iAdvize
/// connector (the tokens' audience), and whether the API demands a token.
package struct PanelTenantSettings: Sendable, Hashable {
    package var enabled: Bool
    /// The exact URL the operator pasted in the connector; tokens must name it in `aud`. Nil when
    /// neither `appURL` nor the top-level `publicURL` is set: the API then refuses every call.
    package var appURL: String?
    package var authentication: PanelAuthentication

    package init(enabled: Bool = true, appURL: String? = nil, authentication: PanelAuthentication = .required) {
        self.enabled = enabled
        self.appURL = appURL
        self.authentication = authentication
    }

    static let keys = ["enabled", "appURL", "authentication"]

    /// The app URL a tenant gets when it names none: `<publicURL>/panel/<tenant>/`.
    package static func defaultAppURL(tenant: String, settings: PanelSettings) -> String? {
        settings.publicURL.map { "\($0)/panel/\(tenant)/" }
    }

    /// Reads `tenants.<name>.panel` (absent: the defaults) and reports what would leave the panel
    /// unusable or open. `secretCount` is the number of connector secrets the tenant has.
    package static func read(
        _ node: ConfigNode?, tenant: String, tenantLocation: SourceLocation, settings: PanelSettings, secretCount: Int,
        diagnostics: Diagnostics, text: ((ConfigNode) -> String?)? = nil
    ) -> PanelTenantSettings {
        var result = PanelTenantSettings(appURL: defaultAppURL(tenant: tenant, settings: settings))
        let readText = text ?? { $0.string(diagnostics) }
        var location = tenantLocation
        if let node, !node.isNull, let fields = node.fields(allowed: keys, diagnostics) {
            location = node.location
            result.enabled = fields["enabled"]?.bool(diagnostics) ?? result.enabled
            if let urlNode = fields["appURL"], let url = readText(urlNode) {
                if PanelURLRules.isAppURL(url) {
                    result.appURL = url
                    if !url.hasSuffix("/panel/\(tenant)/") {
                        diagnostics.warning(
                            "'\(urlNode.displayPath)' does not end with /panel/\(tenant)/", at: urlNode.location,
                            hint: "it must be the URL pasted in the iAdvize connector, which loads /panel/\(tenant)/ through your proxy")
                    }
                } else {
                    diagnostics.error(
                        "'\(urlNode.displayPath)' must be the absolute URL pasted in the iAdvize connector", at: urlNode.location,
                        hint: "e.g. https://bridge.example.com/panel/\(tenant)/")
                }
            }
            if let modeNode = fields["authentication"], let mode = readText(modeNode) {
                if let value = PanelAuthentication(rawValue: mode) {
                    result.authentication = value
                    if value == .off && result.enabled {
                        diagnostics.warning(
                            "the panel API of tenant '\(tenant)' answers without authentication", at: modeNode.location,
                            hint:
                                "anyone who knows its URL can list the catalog; turn on \"Use authentication\" in the connector and remove this line")
                    }
                } else {
                    diagnostics.error(
                        "'\(modeNode.displayPath)' must be one of: required, off", at: modeNode.location, hint: "required is the default")
                }
            }
        }
        guard result.enabled, settings.enabled, result.authentication == .required else { return result }
        if secretCount == 0 {
            diagnostics.warning(
                "tenant '\(tenant)' has no connector secret: its panel API refuses every call", at: location,
                hint: "set the tenant's secret (iAdvize signs the panel's tokens with it), or panel: { authentication: off } for a demo")
        }
        if result.appURL == nil {
            diagnostics.warning(
                "tenant '\(tenant)' has no panel app URL: its panel API refuses every call", at: location,
                hint: "set panel: { publicURL: https://your-gateway } at the top level, or panel: { appURL: … } in the tenant")
        }
        return result
    }
}
