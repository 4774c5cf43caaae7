import Hummingbird
import Logging

/// Turns each HTTP request into a `SimulatedRequest`, applies the fault plan, and sends it to
/// the simulator that owns its path (or to the admin endpoint).
struct SandboxResponder: HTTPResponder {
    typealias Context = SandboxRequestContext

    let server: SandboxServer
    let logger: Logger

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: server.configuration.maximumRequestBodySize)
        } catch {
            return SandboxHTTPResponse.make(.json(413, #"{"errors":"Request Entity Too Large"}"#))
        }
        let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        var headers = request.headers.map { ($0.name.rawName, $0.value) }
        // swift-http-types keeps `Host` as the request's authority rather than as a header field.
        if let authority = request.head.authority { headers.insert(("Host", authority), at: 0) }
        let simulated = SimulatedRequest(
            method: request.method.rawValue, target: target, headers: headers, body: Array(body.readableBytesView)
        )
        if simulated.path == "/_sandbox" || simulated.path.hasPrefix("/_sandbox/") {
            return SandboxHTTPResponse.make(SandboxAdminEndpoint(server: server).handle(simulated))
        }
        let kind = SimulatorKind.owner(ofPath: simulated.path)
        let response: Response
        if let fault = server.faults.draw(simulator: kind, path: simulated.path, method: simulated.method) {
            logger.debug("sandbox fault", metadata: ["path": "\(simulated.path)", "fault": "\(fault.kind)"])
            response = try await FaultInjection(server: server, kind: kind).respond(with: fault, to: simulated, context: context)
        } else {
            response = SandboxHTTPResponse.make(await server.simulate(simulated, kind: kind))
        }
        logger.debug(
            "sandbox request",
            metadata: [
                "method": "\(simulated.method)", "path": "\(simulated.path)", "status": "\(response.status.code)",
            ])
        return response
    }
}

/// Hummingbird responses from simulated ones.
enum SandboxHTTPResponse {
    /// `HTTPField` from swift-http-types, reached through Hummingbird's re-exported `HTTPFields`.
    typealias HeaderField = HTTPFields.Element

    static func fields(_ headers: [(String, String)]) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in headers {
            guard let fieldName = HeaderField.Name(name) else { continue }
            fields.append(HeaderField(name: fieldName, value: value))
        }
        return fields
    }

    static func make(_ simulated: SimulatedResponse) -> Response {
        Response(
            status: HTTPResponse.Status(code: simulated.status), headers: fields(simulated.headers),
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: simulated.body))
        )
    }
}
