import Adapters
import Hummingbird

/// How each upstream failure reaches the Desk: never an empty list, always a status that says what happened.
enum UpstreamFailureResponse {
    static func response(for error: AdapterError) -> Response {
        switch error {
        case .throttled(_, let retryAfter):
            var headers: HTTPFields = [:]
            if let retryAfter {
                let seconds = retryAfter.components.seconds + (retryAfter.components.attoseconds > 0 ? 1 : 0)
                headers[.retryAfter] = String(max(1, seconds))
            }
            return JSONResponses.error(.serviceUnavailable, code: "upstream_throttled", message: error.description, headers: headers)
        case .unavailable:
            return JSONResponses.error(.serviceUnavailable, code: "upstream_unavailable", message: error.description)
        case .timedOut:
            return JSONResponses.error(.gatewayTimeout, code: "upstream_timeout", message: error.description)
        case .authFailed:
            return JSONResponses.error(.badGateway, code: "upstream_auth_failed", message: error.description)
        case .badResponse:
            return JSONResponses.error(.badGateway, code: "upstream_bad_response", message: error.description)
        case .notFound:
            return JSONResponses.error(.notFound, code: "not_found", message: error.description)
        case .tooManyPages:
            return JSONResponses.error(.badRequest, code: "offset_too_deep", message: error.description, parameter: "offset")
        case .unsupported:
            return JSONResponses.error(.notFound, code: "plugin_not_served", message: error.description)
        }
    }
}
