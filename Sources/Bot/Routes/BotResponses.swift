import Hummingbird
import Mapping
import NIOCore

/// JSON answers of the bot endpoints.
public enum BotResponses {
    static func ok(_ json: JSON) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json.encoded())))
    }

    /// `{"error": code, "message": …}` with the parameter (query) or field (body) at fault: a code
    /// for programs, a sentence for people.
    public static func error(
        _ status: HTTPResponse.Status, code: String, message: String, parameter: String? = nil, field: String? = nil
    ) -> Response {
        var object = JSONObject()
        object.append(key: "error", value: .string(code))
        object.append(key: "message", value: .string(message))
        if let parameter { object.append(key: "parameter", value: .string(parameter)) }
        if let field { object.append(key: "field", value: .string(field)) }
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSON.object(object).encoded())))
    }
}
