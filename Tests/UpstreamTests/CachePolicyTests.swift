import Synchronization
import Testing

@testable import Upstream

private func key(_ name: String) -> CacheKey {
    CacheKey(tenant: "shop-a", parts: [name])
}

/// The cache's windows and bounds, with a hand-moved clock.
@Suite("ResponseCache policies")
struct CachePolicyTests {
    @Test func byteBoundHoldsWhileFillingPastItWithStaleEntries() async throws {
        let clock = ManualClock()
        let cache = ResponseCache<[UInt8]>(maxBytes: 10_000, now: clock.now)
        let policy = CachePolicy(ttl: .seconds(1), staleWhileRevalidate: .seconds(60), staleIfError: .seconds(600))
        var largest = 0
        for index in 0..<500 {
            let size = 100 + (index * 37) % 900
            let lookup = try await cache.value(for: key("k\(index)"), policy: policy, cost: \.count) { .found([UInt8](repeating: 1, count: size)) }
            #expect(lookup.value.count == size)
            if index.isMultiple(of: 3) { clock.advance(by: .seconds(2)) }  // older entries turn stale
            largest = max(largest, cache.statistics.bytes)
        }
        let statistics = cache.statistics
        #expect(largest <= 10_000)
        #expect(statistics.bytes <= 10_000)
        #expect(statistics.bytes > 9_000)  // it does fill up
        #expect(statistics.evictions > 0)
    }

    @Test func entriesPastEveryWindowAreDropped() {
        let clock = ManualClock()
        let cache = ResponseCache<String>(maxBytes: 1000, now: clock.now)
        let policy = CachePolicy(ttl: .seconds(10), staleWhileRevalidate: .seconds(5), staleIfError: .seconds(20))
        cache.insert(.found("a"), for: key("a"), policy: policy, cost: 100)
        cache.insert(.found("b"), for: key("b"), policy: CachePolicy(ttl: .seconds(100)), cost: 100)
        clock.advance(by: .seconds(29))
        cache.removeExpired()
        #expect(cache.statistics.entries == 2)  // "a" may still stand in for a failed load
        clock.advance(by: .seconds(1))
        cache.removeExpired()
        #expect(cache.statistics.entries == 1)
        #expect(cache.statistics.bytes == 100)
        #expect(cache.statistics.expirations == 1)
    }

    @Test func insertingDropsEntriesPastEveryWindowFirst() {
        let clock = ManualClock()
        let cache = ResponseCache<String>(maxBytes: 300, now: clock.now)
        cache.insert("old", for: key("old"), ttl: .seconds(1), cost: 100)
        cache.insert("live", for: key("live"), ttl: .seconds(100), cost: 100)
        clock.advance(by: .seconds(2))
        cache.insert("new", for: key("new"), ttl: .seconds(100), cost: 100)
        let statistics = cache.statistics
        #expect(statistics.entries == 2)
        #expect(statistics.expirations == 1)
        #expect(statistics.evictions == 0)
        #expect(cache.value(for: key("live")) == "live")
    }

    @Test func staleEntryIsRefreshedOnceAndFailuresKeepServingIt() async throws {
        let clock = ManualClock()
        let failures = Counter()
        let cache = ResponseCache<String>(maxBytes: 1000, now: clock.now) { _, _ in failures.increment() }
        let policy = CachePolicy(ttl: .seconds(10), staleWhileRevalidate: .seconds(10))
        let loads = Counter()
        _ = try await cache.value(for: key("a"), policy: policy, cost: \.utf8.count) {
            loads.increment()
            return .found("v1")
        }
        clock.advance(by: .seconds(12))
        let gate = Gate()
        for _ in 0..<5 {
            let lookup = try await cache.value(for: key("a"), policy: policy, cost: \.utf8.count) {
                loads.increment()
                await gate.wait()
                throw RefreshFailure()
            }
            #expect(lookup.outcome == .stale)
            #expect(lookup.value == "v1")
        }
        gate.open()
        try await waitUntil { failures.count == 1 }
        #expect(loads.count == 2)  // the first load, and one refresh for five stale lookups
        let again = try await cache.value(for: key("a"), policy: policy, cost: \.utf8.count) { .found("never") }
        #expect(again.outcome == .stale)  // still within the window, a new refresh started
        try await waitUntil { cache.value(for: key("a")) == "never" }
        #expect(cache.statistics.refreshes == 2)
    }

    @Test func negativeAnswerReplacesAnOlderPositiveOneEvenWhenNotStored() async throws {
        let cache = ResponseCache<String>(maxBytes: 1000)
        cache.insert("present", for: key("a"), ttl: .seconds(60), cost: 10)
        cache.insert(.notFound("gone"), for: key("a"), policy: CachePolicy(ttl: .seconds(60)), cost: 10)
        #expect(cache.value(for: key("a")) == nil)
        #expect(cache.statistics.entries == 0)
    }

    @Test func thinWrapperReportsHitsLikeBefore() async throws {
        let cache = ResponseCache<String>(maxBytes: 1000)
        let first = try await cache.value(for: key("a"), ttl: .seconds(60), cost: \.utf8.count) { "x" }
        let second = try await cache.value(for: key("a"), ttl: .seconds(60), cost: \.utf8.count) { "y" }
        #expect(!first.hit)
        #expect(second.hit)
        #expect(second.value == "x")
    }
}

private struct RefreshFailure: Error {}

/// Counts across tasks.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)

    @discardableResult
    func increment() -> Int { value.add(1, ordering: .relaxed).newValue }

    var count: Int { value.load(ordering: .relaxed) }
}

/// A one-shot gate that tasks wait at until it opens.
final class Gate: Sendable {
    private let state = Mutex<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.isOpen { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
