import Adapters
import Synchronization
import Testing

@testable import Server

/// The plugin-answer cache keeps what was built from fresh upstream data, and only that, whoever
/// computes the answer: the freshness travels with the answer, not in a task-local someone else
/// must have installed.
@Suite struct PluginResponseCacheTests {
    @Test func freshAnswersAreKeptAndServedAsHits() async throws {
        let cache = PluginResponseCache(maxBytes: 1 << 20)
        let first = try await cache.answer(tenant: "t", parts: ["p"], ttl: .seconds(60)) {
            PluginAnswer(body: Array("[1]".utf8), staleness: nil)
        }
        #expect(first.cacheLabel == nil)
        let second = try await cache.answer(tenant: "t", parts: ["p"], ttl: .seconds(60)) {
            Issue.record("a fresh answer was not kept")
            return PluginAnswer(body: [], staleness: nil)
        }
        #expect(second.cacheLabel == "hit")
        #expect(Array(second.body.readableBytesView) == Array("[1]".utf8))
    }

    @Test func twoTenantsAskingTheSameThingNeverShareAnAnswer() async throws {
        let cache = PluginResponseCache(maxBytes: 1 << 20)
        _ = try await cache.answer(tenant: "a", parts: ["p"], ttl: .seconds(60)) { PluginAnswer(body: Array("[1]".utf8), staleness: nil) }
        let other = try await cache.answer(tenant: "b", parts: ["p"], ttl: .seconds(60)) { PluginAnswer(body: Array("[2]".utf8), staleness: nil) }
        #expect(other.cacheLabel == nil)
        #expect(Array(other.body.readableBytesView) == Array("[2]".utf8))
    }

    @Test(arguments: [UpstreamCallLog.CacheOutcome.stale, .staleOnError])
    func answersBuiltOnStaleDataAreSentMarkedAndNeverKept(staleness: UpstreamCallLog.CacheOutcome) async throws {
        let cache = PluginResponseCache(maxBytes: 1 << 20)
        let computed = Atomic(0)
        for _ in 0..<2 {
            let served = try await cache.answer(tenant: "t", parts: ["p"], ttl: .seconds(60)) {
                computed.add(1, ordering: .relaxed)
                return PluginAnswer(body: Array("[1]".utf8), staleness: staleness)
            }
            #expect(served.cacheLabel == staleness.rawValue)
        }
        #expect(computed.load(ordering: .relaxed) == 2)
        #expect(cache.statistics.entries == 0)
    }
}
