import NIOCore

/// The Redis end of a channel: writes commands, feeds received bytes to hiredis' reader, and
/// completes the commands' promises in the order they were sent (Redis answers in order, so any
/// number of commands can be in flight on one connection).
///
/// A reply that does not come within its command's timeout, a protocol error or a socket error
/// fails every command in flight and closes the channel: later replies could no longer be matched.
final class RedisChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RedisOutboundCommand
    typealias OutboundOut = ByteBuffer

    private struct PendingReply {
        let promise: EventLoopPromise<RedisReply>
        let timer: Scheduled<Void>
    }

    private let reader = RedisReplyReader()
    private var pending = CircularBuffer<PendingReply>(initialCapacity: 16)
    private let onPush: RedisPushHandler?
    /// Why the channel is (being) closed; commands written afterwards fail with it at once.
    private var closeReason: RedisError?

    /// - Parameter onPush: set on subscriber connections, where pub/sub pushes arrive between replies.
    init(onPush: RedisPushHandler? = nil) {
        self.onPush = onPush
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let command = unwrapOutboundIn(data)
        if let closeReason {
            command.reply?.fail(closeReason)
            promise?.fail(closeReason)
            return
        }
        if let reply = command.reply {
            let timeout = command.timeout
            let timer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) {
                self.close(context: context, reason: .timedOut(after: timeout))
            }
            pending.append(PendingReply(promise: reply, timer: timer))
        }
        context.write(wrapOutboundOut(command.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard closeReason == nil else { return }
        do {
            try reader.feed(unwrapInboundIn(data))
            while closeReason == nil, let reply = try reader.next() {
                deliver(reply, context: context)
            }
        } catch {
            close(context: context, reason: error)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let reason = closeReason ?? .connectionClosed(reason: "the server closed the connection")
        closeReason = reason
        failPending(reason)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        close(context: context, reason: .connectionClosed(reason: "\(error)"))
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        failPending(closeReason ?? .connectionClosed(reason: "the connection was torn down"))
    }

    private func deliver(_ reply: RedisReply, context: ChannelHandlerContext) {
        if let onPush, Self.isPush(reply) || pending.isEmpty {
            onPush(reply)
        } else if let next = pending.popFirst() {
            next.timer.cancel()
            next.promise.succeed(reply)
        } else {
            close(context: context, reason: .protocolError("a reply arrived with no command waiting for it"))
        }
    }

    /// Fails everything in flight with `reason` and closes the channel (once).
    private func close(context: ChannelHandlerContext, reason: RedisError) {
        guard closeReason == nil else { return }
        closeReason = reason
        failPending(reason)
        context.close(promise: nil)
    }

    private func failPending(_ reason: RedisError) {
        while let next = pending.popFirst() {
            next.timer.cancel()
            next.promise.fail(reason)
        }
    }

    /// Pub/sub pushes are arrays led by their kind: `message`, `subscribe`, `unsubscribe`…
    private static func isPush(_ reply: RedisReply) -> Bool {
        guard case .array(let elements) = reply, let kind = elements.first?.bytes else { return false }
        return pushKinds.contains(kind)
    }

    private static let pushKinds: Set<[UInt8]> = Set(
        ["message", "pmessage", "subscribe", "psubscribe", "unsubscribe", "punsubscribe"].map { Array($0.utf8) })
}
