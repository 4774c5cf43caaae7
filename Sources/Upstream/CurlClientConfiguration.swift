/// Limits and defaults of a ``CurlHTTPClient``.
public struct CurlClientConfiguration: Sendable, Hashable {
    /// Deadline for establishing a connection (DNS, TCP, TLS).
    public var connectTimeout: Duration = .seconds(3)
    /// Default total deadline of a request; ``UpstreamRequest/timeout`` overrides it.
    public var requestTimeout: Duration = .seconds(10)
    /// Largest accepted response, counting decoded body bytes and header bytes separately.
    public var maxResponseBytes: Int = 8 << 20
    /// Open connections per host at most (`CURLMOPT_MAX_HOST_CONNECTIONS`); excess requests queue.
    public var maxConnectionsPerHost: Int = 16
    /// Open connections in total at most (`CURLMOPT_MAX_TOTAL_CONNECTIONS`).
    public var maxTotalConnections: Int = 256
    /// The `User-Agent` sent unless a request sets its own.
    public var userAgent: String = "DeskBridge"

    public init(
        connectTimeout: Duration = .seconds(3),
        requestTimeout: Duration = .seconds(10),
        maxResponseBytes: Int = 8 << 20,
        maxConnectionsPerHost: Int = 16,
        maxTotalConnections: Int = 256,
        userAgent: String = "DeskBridge"
    ) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maxResponseBytes = maxResponseBytes
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.maxTotalConnections = maxTotalConnections
        self.userAgent = userAgent
    }
}
