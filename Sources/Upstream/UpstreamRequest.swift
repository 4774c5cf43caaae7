/// One call to an upstream HTTP API.
public struct UpstreamRequest: Sendable, Hashable {
    /// An HTTP method token: "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"…
    public var method: String
    /// An absolute `http` or `https` URL.
    public var url: String
    /// Request header fields, sent in order. A body without a `Content-Type` field is sent without one.
    public var headers: [HTTPHeader]
    /// The request body, sent with an explicit `Content-Length`.
    public var body: [UInt8]?
    /// Total deadline for this request (connect, send and receive); overrides the client default.
    public var timeout: Duration?

    public init(
        method: String = "GET",
        url: String,
        headers: [HTTPHeader] = [],
        body: [UInt8]? = nil,
        timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}
