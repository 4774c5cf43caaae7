import Foundation
import Synchronization

/// What the bot remembers of one conversation between two messages.
package struct ConversationState: Sendable, Hashable {
    /// When the conversation started (or when the bot first heard of it), for `createdAt`.
    package var createdAt: Date
    /// The search last run (or tried), for "Show more" and "Try again".
    package var lastSearch: LastSearch?

    package init(createdAt: Date, lastSearch: LastSearch? = nil) {
        self.createdAt = createdAt
        self.lastSearch = lastSearch
    }

    package struct LastSearch: Sendable, Hashable {
        package var query: String
        /// The offset of the page last shown, or of the page that failed.
        package var offset: Int
        package var outcome: Outcome

        package enum Outcome: Sendable, Hashable {
            /// A page was shown; `hasMore` when the list goes on.
            case shown(hasMore: Bool)
            /// The search passed its deadline or the shop failed: "Try again" runs it again.
            case failed
        }

        package init(query: String, offset: Int, outcome: Outcome) {
            self.query = query
            self.offset = offset
            self.outcome = outcome
        }
    }
}

/// Where the assistant keeps its conversations between two messages: this process's memory
/// (`ConversationMemory`, the default) or the fleet's Redis (`RedisConversationStore`, when
/// `shared:` is set, so that the next message may reach another replica).
package protocol ConversationStore: Sendable {
    /// The state of a conversation heard of within the timeout; reading it counts as activity.
    func state(of idConversation: String) async -> ConversationState?
    func remember(_ state: ConversationState, for idConversation: String) async
}

/// Conversation states by `idConversation`, bounded in number (the least recently used are
/// forgotten first) and forgotten after a time of silence. Safe to use from any task.
package final class ConversationMemory: ConversationStore {
    private let entries: Mutex<RecencyList<ConversationState>>
    private let timeout: Duration
    private let clock: @Sendable () -> ContinuousClock.Instant

    /// - Parameters:
    ///   - capacity: the most conversations kept.
    ///   - timeout: silence after which a conversation is forgotten.
    ///   - clock: the time source (tests move it by hand).
    package init(capacity: Int = 10_000, timeout: Duration = .seconds(300), clock: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        entries = Mutex(RecencyList(capacity: max(1, capacity)))
        self.timeout = timeout
        self.clock = clock
    }

    /// The state of a conversation heard of within the timeout; reading it counts as activity.
    package func state(of idConversation: String) -> ConversationState? {
        let now = clock()
        return entries.withLock { $0.value(for: idConversation, now: now, timeout: timeout) }
    }

    package func remember(_ state: ConversationState, for idConversation: String) {
        let now = clock()
        entries.withLock { $0.set(state, for: idConversation, now: now, timeout: timeout) }
    }

    /// Conversations currently remembered (expired ones may still count until they are evicted).
    package var count: Int {
        entries.withLock { $0.count }
    }
}

/// A least-recently-used map with expiry: a doubly linked list over array slots plus a key index,
/// so every operation is O(1).
struct RecencyList<Value> {
    private struct Node {
        var key: String
        var value: Value
        var touched: ContinuousClock.Instant
        var newer: Int
        var older: Int
    }

    private var nodes: [Node?] = []
    private var freeSlots: [Int] = []
    private var index: [String: Int] = [:]
    private var newest = -1
    private var oldest = -1
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    var count: Int { index.count }

    mutating func value(for key: String, now: ContinuousClock.Instant, timeout: Duration) -> Value? {
        guard let slot = index[key], let node = nodes[slot] else { return nil }
        if now - node.touched > timeout {
            remove(slot)
            return nil
        }
        nodes[slot]?.touched = now
        moveToNewest(slot)
        return node.value
    }

    mutating func set(_ value: Value, for key: String, now: ContinuousClock.Instant, timeout: Duration) {
        // The oldest entries expire first: drop them while they are stale.
        while oldest >= 0, let node = nodes[oldest], now - node.touched > timeout { remove(oldest) }
        if let slot = index[key] {
            nodes[slot]?.value = value
            nodes[slot]?.touched = now
            moveToNewest(slot)
            return
        }
        if index.count >= capacity, oldest >= 0 { remove(oldest) }
        let node = Node(key: key, value: value, touched: now, newer: -1, older: newest)
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            nodes[slot] = node
        } else {
            slot = nodes.count
            nodes.append(node)
        }
        if newest >= 0 { nodes[newest]?.newer = slot }
        newest = slot
        if oldest < 0 { oldest = slot }
        index[key] = slot
    }

    private mutating func unlink(_ slot: Int) {
        guard let node = nodes[slot] else { return }
        if node.newer >= 0 { nodes[node.newer]?.older = node.older } else { newest = node.older }
        if node.older >= 0 { nodes[node.older]?.newer = node.newer } else { oldest = node.newer }
        nodes[slot]?.newer = -1
        nodes[slot]?.older = -1
    }

    private mutating func moveToNewest(_ slot: Int) {
        guard slot != newest else { return }
        unlink(slot)
        nodes[slot]?.older = newest
        if newest >= 0 { nodes[newest]?.newer = slot }
        newest = slot
        if oldest < 0 { oldest = slot }
    }

    private mutating func remove(_ slot: Int) {
        guard let node = nodes[slot] else { return }
        unlink(slot)
        index[node.key] = nil
        nodes[slot] = nil
        freeSlots.append(slot)
    }
}
