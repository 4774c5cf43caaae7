import Adapters
import Foundation

/// Deployment-wide settings of the conversation panel app: whether it is served, where the page
/// loads iAdvize's idzcpa library from, and which origins may frame it.
package struct PanelSettings: Sendable, Hashable {
    /// iAdvize's published library, the one the panel loads unless told otherwise.
    package static let iAdvizeLibraryURL = "https://static.iadvize.com/conversation-panel-app-lib/2.9.0/idzcpa.umd.production.min.js"
    /// The Desk's two platforms: the only pages allowed to frame the panel by default.
    package static let iAdvizeDeskOrigins = ["https://sd.iadvize.com", "https://ha.iadvize.com"]

    /// False turns every `/panel/…` route into a 404.
    package var enabled: Bool
    /// The idzcpa library's URL; its origin is added to the page's `script-src`.
    package var libraryURL: String
    /// The gateway's public base URL (`https://bridge.example.com`), from which each tenant's app URL
    /// (the JWT audience) defaults to `<publicURL>/panel/<tenant>/`.
    package var publicURL: String?
    /// Origins allowed to frame the panel (CSP `frame-ancestors`).
    package var frameAncestors: [String]
    /// How far a token's `exp`, `nbf` and `iat` may be off, for clocks that disagree a little.
    package var clockSkew: Duration

    package init(
        enabled: Bool = true, libraryURL: String = Self.iAdvizeLibraryURL, publicURL: String? = nil,
        frameAncestors: [String] = Self.iAdvizeDeskOrigins, clockSkew: Duration = .seconds(30)
    ) {
        self.enabled = enabled
        self.libraryURL = libraryURL
        self.publicURL = publicURL
        self.frameAncestors = frameAncestors
        self.clockSkew = clockSkew
    }

    static let keys = ["enabled", "libraryURL", "publicURL", "frameAncestors", "clockSkew"]

    /// Reads the top-level `panel:` section; an absent section gives the defaults. Problems go to
    /// `diagnostics` with their file position, and the default is kept for the faulty key.
    ///
    /// - Parameter text: reads a string value; pass the loader's own reader so that `${VAR}`
    ///   references are resolved like everywhere else in config.yaml.
    package static func read(
        _ node: ConfigNode?, diagnostics: Diagnostics, text: ((ConfigNode) -> String?)? = nil
    ) -> PanelSettings {
        var settings = PanelSettings()
        guard let node, !node.isNull, let fields = node.fields(allowed: keys, diagnostics) else { return settings }
        let readText = text ?? { $0.string(diagnostics) }
        settings.enabled = fields["enabled"]?.bool(diagnostics) ?? settings.enabled
        if let urlNode = fields["libraryURL"], let url = readText(urlNode) {
            if let problem = PanelURLRules.problem(ofScriptURL: url) {
                diagnostics.error("'\(urlNode.displayPath)' \(problem)", at: urlNode.location, hint: "e.g. \(iAdvizeLibraryURL)")
            } else {
                settings.libraryURL = url
                if !url.hasPrefix("https://") {
                    diagnostics.warning(
                        "the panel loads the idzcpa library over plain HTTP", at: urlNode.location,
                        hint: "the Desk is served over HTTPS and blocks mixed content: use an https:// URL outside tests")
                }
            }
        }
        if let urlNode = fields["publicURL"], let url = readText(urlNode) {
            if let base = PanelURLRules.baseURL(url) {
                settings.publicURL = base
            } else {
                diagnostics.error(
                    "'\(urlNode.displayPath)' must be the gateway's public base URL", at: urlNode.location,
                    hint: "http(s)://host[:port][/path], with no query or fragment, e.g. https://bridge.example.com")
            }
        }
        if let listNode = fields["frameAncestors"], let items = listNode.list(diagnostics) {
            var origins: [String] = []
            for item in items {
                guard let origin = readText(item) else { continue }
                if PanelURLRules.isOrigin(origin) {
                    origins.append(origin)
                } else {
                    diagnostics.error(
                        "'\(origin)' is not an origin", at: item.location, hint: "scheme://host[:port] with no path, e.g. https://sd.iadvize.com")
                }
            }
            if origins.isEmpty {
                diagnostics.error("'\(listNode.displayPath)' lists no origin: the Desk could not show the panel", at: listNode.location)
            } else {
                settings.frameAncestors = origins
                if !Set(iAdvizeDeskOrigins).isSubset(of: origins) {
                    diagnostics.warning(
                        "'\(listNode.displayPath)' leaves out an iAdvize Desk origin", at: listNode.location,
                        hint: "the Desk frames the panel from \(iAdvizeDeskOrigins.joined(separator: " and "))")
                }
            }
        }
        if let skewNode = fields["clockSkew"], let skew = skewNode.duration(diagnostics) {
            if skew > .seconds(300) {
                diagnostics.error("'\(skewNode.displayPath)' must be at most 5m: tokens live one minute", at: skewNode.location)
            } else {
                settings.clockSkew = skew
            }
        }
        return settings
    }

    /// The origin of `libraryURL` (`https://static.iadvize.com`), for the page's `script-src`.
    package var libraryOrigin: String? { PanelURLRules.origin(of: libraryURL) }
}
