/// The rule for every link DeskBridge hands the Desk (`productUrl`, `imageUrl`, customer `URL`
/// lines): an absolute `http://` or `https://` URL, kept whole, or nothing at all.
///
/// A link longer than iAdvize's 1,024-character field limit is dropped rather than cut, because a
/// cut link leads nowhere (or somewhere else); any other scheme (`javascript:`, `data:`, `file:`…)
/// is dropped because the Desk would open it in the agent's browser.
package enum WebLink {
    /// `text` as a link the Desk may show, or nil. Surrounding whitespace is trimmed; a
    /// scheme-relative `//host/path` (older Shopify image URLs) is read as `https:`.
    package static func usable(_ text: String) -> String? {
        var link = text.trimmingWhitespace()
        if link.hasPrefix("//") { link = "https:" + link }
        guard link.unicodeScalars.count <= PluginLimits.maxFieldCharacters else { return nil }
        let lowered = link.prefix(8).lowercased()
        let hostStart: Int
        if lowered.hasPrefix("https://") {
            hostStart = 8
        } else if lowered.hasPrefix("http://") {
            hostStart = 7
        } else {
            return nil
        }
        // A host must follow, and nothing in a link may be a space or a control character.
        guard let first = link.unicodeScalars.dropFirst(hostStart).first, first != "/", first != "?", first != "#",
            !link.unicodeScalars.contains(where: { $0.properties.isWhitespace || ParameterRules.isControl($0) })
        else { return nil }
        return link
    }

    /// Whether `text` is empty (no link) or a usable link: what the contract checker accepts.
    package static func isEmptyOrUsable(_ text: String) -> Bool {
        text.isEmpty || usable(text) == text
    }
}
