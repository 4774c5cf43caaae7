import NIOCore

/// A command on its way to the socket, with the promise its reply completes.
struct RedisOutboundCommand: Sendable {
    /// The RESP bytes (from ``RedisCommandEncoder``).
    var bytes: ByteBuffer
    /// Completed by the reply; nil for SUBSCRIBE and UNSUBSCRIBE, whose confirmations arrive as
    /// pushes (one per channel) rather than as one reply.
    var reply: EventLoopPromise<RedisReply>?
    /// How long the reply may take before the connection is given up.
    var timeout: Duration
}

/// Receives what a subscriber connection gets besides replies: pub/sub messages and the
/// confirmations of SUBSCRIBE and UNSUBSCRIBE. Called on the connection's event loop.
typealias RedisPushHandler = @Sendable (RedisReply) -> Void
