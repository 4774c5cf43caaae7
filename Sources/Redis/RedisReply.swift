/// One reply from Redis, as its RESP2 protocol types it.
///
/// Bulk strings stay bytes: values are binary-safe and decoded only by whoever knows what they hold.
package enum RedisReply: Sendable, Hashable {
    /// A status reply such as `OK` or `PONG`.
    case simpleString(String)
    /// An error reply (`ERR …`, `NOSCRIPT …`); at the top level ``RedisClient/send(_:timeout:)``
    /// throws it as ``RedisError/server(message:)``, inside an array (EXEC, scripts) it stays here.
    case error(String)
    case integer(Int64)
    /// A bulk string: any bytes, including NUL, CR and LF.
    case bulk([UInt8])
    /// A null bulk string or null array (a missing key, a SET NX that did not set).
    case null
    case array([RedisReply])

    /// The bytes of a bulk string (or of a simple string), nil for other replies.
    package var bytes: [UInt8]? {
        switch self {
        case .bulk(let bytes): bytes
        case .simpleString(let text): Array(text.utf8)
        default: nil
        }
    }

    /// A bulk or simple string as UTF-8 text (invalid sequences repaired), nil for other replies.
    package var string: String? {
        switch self {
        case .bulk(let bytes): String(decoding: bytes, as: UTF8.self)
        case .simpleString(let text): text
        default: nil
        }
    }

    package var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    package var array: [RedisReply]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    package var isNull: Bool { self == .null }

    /// The reply's type, for error messages ("expected a bulk string, got integer").
    var kindName: String {
        switch self {
        case .simpleString: "simple string"
        case .error: "error"
        case .integer: "integer"
        case .bulk: "bulk string"
        case .null: "null"
        case .array: "array"
        }
    }
}
