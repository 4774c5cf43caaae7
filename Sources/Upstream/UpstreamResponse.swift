/// The final HTTP response to an ``UpstreamRequest`` (redirects are not followed).
public struct UpstreamResponse: Sendable {
    /// HTTP status code, e.g. 200.
    public var status: Int
    /// Header fields of the final response, in the order received (interim 1xx responses excluded).
    package var headers: [HTTPHeader]
    /// The body, already decoded when the server used gzip or deflate.
    public var body: [UInt8]
    /// Where the time went, as measured by libcurl (for the last attempt).
    package var timing: UpstreamTiming
    /// Attempts made to get this response: more than 1 when a ``RetryingTransport`` retried.
    package var attempts: Int = 1
    /// Set by a ``RetryingTransport`` when this response says the upstream is throttling and the
    /// transport gave up waiting (the wait did not fit the deadline, the quota is daily, the
    /// request is not idempotent…): ``ThrottleSignal/wait`` is how long the caller should hold off.
    package var throttle: ThrottleSignal?

    /// A response of one attempt (`attempts` 1, no throttling signal).
    public init(status: Int, headers: [HTTPHeader], body: [UInt8], timing: UpstreamTiming) {
        self.status = status
        self.headers = headers
        self.body = body
        self.timing = timing
    }

    /// The value of the first header field named `name`, compared case-insensitively.
    package func header(_ name: String) -> String? {
        headers.first(named: name)
    }
}

/// Timings of one transfer, each measured from the start of the transfer (libcurl `*_TIME_T`).
public struct UpstreamTiming: Sendable, Hashable {
    /// Until the transfer completed.
    package var total: Duration
    /// Until the TCP connection was established (zero when an existing connection was reused).
    package var connect: Duration
    /// Until the first response byte arrived.
    package var timeToFirstByte: Duration
    /// True when the request went over a kept-alive connection instead of opening a new one.
    package var connectionReused: Bool

    /// Timings as libcurl measured them.
    public init(total: Duration, connect: Duration, timeToFirstByte: Duration, connectionReused: Bool) {
        self.total = total
        self.connect = connect
        self.timeToFirstByte = timeToFirstByte
        self.connectionReused = connectionReused
    }
}
