/// The `scheme://host:port` of a URL, with the default port filled in: what identifies one
/// upstream for the circuit breaker and the statistics.
///
/// Parsed with plain string scanning (no allocation beyond the parts), because it runs on every
/// request; a URL it cannot make sense of yields the scheme-less origin `"invalid"`, and the
/// client itself rejects such a URL.
package struct UpstreamOrigin: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`, in lower case.
    package let scheme: String
    /// The host in lower case, without user information or port (IPv6 literals keep their brackets).
    package let host: String
    /// The explicit port, or 80/443 for the scheme.
    package let port: Int

    /// The origin of `url`.
    package init(url: String) {
        guard let schemeEnd = url.range(of: "://") else {
            (scheme, host, port) = ("invalid", "", 0)
            return
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? authority
        var host = Substring(hostAndPort)
        var port = scheme == "https" ? 443 : 80
        if let colon = hostAndPort.lastIndex(of: ":"), !hostAndPort[colon...].contains("]") {
            host = hostAndPort[..<colon]
            if let explicit = Int(hostAndPort[hostAndPort.index(after: colon)...]) { port = explicit }
        }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
    }

    /// `scheme://host:port`.
    package var description: String { "\(scheme)://\(host):\(port)" }
}
