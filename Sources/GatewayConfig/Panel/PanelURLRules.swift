import Foundation

/// Checks on the URLs of the panel's configuration. They end up in an HTML attribute and in the
/// Content-Security-Policy header, so only plain absolute http(s) URLs are accepted.
package enum PanelURLRules {
    /// Characters that could break out of an HTML attribute or a CSP source list.
    private static let forbidden = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"'<>;,\\`"))

    /// Why `url` cannot be the idzcpa library's URL, or nil when it can.
    package static func problem(ofScriptURL url: String) -> String? {
        guard url.rangeOfCharacter(from: forbidden) == nil else { return "must not contain spaces, quotes, '<', '>', ';' or ','" }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = components.host, !host.isEmpty
        else { return "must be an absolute http(s) URL" }
        guard components.user == nil, components.password == nil else { return "must not carry user info" }
        return nil
    }

    /// `scheme://host[:port]` of an absolute http(s) URL.
    package static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        return components.port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }

    /// True for `scheme://host[:port]` with nothing after it.
    package static func isOrigin(_ text: String) -> Bool {
        guard text.rangeOfCharacter(from: forbidden) == nil, let components = URLComponents(string: text),
            components.query == nil, components.fragment == nil, components.path.isEmpty || components.path == "/"
        else { return false }
        return origin(of: text) != nil
    }

    /// A base URL without its trailing slash: `https://host[:port][/prefix]`; nil for anything else.
    package static func baseURL(_ text: String) -> String? {
        guard text.rangeOfCharacter(from: forbidden) == nil, let components = URLComponents(string: text),
            components.query == nil, components.fragment == nil, components.user == nil, origin(of: text) != nil
        else { return nil }
        var base = text
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// An app URL as the operator pasted it in the connector: an absolute http(s) URL with no fragment.
    package static func isAppURL(_ text: String) -> Bool {
        guard text.rangeOfCharacter(from: forbidden) == nil, let components = URLComponents(string: text),
            components.fragment == nil, components.user == nil
        else { return false }
        return origin(of: text) != nil
    }
}
