import GatewayConfig

/// The page's Content-Security-Policy: only the Desk may frame it, scripts come from the gateway
/// and the idzcpa library's origin (never inline), styles from the gateway only, images from any
/// HTTPS shop or CDN, and the page talks to nothing but the gateway.
package enum PanelContentSecurityPolicy {
    package static func header(settings: PanelSettings) -> String {
        var scripts = ["'self'"]
        if let origin = settings.libraryOrigin { scripts.append(origin) }
        return [
            "default-src 'none'",
            "script-src \(scripts.joined(separator: " "))",
            "style-src 'self'",
            "img-src https: data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors \(settings.frameAncestors.joined(separator: " "))",
        ].joined(separator: "; ")
    }
}
