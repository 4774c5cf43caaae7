import NIOCore
import NIOPosix
import Synchronization

/// One TCP connection to Redis, authenticated and on its database, carrying pipelined commands.
final class RedisConnection: Sendable {
    private let channel: any Channel
    private let inFlightCount = Atomic<Int>(0)

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Connects, then sends AUTH and SELECT as the configuration asks, all within its connect timeout.
    /// - Parameter onPush: receives pub/sub pushes, for a subscriber connection.
    static func connect(
        _ configuration: RedisConfiguration, group: any EventLoopGroup, onPush: RedisPushHandler? = nil
    ) async throws(RedisError) -> RedisConnection {
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RedisChannelHandler(onPush: onPush))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch {
            throw .connectFailed(address: configuration.address, reason: Self.reason(error, timeout: configuration.connectTimeout))
        }
        let connection = RedisConnection(channel: channel)
        do {
            try await connection.handshake(configuration)
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    /// AUTH and SELECT, pipelined.
    private func handshake(_ configuration: RedisConfiguration) async throws(RedisError) {
        let timeout = configuration.connectTimeout
        var authentication: EventLoopFuture<RedisReply>?
        if let password = configuration.password {
            let credentials = [configuration.username, password].compactMap { $0 }
            authentication = enqueue([Array("AUTH".utf8)] + credentials.map { Array($0.utf8) }, timeout: timeout)
        }
        var selection: EventLoopFuture<RedisReply>?
        if configuration.database != 0 {
            selection = enqueue(["SELECT", String(configuration.database)].map { Array($0.utf8) }, timeout: timeout)
        }
        if let authentication, case .error(let message) = try await Self.reply(of: authentication) {
            throw .authenticationFailed(address: configuration.address, message: message)
        }
        if let selection, case .error(let message) = try await Self.reply(of: selection) {
            throw .connectFailed(address: configuration.address, reason: "SELECT \(configuration.database) refused: \(message)")
        }
    }

    /// Commands sent and not yet answered, for choosing the least busy connection of a pool.
    var inFlight: Int { inFlightCount.load(ordering: .relaxed) }

    /// False once the connection is closed, by either side.
    var isActive: Bool { channel.isActive }

    /// Sends a command and returns its reply; an error reply is thrown as ``RedisError/server(message:)``.
    func send(_ arguments: [[UInt8]], timeout: Duration) async throws(RedisError) -> RedisReply {
        let reply = try await Self.reply(of: enqueue(arguments, timeout: timeout))
        if case .error(let message) = reply { throw .server(message: message) }
        return reply
    }

    /// Writes a command whose replies arrive as pushes (SUBSCRIBE, UNSUBSCRIBE).
    func sendWithoutReply(_ arguments: [[UInt8]]) throws(RedisError) {
        let bytes = try RedisCommandEncoder.encode(arguments, allocator: channel.allocator)
        channel.writeAndFlush(RedisOutboundCommand(bytes: bytes, reply: nil, timeout: .zero), promise: nil)
    }

    /// Writes a command and returns the future of its reply (error replies included).
    func enqueue(_ arguments: [[UInt8]], timeout: Duration) -> EventLoopFuture<RedisReply> {
        let reply = channel.eventLoop.makePromise(of: RedisReply.self)
        let bytes: ByteBuffer
        do {
            bytes = try RedisCommandEncoder.encode(arguments, allocator: channel.allocator)
        } catch {
            reply.fail(error)
            return reply.futureResult
        }
        inFlightCount.add(1, ordering: .relaxed)
        reply.futureResult.whenComplete { _ in self.inFlightCount.subtract(1, ordering: .relaxed) }
        // A write that never reaches the handler (the channel is already gone) fails the reply here;
        // otherwise the handler completes it, and this second completion is ignored.
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { error in
            reply.fail(error as? RedisError ?? .connectionClosed(reason: "\(error)"))
        }
        channel.writeAndFlush(RedisOutboundCommand(bytes: bytes, reply: reply, timeout: timeout), promise: written)
        return reply.futureResult
    }

    /// Closes the connection; commands in flight fail with ``RedisError/connectionClosed(reason:)``.
    func close() {
        channel.close(promise: nil)
    }

    /// Returns once the connection is closed, by either side.
    func closed() async {
        try? await channel.closeFuture.get()
    }

    private static func reply(of future: EventLoopFuture<RedisReply>) async throws(RedisError) -> RedisReply {
        do {
            return try await future.get()
        } catch let error as RedisError {
            throw error
        } catch {
            throw .connectionClosed(reason: "\(error)")
        }
    }

    /// A short reason for a failed connect: NIO reports one error per address it tried.
    private static func reason(_ error: any Error, timeout: Duration) -> String {
        if let error = error as? NIOConnectionError {
            if let first = error.connectionErrors.first { return "\(first.error)" }
            if let dnsError = error.dnsAAAAError ?? error.dnsAError { return "cannot resolve the host: \(dnsError)" }
        }
        if case ChannelError.connectTimeout = error { return "no connection within \(timeout)" }
        return "\(error)"
    }
}
