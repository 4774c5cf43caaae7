import Synchronization
import Testing

@testable import Upstream

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let instant = Mutex(ContinuousClock.now)

    var now: @Sendable () -> ContinuousClock.Instant {
        { self.instant.withLock { $0 } }
    }

    func advance(by duration: Duration) {
        instant.withLock { $0 = $0.advanced(by: duration) }
    }
}

private func key(_ name: String, tenant: String = "shop-a") -> CacheKey {
    CacheKey(tenant: tenant, parts: [name])
}

private struct LoadFailure: Error, Equatable {
    let attempt: Int
}

@Suite("ResponseCache")
struct ResponseCacheTests {
    @Test func entriesExpireAfterTheirTimeToLive() {
        let clock = ManualClock()
        let cache = ResponseCache<String>(maxBytes: 1000, now: clock.now)
        cache.insert("products", for: key("a"), ttl: .seconds(10), cost: 8)
        clock.advance(by: .seconds(9))
        #expect(cache.value(for: key("a")) == "products")
        clock.advance(by: .seconds(1))
        #expect(cache.value(for: key("a")) == nil)
        let statistics = cache.statistics
        #expect(statistics.hits == 1)
        #expect(statistics.misses == 1)
        #expect(statistics.expirations == 1)
        #expect(statistics.entries == 0)
        #expect(statistics.bytes == 0)
    }

    @Test func leastRecentlyUsedEntryIsEvictedFirst() {
        let cache = ResponseCache<Int>(maxBytes: 30)
        cache.insert(1, for: key("a"), ttl: .seconds(60), cost: 10)
        cache.insert(2, for: key("b"), ttl: .seconds(60), cost: 10)
        cache.insert(3, for: key("c"), ttl: .seconds(60), cost: 10)
        #expect(cache.value(for: key("a")) == 1)  // a is now the most recently used
        cache.insert(4, for: key("d"), ttl: .seconds(60), cost: 10)
        #expect(cache.value(for: key("b")) == nil)
        #expect(cache.value(for: key("a")) == 1)
        #expect(cache.value(for: key("c")) == 3)
        #expect(cache.value(for: key("d")) == 4)
        // The lookups above left a, c, d in that order (least recent first).
        cache.insert(5, for: key("e"), ttl: .seconds(60), cost: 20)
        #expect(cache.value(for: key("a")) == nil)
        #expect(cache.value(for: key("c")) == nil)
        #expect(cache.value(for: key("d")) == 4)
        #expect(cache.value(for: key("e")) == 5)
        #expect(cache.statistics.evictions == 3)
        #expect(cache.statistics.bytes == 30)
    }

    @Test func expiredEntriesMakeRoomBeforeLiveOnes() {
        let clock = ManualClock()
        let cache = ResponseCache<String>(maxBytes: 20, now: clock.now)
        cache.insert("short", for: key("short"), ttl: .seconds(1), cost: 10)
        cache.insert("long", for: key("long"), ttl: .seconds(100), cost: 10)
        clock.advance(by: .milliseconds(500))
        #expect(cache.value(for: key("short")) == "short")  // most recently used, but about to expire
        clock.advance(by: .seconds(1))
        cache.insert("new", for: key("new"), ttl: .seconds(100), cost: 10)
        #expect(cache.value(for: key("long")) == "long")
        #expect(cache.value(for: key("new")) == "new")
        #expect(cache.statistics.expirations == 1)
        #expect(cache.statistics.evictions == 0)
    }

    @Test func byteBoundHoldsWhileInsertingPastIt() {
        let cache = ResponseCache<Int>(maxBytes: 500)
        var generator = SystemRandomNumberGenerator()
        for index in 0..<2000 {
            let cost = Int.random(in: 1...60, using: &generator)
            cache.insert(index, for: key("k\(index % 300)"), ttl: .seconds(60), cost: cost)
            let statistics = cache.statistics
            #expect(statistics.bytes <= 500)
            if statistics.bytes > 500 { break }
        }
        let statistics = cache.statistics
        #expect(statistics.entries > 0)
        #expect(statistics.evictions > 0)
    }

    @Test func replacingAnEntryUpdatesItsCost() {
        let cache = ResponseCache<String>(maxBytes: 100)
        cache.insert("v1", for: key("a"), ttl: .seconds(60), cost: 40)
        cache.insert("v2", for: key("a"), ttl: .seconds(60), cost: 30)
        #expect(cache.value(for: key("a")) == "v2")
        #expect(cache.statistics.bytes == 30)
        #expect(cache.statistics.entries == 1)
    }

    @Test func oversizeEntryIsNotStoredAndEvictsNothing() {
        let cache = ResponseCache<String>(maxBytes: 100)
        cache.insert("small", for: key("small"), ttl: .seconds(60), cost: 50)
        cache.insert("huge", for: key("huge"), ttl: .seconds(60), cost: 101)
        #expect(cache.value(for: key("huge")) == nil)
        #expect(cache.value(for: key("small")) == "small")
        #expect(cache.statistics.bytes == 50)
        #expect(cache.statistics.evictions == 0)
    }

    @Test func nonPositiveTimeToLiveStoresNothing() {
        let cache = ResponseCache<String>(maxBytes: 100)
        cache.insert("old", for: key("a"), ttl: .seconds(60), cost: 10)
        cache.insert("new", for: key("a"), ttl: .zero, cost: 10)
        #expect(cache.value(for: key("a")) == nil)
        cache.insert("negative", for: key("b"), ttl: .seconds(-1), cost: 10)
        #expect(cache.value(for: key("b")) == nil)
        #expect(cache.statistics.entries == 0)
    }

    @Test func removeAllEmptiesTheCache() {
        let cache = ResponseCache<String>(maxBytes: 100)
        cache.insert("a", for: key("a"), ttl: .seconds(60), cost: 10)
        cache.insert("b", for: key("b"), ttl: .seconds(60), cost: 10)
        cache.removeAll()
        #expect(cache.value(for: key("a")) == nil)
        #expect(cache.statistics.entries == 0)
        #expect(cache.statistics.bytes == 0)
        cache.insert("c", for: key("c"), ttl: .seconds(60), cost: 10)
        #expect(cache.value(for: key("c")) == "c")
    }

    @Test func concurrentLoadsOfOneKeyRunTheLoaderOnce() async throws {
        let cache = ResponseCache<[UInt8]>(maxBytes: 1 << 20)
        let loads = Counter()
        let results = try await withThrowingTaskGroup(of: (value: [UInt8], hit: Bool).self) { group in
            for _ in 0..<100 {
                group.addTask {
                    try await cache.value(for: key("catalog"), ttl: .seconds(60), cost: \.count) {
                        loads.increment()
                        try await Task.sleep(for: .milliseconds(200))
                        return Array("catalog".utf8)
                    }
                }
            }
            var results: [(value: [UInt8], hit: Bool)] = []
            for try await result in group { results.append(result) }
            return results
        }
        #expect(loads.count == 1)
        #expect(results.count == 100)
        #expect(results.allSatisfy { $0.value == Array("catalog".utf8) })
        let afterwards = try await cache.value(for: key("catalog"), ttl: .seconds(60), cost: \.count) {
            loads.increment()
            return []
        }
        #expect(afterwards.hit)
        #expect(afterwards.value == Array("catalog".utf8))
        #expect(loads.count == 1)
        let statistics = cache.statistics
        #expect(statistics.misses + statistics.coalesced + statistics.hits == 101)
        #expect(statistics.misses == 1)
        #expect(statistics.bytes == 7)
    }

    @Test func errorsReachEveryWaiterAndAreNotCached() async throws {
        let cache = ResponseCache<String>(maxBytes: 1000)
        let attempts = Counter()
        let failNow = Gate()
        let load: @Sendable () async throws -> String = {
            let attempt = attempts.increment()
            if attempt == 1 {
                await failNow.wait()
                throw LoadFailure(attempt: attempt)
            }
            return "recovered"
        }
        // The first load fails only once all ten callers wait on it.
        Task {
            try await waitUntil { cache.statistics.coalesced == 9 }
            failNow.open()
        }
        let failures = await withTaskGroup(of: (any Error)?.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    do {
                        _ = try await cache.value(for: key("flaky"), ttl: .seconds(60), cost: \.utf8.count, load: load)
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            var failures: [(any Error)?] = []
            for await failure in group { failures.append(failure) }
            return failures
        }
        #expect(failures.count == 10)
        #expect(failures.allSatisfy { ($0 as? LoadFailure) == LoadFailure(attempt: 1) })
        #expect(cache.value(for: key("flaky")) == nil)

        let retried = try await cache.value(for: key("flaky"), ttl: .seconds(60), cost: \.utf8.count, load: load)
        #expect(retried.value == "recovered")
        #expect(!retried.hit)
        #expect(attempts.count == 2)
    }

    @Test func waitersStartOverWhenTheLeadingCallerIsCancelled() async throws {
        let cache = ResponseCache<String>(maxBytes: 1000)
        let attempts = Counter()
        // The first load runs until it is cancelled, whatever the machine's speed; the next one answers.
        let load: @Sendable () async throws -> String = {
            if attempts.increment() == 1 { try await Task.sleep(for: .seconds(60)) }
            return "value"
        }
        let leader = Task { try await cache.value(for: key("k"), ttl: .seconds(60), cost: { _ in 5 }, load: load) }
        try await waitUntil { attempts.count == 1 }
        let follower = Task { try await cache.value(for: key("k"), ttl: .seconds(60), cost: { _ in 5 }, load: load) }
        try await waitUntil { cache.statistics.coalesced == 1 }
        leader.cancel()
        await #expect(throws: CancellationError.self) { try await leader.value }
        let followed = try await follower.value
        #expect(followed.value == "value")
        #expect(attempts.count == 2)
    }

    @Test func cancelledWaiterStopsWaitingWithoutDisturbingTheLoad() async throws {
        let cache = ResponseCache<String>(maxBytes: 1000)
        let loaded = Gate()
        let started = Counter()
        let leader = Task {
            try await cache.value(for: key("k"), ttl: .seconds(60), cost: { _ in 5 }) {
                started.increment()
                await loaded.wait()
                return "value"
            }
        }
        try await waitUntil { started.count == 1 }
        let waiter = Task {
            try await cache.value(for: key("k"), ttl: .seconds(60), cost: { _ in 5 }) { "never" }
        }
        try await waitUntil { cache.statistics.coalesced == 1 }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        loaded.open()
        #expect(try await leader.value.value == "value")
        #expect(cache.value(for: key("k")) == "value")
    }
}
