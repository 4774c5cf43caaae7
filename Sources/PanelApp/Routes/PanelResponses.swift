import Hummingbird
import Mapping
import NIOCore

/// The panel's JSON answers, in the gateway's error shape: `{"error": code, "message": …}`.
enum PanelResponses {
    static func json(_ bytes: [UInt8]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func error(
        _ status: HTTPResponse.Status, code: String, message: String, parameter: String? = nil, headers extra: HTTPFields = [:]
    ) -> Response {
        var object = JSONObject()
        object.append(key: "error", value: .string(code))
        object.append(key: "message", value: .string(message))
        if let parameter { object.append(key: "parameter", value: .string(parameter)) }
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSON.object(object).encoded())))
    }

    static func unknownTenant() -> Response {
        error(.notFound, code: "unknown_tenant", message: "no conversation panel app is served under this URL")
    }
}
