/// Where Redis is and how the client talks to it.
///
/// Build one from a URL with ``init(url:)``, then adjust the pool and timeouts. Its `description`
/// is the URL with the password masked, so a configuration can be logged as it is.
package struct RedisConfiguration: Sendable, Hashable, CustomStringConvertible {
    package var host: String
    package var port: Int
    /// The ACL user (Redis 6+) for `AUTH username password`; nil sends `AUTH password` alone.
    package var username: String?
    /// Sent with AUTH on every new connection; nil sends no AUTH.
    package var password: String?
    /// The logical database chosen with SELECT on every new connection (0 sends no SELECT).
    package var database: Int
    /// How many connections the client keeps; each carries many pipelined commands at once.
    package var poolSize: Int
    /// The limit for the TCP connection plus AUTH and SELECT.
    package var connectTimeout: Duration
    /// The limit for one command's reply. A command past it fails, and its connection (whose
    /// later replies can no longer be matched to their commands) is closed and replaced.
    package var commandTimeout: Duration
    /// The waits between reconnection attempts while Redis is unreachable.
    package var reconnectBackoff: RedisBackoff

    package init(
        host: String = "127.0.0.1",
        port: Int = 6379,
        username: String? = nil,
        password: String? = nil,
        database: Int = 0,
        poolSize: Int = 2,
        connectTimeout: Duration = .seconds(1),
        commandTimeout: Duration = .milliseconds(500),
        reconnectBackoff: RedisBackoff = RedisBackoff()
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.poolSize = poolSize
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.reconnectBackoff = reconnectBackoff
    }

    /// The configuration as a `redis://` URL with the password masked, safe to log.
    package var description: String {
        var credentials = ""
        if username != nil || password != nil {
            credentials = (username ?? "") + (password == nil ? "" : ":***") + "@"
        }
        return "redis://\(credentials)\(address)/\(database)"
    }

    /// `host:port`, with an IPv6 host in brackets, for messages.
    var address: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
