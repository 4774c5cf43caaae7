/// Why a Redis operation did not produce the reply it asked for.
package enum RedisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `redis://` URL is malformed or asks for something this client does not do (TLS).
    /// `url` has its password masked.
    case invalidURL(url: String, reason: String)
    /// No connection could be made or set up: refused, unreachable, no answer within the connect
    /// timeout, or a SELECT the server refused.
    case connectFailed(address: String, reason: String)
    /// The server refused AUTH (wrong password or user) or demands one that was not configured.
    case authenticationFailed(address: String, message: String)
    /// No reply within the command timeout. The connection it waited on is closed and replaced,
    /// because the replies still to come could no longer be matched to their commands.
    case timedOut(after: Duration)
    /// The connection closed (or was closed) before the reply arrived.
    case connectionClosed(reason: String)
    /// Redis answered with an error reply, e.g. `ERR wrong number of arguments`.
    case server(message: String)
    /// The bytes from the server are not RESP, or a reply has a type the command never returns.
    case protocolError(String)
    /// The command (MULTI, SELECT, SUBSCRIBE…) would change the state of one pooled connection;
    /// see ``RedisClient/send(_:timeout:)`` for what to use instead.
    case connectionStateCommand(String)
    /// The client or subscriber was shut down.
    case shutDown

    /// A sentence a person can act upon.
    package var description: String {
        switch self {
        case .invalidURL(let url, let reason):
            "invalid Redis URL '\(url)': \(reason)"
        case .connectFailed(let address, let reason):
            "could not connect to Redis at \(address): \(reason)"
        case .authenticationFailed(let address, let message):
            "Redis at \(address) refused the credentials: \(message)"
        case .timedOut(let after):
            "Redis did not answer within \(after)"
        case .connectionClosed(let reason):
            "Redis connection closed: \(reason)"
        case .server(let message):
            "Redis error: \(message)"
        case .protocolError(let detail):
            "Redis protocol error: \(detail)"
        case .connectionStateCommand(let name):
            "\(name) is refused by the pooled Redis client: it changes the state of one connection while the next command may use another"
                + " (use eval with a Lua script for atomic groups, RedisSubscriber for pub/sub, the URL's /db for the database)"
        case .shutDown:
            "Redis client is shut down"
        }
    }

    /// A stable, low-cardinality name of the case, for metrics and logs.
    package var kindName: String {
        switch self {
        case .invalidURL: "invalidURL"
        case .connectFailed: "connectFailed"
        case .authenticationFailed: "authenticationFailed"
        case .timedOut: "timedOut"
        case .connectionClosed: "connectionClosed"
        case .server: "server"
        case .protocolError: "protocolError"
        case .connectionStateCommand: "connectionStateCommand"
        case .shutDown: "shutDown"
        }
    }

    /// The server's error code, the first word of its message (`NOSCRIPT`, `WRONGTYPE`…).
    package var serverErrorCode: String? {
        guard case .server(let message) = self else { return nil }
        return message.split(separator: " ", maxSplits: 1).first.map(String.init)
    }
}
