/// Why an upstream call produced no HTTP response.
///
/// An HTTP error status (404, 500…) is not an `UpstreamError`: it is a normal ``UpstreamResponse``.
public enum UpstreamError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The URL is malformed or its scheme is not `http`/`https`.
    case invalidURL(String)
    /// The request cannot be sent as given (bad method token, CR/LF in a header…).
    case invalidRequest(reason: String)
    /// The host could not be resolved or refused/failed the connection.
    case connectFailed(host: String, reason: String)
    /// The deadline passed before the response was complete.
    case timedOut(after: Duration)
    /// The response (headers or decoded body) exceeded the configured byte limit.
    case responseTooLarge(limit: Int)
    /// Any other libcurl failure: `code` is the `CURLcode`, `message` its explanation.
    case transport(code: Int, message: String)
    /// The calling task was cancelled.
    case cancelled
    /// The client was shut down before the request completed.
    case shutDown
    /// The upstream's circuit breaker is open after repeated failures: the call was not sent.
    /// `retryAfter` is how long until the breaker lets a probe request through.
    case circuitOpen(retryAfter: Duration)
    /// The upstream's declared rate leaves no slot for the call before its deadline: the call was
    /// not sent (``PacingTransport``). `retryAfter` is how far away the next slot is.
    case paced(retryAfter: Duration)

    /// A sentence a person can act upon.
    public var description: String {
        switch self {
        case .invalidURL(let url):
            return "invalid upstream URL '\(url)': an absolute http or https URL is required"
        case .invalidRequest(let reason):
            return "invalid upstream request: \(reason)"
        case .connectFailed(let host, let reason):
            return "could not connect to \(host): \(reason)"
        case .timedOut(let after):
            return "upstream did not answer within \(after)"
        case .responseTooLarge(let limit):
            return "upstream response exceeded the limit of \(limit) bytes"
        case .transport(let code, let message):
            return "upstream transport error (curl \(code)): \(message)"
        case .cancelled:
            return "upstream request cancelled"
        case .shutDown:
            return "upstream client is shut down"
        case .circuitOpen(let retryAfter):
            return "upstream is failing and its circuit breaker is open; next try in \(retryAfter)"
        case .paced(let retryAfter):
            return "upstream's rate is used up until after the call's deadline; next slot in \(retryAfter)"
        }
    }

    /// A stable, low-cardinality name of the case, for metrics and logs ("timedOut"…).
    package var kindName: String {
        switch self {
        case .invalidURL: "invalidURL"
        case .invalidRequest: "invalidRequest"
        case .connectFailed: "connectFailed"
        case .timedOut: "timedOut"
        case .responseTooLarge: "responseTooLarge"
        case .transport: "transport"
        case .cancelled: "cancelled"
        case .shutDown: "shutDown"
        case .circuitOpen: "circuitOpen"
        case .paced: "paced"
        }
    }

    /// True for failures that say the upstream (or the path to it) is unwell, so that trying
    /// again later may succeed and a circuit breaker should count them: connection failures,
    /// timeouts, and connections that broke mid-exchange.
    package var isUpstreamFailure: Bool {
        switch self {
        case .connectFailed, .timedOut:
            return true
        case .transport(let code, _):
            return Self.brokenConnectionCodes.contains(code)
        case .invalidURL, .invalidRequest, .responseTooLarge, .cancelled, .shutDown, .circuitOpen, .paced:
            return false
        }
    }

    /// CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
    /// CURLE_HTTP2_STREAM: the connection broke; the TLS failures (35, 60…) are not in this list
    /// because retrying them does not help.
    private static let brokenConnectionCodes: Set<Int> = [16, 18, 52, 55, 56, 92]
}
