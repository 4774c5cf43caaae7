import NIOCore
import Synchronization

/// Counts the TCP connections the server accepted, so tests can check a client's connection
/// pool (keep-alive reuse must not add to it).
final class ConnectionCounter: Sendable {
    private let accepted = Atomic<Int>(0)

    var count: Int { accepted.load(ordering: .relaxed) }

    func increment() {
        accepted.add(1, ordering: .relaxed)
    }

    /// A handler for one new connection's pipeline; it counts the connection when added.
    func makeHandler() -> AcceptedConnectionHandler {
        AcceptedConnectionHandler(counter: self)
    }
}

/// Added to every accepted connection's pipeline by Hummingbird's HTTP/1 server
/// (`HTTP1Channel.Configuration.additionalChannelHandlers`): one instance per connection, so
/// `handlerAdded` runs exactly once per accepted connection. Every event passes through
/// untouched (NIO wants a handler to be inbound or outbound; this one never unwraps data).
final class AcceptedConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Any

    private let counter: ConnectionCounter

    init(counter: ConnectionCounter) {
        self.counter = counter
    }

    func handlerAdded(context: ChannelHandlerContext) {
        counter.increment()
    }
}
