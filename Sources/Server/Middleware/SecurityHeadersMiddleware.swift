import HTTPTypes
import Hummingbird

/// Headers that make every gateway answer safe to receive in a browser: JSON is never sniffed as
/// HTML, never framed, never cached by shared caches, and never leaks the referrer.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        // Old browsers read X-Frame-Options, not CSP's frame-ancestors: DENY wherever framing is refused.
        let refusesFraming: Bool
        if let policy = response.headers[.contentSecurityPolicy] {
            refusesFraming = policy.contains("frame-ancestors 'none'")  // a route's own policy (the panel's)
        } else {
            response.headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'"
            refusesFraming = true
        }
        if refusesFraming, response.headers[.xFrameOptions] == nil { response.headers[.xFrameOptions] = "DENY" }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
