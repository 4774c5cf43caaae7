import HummingbirdCore
import NIOCore
import Synchronization

/// `server.maxConnections`: how many client connections the gateway serves at once.
///
/// At the cap the listener stops accepting (Hummingbird's available-connections hook), so new
/// connections wait in the kernel's listen backlog until one closes. The hook is asked before each
/// read of the listener, and NIO accepts up to `acceptBatch` connections per read, so a burst may
/// go past the cap by `acceptBatch - 1` at most. A connection once accepted is always served:
/// closing it unanswered would lose the request it may carry (closing a burst's extra connections
/// once reset a call that had waited its turn in the backlog). Idle and stalled connections hold
/// their place only until `idleTimeout` / `requestReadTimeout`.
package final class ConnectionCap: Sendable {
    package let maximum: Int
    /// Connections NIO's listener accepts per read (`ChannelOptions.maxMessagesPerRead`, default 4).
    package static let acceptBatch = 4
    private struct Counts {
        var open = 0
        var highestServed = 0
    }
    private let counts = Mutex(Counts())

    package init(maximum: Int) {
        self.maximum = max(maximum, 1)
    }

    /// Connections accepted and not closed yet.
    package var open: Int { counts.withLock { $0.open } }
    /// The most connections served at once since the start.
    package var highestServed: Int { counts.withLock { $0.highestServed } }

    /// The listener's hook: counts connections and says whether to accept more.
    package var delegate: Delegate { Delegate(cap: self) }

    package struct Delegate: AvailableConnectionsDelegate {
        let cap: ConnectionCap
        package mutating func connectionOpened() {
            cap.counts.withLock { counts in
                counts.open += 1
                counts.highestServed = max(counts.highestServed, counts.open)
            }
        }
        package mutating func connectionClosed() { cap.counts.withLock { $0.open -= 1 } }
        package func isAcceptingNewConnections() -> Bool { cap.open < cap.maximum }
    }
}
