import Adapters
import Hummingbird
import Plugins

// How the errors of the modules below the routes reach a caller: one table each.

/// A parameter the Desk sent that cannot be served: 400, naming it.
extension ParameterError: GatewayError {
    public var status: HTTPResponse.Status { .badRequest }
    package var code: String { "invalid_parameter" }
    package var message: String { description }
}

/// An upstream failure: never an empty list, always a status that says what happened (503 when
/// the shop is down or throttling, 504 on a timeout, 502 on an unusable answer).
extension AdapterError: GatewayError {
    public var status: HTTPResponse.Status {
        switch self {
        case .throttled, .unavailable: .serviceUnavailable
        case .timedOut: .gatewayTimeout
        case .authFailed, .badResponse: .badGateway
        case .notFound, .unsupported: .notFound
        case .tooManyPages: .badRequest
        }
    }

    package var code: String {
        switch self {
        case .throttled: "upstream_throttled"
        case .unavailable: "upstream_unavailable"
        case .timedOut: "upstream_timeout"
        case .authFailed: "upstream_auth_failed"
        case .badResponse: "upstream_bad_response"
        case .notFound: "not_found"
        case .tooManyPages: "offset_too_deep"
        case .unsupported: "plugin_not_served"
        }
    }

    package var message: String { description }

    package var parameter: String? {
        if case .tooManyPages = self { return "offset" }
        return nil
    }

    package var headers: HTTPFields {
        guard case .throttled(_, let retryAfter?) = self else { return [:] }
        // Whole seconds, rounded up, at least 1.
        let seconds = retryAfter.components.seconds + (retryAfter.components.attoseconds > 0 ? 1 : 0)
        return [.retryAfter: String(max(1, seconds))]
    }
}
