import HummingbirdCore
import NIOCore
import NIOHTTPTypes
import Synchronization

/// `server.maxConnections`: how many client connections the gateway serves at once.
///
/// At the cap the listener stops accepting (Hummingbird's available-connections hook), so new
/// connections wait in the kernel's listen backlog until one closes; a connection accepted in the
/// same batch as the one that reached the cap is closed at once instead of served. Places are
/// taken in the order connections are admitted, not by the listener's count: a batch accepted at
/// once counts every sibling before any is admitted, and must not refuse them all. Idle and
/// stalled connections hold their place only until `idleTimeout` / `requestReadTimeout`.
package final class ConnectionCap: Sendable {
    package let maximum: Int
    private struct Counts {
        var open = 0
        var served = 0
        var highestServed = 0
        var refused = 0
    }
    private let counts = Mutex(Counts())

    package init(maximum: Int) {
        self.maximum = max(maximum, 1)
    }

    /// Connections accepted and not closed yet.
    package var open: Int { counts.withLock { $0.open } }
    /// The most connections served at once since the start.
    package var highestServed: Int { counts.withLock { $0.highestServed } }
    /// Connections closed as soon as accepted, because the cap was reached in the same batch.
    package var refused: Int { counts.withLock { $0.refused } }

    /// The listener's hook: counts connections and says whether to accept more.
    package var delegate: Delegate { Delegate(cap: self) }

    package struct Delegate: AvailableConnectionsDelegate {
        let cap: ConnectionCap
        package mutating func connectionOpened() { cap.counts.withLock { $0.open += 1 } }
        package mutating func connectionClosed() { cap.counts.withLock { $0.open -= 1 } }
        package func isAcceptingNewConnections() -> Bool { cap.open < cap.maximum }
    }

    /// Whether a connection just accepted may be served (false: beyond the cap, close it).
    package func admit() -> Bool {
        counts.withLock { counts in
            guard counts.served < maximum else {
                counts.refused += 1
                return false
            }
            counts.served += 1
            counts.highestServed = max(counts.highestServed, counts.served)
            return true
        }
    }

    /// An admitted connection closed: its place is free.
    package func release() {
        counts.withLock { $0.served -= 1 }
    }
}

/// First in each connection's pipeline: closes a connection accepted beyond the cap.
final class ConnectionCapHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let cap: ConnectionCap
    private var admitted = false

    init(cap: ConnectionCap) {
        self.cap = cap
    }

    func handlerAdded(context: ChannelHandlerContext) {
        admitted = cap.admit()
        if !admitted { context.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if admitted { cap.release() }
        admitted = false
    }
}
