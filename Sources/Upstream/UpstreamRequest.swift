/// One call to an upstream HTTP API.
public struct UpstreamRequest: Sendable, Hashable {
    /// An HTTP method token: "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"…
    package var method: String
    /// An absolute `http` or `https` URL.
    package var url: String
    /// Request header fields, sent in order. A body without a `Content-Type` field is sent without one.
    package var headers: [HTTPHeader]
    /// The request body, sent with an explicit `Content-Length`.
    package var body: [UInt8]?
    /// Total time allowed for one attempt (connect, send and receive); overrides the client default.
    package var timeout: Duration?
    /// The instant by which the whole call, retries and waits included, must be over. An attempt
    /// never runs past it, and a ``RetryingTransport`` never sleeps past it.
    package var deadline: ContinuousClock.Instant?
    /// Groups requests for the circuit breaker and the statistics; nil means the URL's origin
    /// (`scheme://host:port`, see ``UpstreamOrigin``).
    package var upstreamName: String?
    /// Rates the upstream enforces that this request counts against: a ``PacingTransport`` holds
    /// it back until they allow it.
    package var paceLimits: [PaceLimit] = []
    private var idempotency: Bool?

    /// A request; `isIdempotent` nil means "decide from the method".
    public init(
        method: String = "GET",
        url: String,
        headers: [HTTPHeader] = [],
        body: [UInt8]? = nil,
        timeout: Duration? = nil,
        deadline: ContinuousClock.Instant? = nil,
        isIdempotent: Bool? = nil,
        upstreamName: String? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.deadline = deadline
        self.idempotency = isIdempotent
        self.upstreamName = upstreamName
    }

    /// Whether sending the request twice has the effect of sending it once, so that a
    /// ``RetryingTransport`` may retry it. Defaults to true for GET, HEAD, OPTIONS, PUT and
    /// DELETE and false otherwise; set it to true for a read-only POST such as a GraphQL query.
    package var isIdempotent: Bool {
        get { idempotency ?? Self.idempotentMethods.contains(method.uppercased()) }
        set { idempotency = newValue }
    }

    /// The key that groups this request with others to the same upstream.
    package var upstreamKey: String {
        upstreamName ?? UpstreamOrigin(url: url).description
    }

    private static let idempotentMethods: Set<String> = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]
}
