import Foundation

/// Why a plugin call could not be answered from the upstream. The server turns each case into a
/// clean HTTP error (502, 503, 504, 404) with a JSON message; messages never carry URLs or secrets.
public enum AdapterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The upstream asked us to slow down (HTTP 429, or Shopify's THROTTLED answer).
    case throttled(message: String, retryAfter: Duration?)
    /// The upstream failed (5xx) or could not be reached.
    case unavailable(message: String)
    /// The upstream did not answer in time.
    case timedOut(after: Duration)
    /// The upstream refused the tenant's credentials; `message` is the adapter's own, when an
    /// `errors:` rule gave one (it wins over the generic text).
    case authFailed(status: Int, message: String? = nil)
    /// The upstream says the requested thing does not exist (e.g. an unknown category).
    case notFound(message: String)
    /// The upstream's answer could not be used (not JSON, unexpected shape, too large).
    case badResponse(message: String)
    /// Reaching the requested offset would take more upstream pages than allowed for one call.
    case tooManyPages(limit: Int)
    /// The tenant's adapter does not serve this plugin.
    case unsupported(operation: String)

    public var description: String {
        switch self {
        case .throttled(let message, let retryAfter):
            retryAfter.map { "\(message) (retry after \(Self.seconds($0)) s)" } ?? message
        case .unavailable(let message):
            message
        case .timedOut(let after):
            "the upstream did not answer within \(Self.seconds(after)) s"
        case .authFailed(let status, let message):
            message ?? "the upstream refused DeskBridge's credentials (HTTP \(status)); check the tenant's credentials"
        case .notFound(let message):
            message
        case .badResponse(let message):
            "the upstream's answer could not be used: \(message)"
        case .tooManyPages(let limit):
            "reaching this offset needs more than \(limit) upstream pages; use a smaller offset or a search"
        case .unsupported(let operation):
            "this tenant does not serve '\(operation)' (see docs/plugins.md for what each plugin needs)"
        }
    }

    /// The error's kind as a metric or log label (`throttled`, `timeout`, `auth_failed`…).
    package var metricLabel: String {
        switch self {
        case .throttled: "throttled"
        case .unavailable: "unavailable"
        case .timedOut: "timeout"
        case .authFailed: "auth_failed"
        case .notFound: "not_found"
        case .badResponse: "bad_response"
        case .tooManyPages: "too_many_pages"
        case .unsupported: "unsupported"
        }
    }

    private static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)
    }
}
