import GatewayConfig

/// The panel's HTML page: the template with the asset version and the idzcpa library's URL filled
/// in. It holds no data and no secret, and no inline script or style.
enum PanelPage {
    static func render(_ assets: PanelAssets, settings: PanelSettings) -> String {
        assets.pageTemplate
            .replacingOccurrences(of: "{{VERSION}}", with: assets.version)
            .replacingOccurrences(of: "{{LIBRARY_URL}}", with: escapeAttribute(settings.libraryURL))
    }

    /// Text made safe inside a double-quoted HTML attribute.
    static func escapeAttribute(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }
}
