import GatewayHTTP
import Hummingbird

/// Turns anything a route throws into the gateway's JSON error shape, with no internal detail: no
/// stack, no type names, no file paths. A `GatewayError` answers as itself; Hummingbird's own
/// errors (an unknown path, a body too large…) keep their status.
struct ErrorResponseMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any GatewayError {
            return JSONAnswer.error(error)
        } catch let error as any HTTPResponseError {
            let status = error.status
            let code = status == .notFound ? "not_found" : status == .contentTooLarge ? "body_too_large" : "http_\(status.code)"
            let message = status == .notFound ? "no such route" : status.reasonPhrase
            return JSONAnswer.error(GatewayRefusal(status, code: code, message: message))
        } catch {
            context.logger.error("unexpected failure", metadata: ["error.type": "\(type(of: error))"])
            return JSONAnswer.error(GatewayRefusal.internalFailure)
        }
    }
}
