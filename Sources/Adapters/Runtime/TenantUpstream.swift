import Foundation
import Mapping

/// The upstream a tenant's adapter talks to: where it is, and the tenant's credentials and settings.
public struct TenantUpstream: Sendable {
    package let tenant: String
    /// `scheme://host[:port][/base/path]`, checked at load; request paths are appended to it.
    package let baseURL: BaseURL
    /// Credential values by name; used only to build auth headers, never logged or put in cache keys.
    let credentials: [String: String]
    /// The adapter's settings with the tenant's overrides.
    package let settings: JSONObject
    /// Cache lifetimes set by the tenant, overriding the adapter's.
    package let ttlOverrides: [PluginOperation: Duration]
    /// Names the credentials without revealing them, for cache keys (hashed again by the cache).
    let credentialIdentity: String
    /// Every credential value as it is and percent-encoded: what `redacting` hides.
    private let secretForms: [String]

    public init(
        tenant: String, baseURL: BaseURL, credentials: [String: String], settings: JSONObject,
        ttlOverrides: [PluginOperation: Duration] = [:]
    ) {
        self.tenant = tenant
        self.baseURL = baseURL
        self.credentials = credentials
        var settings = settings
        // Every adapter may link to the tenant's own upstream (admin pages, storefront…).
        if settings["baseURL"] == nil { settings.append(key: "baseURL", value: .string(baseURL.description)) }
        self.settings = settings
        self.ttlOverrides = ttlOverrides
        self.credentialIdentity = credentials.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        self.secretForms = credentials.values.filter { !$0.isEmpty }.flatMap { [$0, PercentEncoding.queryValue($0)] }
    }

    /// `url` made absolute and accepted only when it stays on the base URL's scheme, host, port and
    /// path prefix: links found in upstream answers (next pages, children) are followed only then.
    func sameOriginURL(_ url: String) -> String? {
        guard var components = URLComponents(string: url) else { return nil }
        // The prefix is checked on the path a server resolves (`/api-root/../other` is `/other`);
        // an encoded dot segment (`%2e%2e`), which servers resolve differently, is refused outright.
        guard let path = Self.resolvingDotSegments(components.percentEncodedPath) else { return nil }
        components.percentEncodedPath = path
        if components.scheme == nil && components.host == nil {
            guard url.hasPrefix("/"), !url.hasPrefix("//"), path.hasPrefix(baseURL.pathPrefix + "/"), let resolved = components.string else {
                return nil
            }
            return baseURL.origin + resolved
        }
        let defaultPort = baseURL.scheme == "https" ? 443 : 80
        guard components.scheme?.lowercased() == baseURL.scheme, components.host?.lowercased() == baseURL.host.lowercased(),
            (components.port ?? defaultPort) == (baseURL.port ?? defaultPort), components.user == nil, components.password == nil,
            path.hasPrefix(baseURL.pathPrefix + "/")
        else { return nil }
        // Rebuilt only when a dot segment was resolved; otherwise the URL exactly as the upstream gave it.
        return url.contains("/.") ? components.string : url
    }

    /// `path` with its `.` and `..` segments resolved (RFC 3986 §5.2.4); nil when a segment is a dot
    /// segment in disguise (`%2e`, `.%2E`…) or `..` would climb above the root.
    static func resolvingDotSegments(_ path: String) -> String? {
        var kept: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            let decoded = segment.replacingOccurrences(of: "%2e", with: ".", options: .caseInsensitive)
            if decoded != segment, decoded == "." || decoded == ".." { return nil }
            switch segment {
            case ".":
                if index == segments.count - 1 { kept.append("") }
            case "..":
                guard kept.count > 1 else { return nil }
                kept.removeLast()
                if index == segments.count - 1 { kept.append("") }
            default:
                kept.append(segment)
            }
        }
        return kept.joined(separator: "/")
    }

    /// `url` with every credential value (as is and percent-encoded) replaced by `***`, for logs and
    /// `deskbridge try`: an API key sent in the query string must never be printed.
    package func redacting(_ url: String) -> String {
        var redacted = url
        // It runs for every upstream call, and most credentials travel in headers: replace (a
        // Foundation call) only what occurs.
        for form in secretForms where redacted.utf8.contains(bytesOf: form) {
            redacted = redacted.replacingOccurrences(of: form, with: "***")
        }
        return redacted
    }
}

/// An upstream base URL: only `http` and `https`, a host, an optional port and path prefix, and no
/// query, fragment or user info, so that adapters cannot be pointed elsewhere.
public struct BaseURL: Sendable, Hashable, CustomStringConvertible {
    package let scheme: String
    package let host: String
    package let port: Int?
    /// Without a trailing slash; empty for the root.
    package let pathPrefix: String

    public init?(_ text: String) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
            components.query == nil, components.fragment == nil, components.user == nil, components.password == nil
        else { return nil }
        self.scheme = scheme
        self.host = host
        self.port = components.port
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        self.pathPrefix = path
    }

    /// `scheme://host[:port]`; IPv6 hosts are bracketed.
    package var origin: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart)\(port.map { ":\($0)" } ?? "")"
    }

    /// The origin plus the path prefix.
    public var description: String { origin + pathPrefix }
}

extension String.UTF8View {
    /// Whether the UTF-8 bytes of `other` occur here, in a row.
    fileprivate func contains(bytesOf other: String) -> Bool {
        let needle = Array(other.utf8)
        guard let first = needle.first, count >= needle.count else { return false }
        var index = startIndex
        while let start = self[index...].firstIndex(of: first) {
            if self[start...].starts(with: needle) { return true }
            index = self.index(after: start)
        }
        return false
    }
}
