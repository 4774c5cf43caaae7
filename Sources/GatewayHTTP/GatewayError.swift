import Hummingbird

/// An error the gateway answers with: its status, a code for programs, a sentence for people, the
/// query parameter or body field at fault, and headers (`Retry-After`, `WWW-Authenticate`).
///
/// Routes throw these; Hummingbird answers an `HTTPResponseError` through
/// `response(from:context:)`, so every error body is written by ``JSONAnswer/error(_:)``, whichever
/// router or middleware is in front.
package protocol GatewayError: HTTPResponseError, Sendable {
    var code: String { get }
    var message: String { get }
    var parameter: String? { get }
    var field: String? { get }
    var headers: HTTPFields { get }
}

extension GatewayError {
    package var parameter: String? { nil }
    package var field: String? { nil }
    public var headers: HTTPFields { [:] }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONAnswer.error(self)
    }
}

/// A refusal with no type of its own: an unknown tenant or route, a missing admin token, an
/// internal failure.
package struct GatewayRefusal: GatewayError {
    package let status: HTTPResponse.Status
    package let code: String
    package let message: String
    package let parameter: String?
    package let headers: HTTPFields

    package init(_ status: HTTPResponse.Status, code: String, message: String, parameter: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.parameter = parameter
        self.headers = headers
    }

    /// No tenant (or none serving this kind of route) under the URL's name.
    package static func unknownTenant(_ message: String = "no tenant is configured under this URL") -> GatewayRefusal {
        GatewayRefusal(.notFound, code: "unknown_tenant", message: message)
    }

    /// What a caller sees of a failure the gateway did not foresee: no type, stack or path.
    package static let internalFailure = GatewayRefusal(
        .internalServerError, code: "internal_error", message: "DeskBridge failed to answer this call")
}
