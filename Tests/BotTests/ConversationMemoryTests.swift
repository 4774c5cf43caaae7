import Bot
import Foundation
import Synchronization
import Testing

/// Conversation states are bounded in number and forgotten after silence.
@Suite struct ConversationMemoryTests {
    /// A clock moved by hand.
    final class ManualClock: Sendable {
        private let instant = Mutex(ContinuousClock.now)
        var now: ContinuousClock.Instant { instant.withLock { $0 } }
        func advance(_ duration: Duration) { instant.withLock { $0 += duration } }
    }

    func state(_ query: String) -> ConversationState {
        ConversationState(createdAt: Date(timeIntervalSince1970: 0), lastSearch: .init(query: query, offset: 0, outcome: .shown(hasMore: true)))
    }

    @Test func theLeastRecentlyUsedConversationsGoFirst() {
        let memory = ConversationMemory(capacity: 3)
        for id in ["a", "b", "c"] { memory.remember(state(id), for: id) }
        #expect(memory.state(of: "a")?.lastSearch?.query == "a")  // "a" is now the most recent
        memory.remember(state("d"), for: "d")
        #expect(memory.count == 3)
        #expect(memory.state(of: "b") == nil)
        #expect(memory.state(of: "a") != nil && memory.state(of: "c") != nil && memory.state(of: "d") != nil)
        memory.remember(state("c2"), for: "c")
        #expect(memory.state(of: "c")?.lastSearch?.query == "c2")
        #expect(memory.count == 3)
    }

    @Test func silentConversationsAreForgotten() {
        let clock = ManualClock()
        let memory = ConversationMemory(capacity: 100, timeout: .seconds(300), clock: { clock.now })
        memory.remember(state("a"), for: "a")
        memory.remember(state("b"), for: "b")
        clock.advance(.seconds(200))
        #expect(memory.state(of: "a") != nil, "reading counts as activity")
        clock.advance(.seconds(200))
        #expect(memory.state(of: "a") != nil)
        #expect(memory.state(of: "b") == nil, "400 s of silence")
        clock.advance(.seconds(301))
        memory.remember(state("c"), for: "c")
        #expect(memory.count == 1, "expired entries are dropped as new ones come")
    }

    @Test func manyConversationsStayBounded() {
        let memory = ConversationMemory(capacity: 10_000)
        for index in 0..<25_000 { memory.remember(state("\(index)"), for: "conversation-\(index)") }
        #expect(memory.count == 10_000)
        #expect(memory.state(of: "conversation-14999") == nil)
        #expect(memory.state(of: "conversation-15000")?.lastSearch?.query == "15000")
        #expect(memory.state(of: "conversation-24999")?.lastSearch?.query == "24999")
    }
}
