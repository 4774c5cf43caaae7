import Hummingbird
import Mapping
import NIOCore

/// JSON answers, written straight to bytes.
enum JSONResponses {
    static func ok(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        ok(ByteBuffer(bytes: bytes), status: status, headers: extra)
    }

    static func ok(_ body: ByteBuffer, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// `{"error": code, "message": …, "parameter": …}`: a code for programs, a sentence for people.
    static func error(
        _ status: HTTPResponse.Status, code: String, message: String, parameter: String? = nil, headers extra: HTTPFields = [:]
    ) -> Response {
        var object = JSONObject()
        object.append(key: "error", value: .string(code))
        object.append(key: "message", value: .string(message))
        if let parameter { object.append(key: "parameter", value: .string(parameter)) }
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSON.object(object).encoded())))
    }
}
