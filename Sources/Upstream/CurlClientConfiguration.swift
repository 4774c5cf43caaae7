/// Limits and defaults of a ``CurlHTTPClient``.
public struct CurlClientConfiguration: Sendable, Hashable {
    /// Deadline for establishing a connection (DNS, TCP, TLS).
    package var connectTimeout: Duration = .seconds(3)
    /// Default total deadline of a request; ``UpstreamRequest/timeout`` overrides it.
    package var requestTimeout: Duration = .seconds(10)
    /// Longest wait, from the start of a transfer (connecting included), for the first byte of
    /// the response; nil leaves only the total deadline. Catches upstreams that accept the
    /// connection and then hang, long before `requestTimeout`.
    package var firstByteTimeout: Duration?
    /// Aborts a transfer that moves fewer bytes per second than this for this long (libcurl's
    /// `LOW_SPEED_LIMIT`/`LOW_SPEED_TIME`, whole seconds); nil switches the check off. The check
    /// also runs while waiting for the answer, so keep the period above the slowest expected
    /// server think-time.
    package var slowTransfer: SlowTransferLimit?
    /// Largest accepted response, counting decoded body bytes and header bytes separately.
    package var maxResponseBytes: Int = 8 << 20
    /// Open connections per host at most (`CURLMOPT_MAX_HOST_CONNECTIONS`); excess requests queue.
    package var maxConnectionsPerHost: Int = 16
    /// Open connections in total at most (`CURLMOPT_MAX_TOTAL_CONNECTIONS`).
    package var maxTotalConnections: Int = 256
    /// Idle connections kept for reuse at most (`CURLMOPT_MAXCONNECTS`); nil means
    /// `maxTotalConnections`, so that a burst's connections all stay warm.
    package var maxIdleConnections: Int?
    /// Which HTTP version to ask for.
    package var httpVersion: HTTPVersionPreference = .http2OverTLS
    /// How long a resolved host name is reused (`CURLOPT_DNS_CACHE_TIMEOUT`, whole seconds).
    package var dnsCacheTimeout: Duration = .seconds(60)
    /// Shares TLS sessions (and the DNS cache) across the client's easy handles, so a new
    /// connection to a known host resumes its TLS session instead of a full handshake.
    package var sharesTLSSessions: Bool = true
    /// A PEM bundle of certificate authorities to trust instead of the system's (e.g. a private
    /// CA for an on-premise CRM). Peer and host name verification are always on.
    package var caFile: String?
    /// Which proxy, if any, requests go through.
    package var proxy: ProxyConfiguration = .environment
    /// The `User-Agent` sent unless a request sets its own.
    package var userAgent: String = "DeskBridge"
    /// Threads driving libcurl, each with its own multi handle. Requests are spread over them in
    /// turn and the connection bounds are divided among them (rounded up), so that several
    /// cores can share the work of many concurrent large responses.
    package var eventLoops: Int = 1

    /// A configuration; every limit has a default (see each property).
    public init(
        connectTimeout: Duration = .seconds(3),
        requestTimeout: Duration = .seconds(10),
        maxResponseBytes: Int = 8 << 20,
        maxConnectionsPerHost: Int = 16,
        maxTotalConnections: Int = 256,
        userAgent: String = "DeskBridge",
        firstByteTimeout: Duration? = nil,
        slowTransfer: SlowTransferLimit? = nil,
        maxIdleConnections: Int? = nil,
        httpVersion: HTTPVersionPreference = .http2OverTLS,
        dnsCacheTimeout: Duration = .seconds(60),
        sharesTLSSessions: Bool = true,
        caFile: String? = nil,
        proxy: ProxyConfiguration = .environment,
        eventLoops: Int = 1
    ) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maxResponseBytes = maxResponseBytes
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.maxTotalConnections = maxTotalConnections
        self.userAgent = userAgent
        self.firstByteTimeout = firstByteTimeout
        self.slowTransfer = slowTransfer
        self.maxIdleConnections = maxIdleConnections
        self.httpVersion = httpVersion
        self.dnsCacheTimeout = dnsCacheTimeout
        self.sharesTLSSessions = sharesTLSSessions
        self.caFile = caFile
        self.proxy = proxy
        self.eventLoops = eventLoops
    }

    /// The share of the connection bounds that each of `eventLoops` threads gets.
    var perEventLoop: CurlClientConfiguration {
        let loops = max(eventLoops, 1)
        guard loops > 1 else { return self }
        func share(_ value: Int) -> Int { max((value + loops - 1) / loops, 1) }
        var divided = self
        divided.maxConnectionsPerHost = share(maxConnectionsPerHost)
        divided.maxTotalConnections = share(maxTotalConnections)
        divided.maxIdleConnections = maxIdleConnections.map(share)
        return divided
    }
}

/// The least transfer speed a ``CurlHTTPClient`` tolerates, and for how long.
public struct SlowTransferLimit: Sendable, Hashable {
    /// Bytes per second below which the transfer counts as stalled.
    package var minimumBytesPerSecond: Int
    /// How long (rounded up to whole seconds) a transfer may stay below that speed.
    package var period: Duration

    /// A limit of `minimumBytesPerSecond` sustained over `period`.
    package init(minimumBytesPerSecond: Int, period: Duration) {
        self.minimumBytesPerSecond = minimumBytesPerSecond
        self.period = period
    }
}

/// The HTTP version a ``CurlHTTPClient`` asks for.
public enum HTTPVersionPreference: Sendable, Hashable {
    /// HTTP/1.1 only.
    case http1_1
    /// HTTP/2 over TLS when the server offers it (ALPN), HTTP/1.1 otherwise and for `http://`;
    /// requests to one host then share connections as multiplexed streams.
    case http2OverTLS
}

/// Whether requests go through a proxy.
///
/// With ``environment``, libcurl reads the variables itself: `https_proxy`/`HTTPS_PROXY` for
/// `https://` URLs, only the lower-case `http_proxy` for `http://` URLs (the upper-case form is
/// ignored, because a CGI server sets `HTTP_PROXY` from a request's `Proxy:` header),
/// `all_proxy`/`ALL_PROXY` as a fallback, and `no_proxy`/`NO_PROXY` for exceptions.
public enum ProxyConfiguration: Sendable, Hashable {
    /// libcurl's own reading of the proxy environment variables (see above).
    case environment
    /// No proxy, whatever the environment says.
    case direct
    /// This proxy (`http://host:port`, `https://…`, `socks5h://…`) for every request, except
    /// hosts matched by `noProxy` (comma-separated names or domains, `*` for all).
    case server(url: String, noProxy: String? = nil)
}
