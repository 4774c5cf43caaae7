import Hummingbird

/// Turns anything a route throws (an unknown path, a body too large…) into the gateway's JSON error
/// shape, with no internal detail: no stack, no type names, no file paths.
struct ErrorResponseMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            let status = error.status
            let code = status == .notFound ? "not_found" : status == .contentTooLarge ? "body_too_large" : "http_\(status.code)"
            let message = status == .notFound ? "no such route" : status.reasonPhrase
            return JSONResponses.error(status, code: code, message: message)
        } catch {
            context.logger.error("unexpected failure", metadata: ["error.type": "\(type(of: error))"])
            return JSONResponses.error(.internalServerError, code: "internal_error", message: "DeskBridge failed to answer this call")
        }
    }
}
