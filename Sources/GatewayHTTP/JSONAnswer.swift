import Hummingbird
import Mapping
import NIOCore

/// The gateway's JSON answers, written straight to bytes: successes as given, and the one error
/// shape, `{"error": code, "message": …, "parameter": …, "field": …}` (the last two when known).
package enum JSONAnswer {
    package static func ok(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        ok(ByteBuffer(bytes: bytes), status: status, headers: headers)
    }

    package static func ok(_ body: ByteBuffer, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// The error's answer; never kept by a cache on the way (an error says nothing lasting).
    package static func error(_ error: some GatewayError) -> Response {
        var object = JSONObject()
        object.append(key: "error", value: .string(error.code))
        object.append(key: "message", value: .string(error.message))
        if let parameter = error.parameter { object.append(key: "parameter", value: .string(parameter)) }
        if let field = error.field { object.append(key: "field", value: .string(field)) }
        var headers = error.headers
        headers[.cacheControl] = "no-store"
        headers[.xContentTypeOptions] = "nosniff"
        return ok(JSON.object(object).encoded(), status: error.status, headers: headers)
    }
}
