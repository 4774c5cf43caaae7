import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Gives every request a total read deadline (`server.requestReadTimeout`), from its head to the
/// end of its body. The idle timeout alone restarts at every body chunk, so a client sending one
/// byte every 29 s held a connection for ever; past the deadline it gets a 408 (or, when an
/// answer has already begun, only the close) and its connection is closed.
///
/// One per connection, after the HTTP/1 decoder (Hummingbird's `additionalChannelHandlers`).
final class RequestReadDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    static let body = #"{"error":"request_timeout","message":"the request was not received within the server's read deadline"}"#

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    /// Requests read (or being read) whose answer has not started yet.
    private var unanswered = 0

    init(timeout: Duration) {
        let parts = timeout.components
        self.timeout = .nanoseconds(parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            unanswered += 1
            deadline?.cancel()
            deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
                expire(context: context)
            }
        case .body:
            break
        case .end:
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .head(let response) = unwrapOutboundIn(data), response.status.kind != .informational {
            unanswered = max(0, unanswered - 1)
        }
        context.write(data, promise: promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    private func expire(context: ChannelHandlerContext) {
        deadline = nil
        guard context.channel.isActive else { return }
        if unanswered > 0 {
            var head = HTTPResponse(status: .requestTimeout)
            head.headerFields[.contentType] = "application/json; charset=utf-8"
            head.headerFields[.contentLength] = String(Self.body.utf8.count)
            head.headerFields[.connection] = "close"
            unanswered = 0
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(string: Self.body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        } else {
            context.close(promise: nil)
        }
    }
}
