import Logging
import NIOCore
import NIOPosix

/// An asynchronous Redis client: a small pool of connections, each carrying many pipelined commands.
///
/// hiredis formats the commands and parses the replies; the sockets are SwiftNIO's, so no thread
/// ever blocks on Redis. Connections are opened at once and kept up: a lost one is replaced, with
/// exponential back-off while Redis stays unreachable, and commands meanwhile fail fast instead
/// of queueing. Every command has a deadline (``RedisConfiguration/commandTimeout``, plus at most
/// ``RedisConfiguration/connectTimeout`` when it has to wait for a connection). Cancelling the
/// calling task does not withdraw a command already sent. Plain TCP only: see
/// ``RedisConfiguration/init(url:)`` about TLS. Call ``shutdown()`` before dropping the client.
package final class RedisClient: Sendable {
    /// The server and limits the client was created with.
    package let configuration: RedisConfiguration
    private let pool: RedisConnectionPool

    /// - Parameter eventLoopGroup: where the connections' I/O runs; NIO's shared group by default.
    package init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        self.configuration = configuration
        pool = RedisConnectionPool(configuration: configuration, group: eventLoopGroup, logger: logger)
    }

    deinit {
        // The pool's reconnecting tasks hold the pool, not the client: stop them if nobody did.
        pool.requestShutdown()
    }

    /// Sends one command (its name, then its arguments, each any bytes) and returns the reply.
    ///
    /// Each call may go to another connection of the pool, so commands that change a connection's
    /// state (MULTI/EXEC, WATCH, SELECT, SUBSCRIBE, CLIENT REPLY…) are refused: group commands
    /// atomically with ``eval(_:keys:arguments:)``, subscribe with a ``RedisSubscriber``, and
    /// choose the database in the configuration. A blocking command (BLPOP…) holds up the commands
    /// pipelined behind it on its connection.
    ///
    /// - Parameter timeout: the deadline for the reply; ``RedisConfiguration/commandTimeout`` if nil.
    /// - Throws: ``RedisError/server(message:)`` for an error reply, or why no reply came.
    package func send(_ arguments: [[UInt8]], timeout: Duration? = nil) async throws(RedisError) -> RedisReply {
        if let name = ConnectionStateCommand.name(of: arguments) { throw .connectionStateCommand(name) }
        let connection = try await pool.connection()
        return try await connection.send(arguments, timeout: timeout ?? configuration.commandTimeout)
    }

    /// Sends one command given as text arguments, e.g. `send(["INCRBY", key, "3"])`.
    package func send(_ arguments: [String], timeout: Duration? = nil) async throws(RedisError) -> RedisReply {
        try await send(arguments.map { Array($0.utf8) }, timeout: timeout)
    }

    /// How many of the pool's connections are up now (0 while Redis is unreachable).
    package var connectedCount: Int { pool.connectedCount }

    /// Closes the connections and stops reconnecting; commands in flight and later ones fail with
    /// ``RedisError/shutDown`` or ``RedisError/connectionClosed(reason:)``. Idempotent.
    package func shutdown() async {
        await pool.shutdown()
    }
}
