import Adapters
import Hummingbird

/// How an upstream failure reaches the panel: the status the plugin routes use (503 when the shop
/// is down or throttling, 504 on a timeout, 502 on an unusable answer), so the page can tell the
/// agent the shop is at fault, not the panel.
enum PanelFailureResponse {
    static func response(for error: AdapterError) -> Response {
        switch error {
        case .throttled(_, let retryAfter):
            var headers = HTTPFields()
            if let retryAfter {
                let seconds = retryAfter.components.seconds + (retryAfter.components.attoseconds > 0 ? 1 : 0)
                headers[.retryAfter] = String(max(1, seconds))
            }
            return PanelResponses.error(.serviceUnavailable, code: "upstream_throttled", message: error.description, headers: headers)
        case .unavailable:
            return PanelResponses.error(.serviceUnavailable, code: "upstream_unavailable", message: error.description)
        case .timedOut:
            return PanelResponses.error(.gatewayTimeout, code: "upstream_timeout", message: error.description)
        case .authFailed:
            return PanelResponses.error(.badGateway, code: "upstream_auth_failed", message: error.description)
        case .badResponse:
            return PanelResponses.error(.badGateway, code: "upstream_bad_response", message: error.description)
        case .notFound:
            return PanelResponses.error(.notFound, code: "not_found", message: error.description)
        case .tooManyPages:
            return PanelResponses.error(.badRequest, code: "offset_too_deep", message: error.description, parameter: "offset")
        case .unsupported:
            return PanelResponses.error(.notFound, code: "plugin_not_served", message: error.description)
        }
    }
}
