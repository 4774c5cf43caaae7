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
        }
    }
}
