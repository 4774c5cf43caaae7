import Foundation
import Synchronization
import Testing

@testable import Upstream

/// The cache's policies with real upstream calls: the loads go through the curl client to the
/// test server, and the server counts what reached it.
@Suite("ResponseCache policies over loopback")
struct CacheOverSocketTests {
    /// A load that fetches `/script/{name}` and treats 404 as "not found", 5xx as a failure.
    private static func load(_ name: String, from server: TestServer, with client: CurlHTTPClient) -> @Sendable () async throws -> CacheLoad<String> {
        {
            let response = try await client.execute(UpstreamRequest(url: server.url("/script/\(name)")))
            switch response.status {
            case 404: return .notFound(response.text)
            case 500...: throw UpstreamFailure(status: response.status)
            default: return .found(response.text)
            }
        }
    }

    private struct UpstreamFailure: Error, Equatable {
        let status: Int
    }

    private static let key = CacheKey(tenant: "shop-a", method: "GET", url: "/catalog", headers: [], body: nil, credentialIdentity: "token")

    @Test func hundredConcurrentColdRequestsMakeOneUpstreamCall() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                server.scripts.set("catalog", [ScriptedResponse(body: "catalog-v1", delay: .milliseconds(300))])
                let cache = ResponseCache<String>(maxBytes: 1 << 20)
                let load = Self.load("catalog", from: server, with: client)
                let lookups = try await withThrowingTaskGroup(of: CacheLookup<String>.self) { group in
                    for _ in 0..<100 {
                        group.addTask { try await cache.value(for: Self.key, policy: CachePolicy(ttl: .seconds(60)), cost: \.utf8.count, load: load) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(server.scripts.hits("catalog") == 1)
                #expect(lookups.count == 100)
                #expect(lookups.allSatisfy { $0.value == "catalog-v1" })
                #expect(lookups.filter { $0.outcome == .loaded }.count == 1)
                #expect(lookups.filter { $0.outcome == .coalesced || $0.outcome == .fresh }.count == 99)
                let statistics = cache.statistics
                #expect(statistics.misses == 1)
                #expect(statistics.coalesced + statistics.hits == 99)
            }
        }
    }

    @Test func staleWhileRevalidateServesStaleAndRefreshesOnce() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                server.scripts.set("catalog", [.ok("v1"), ScriptedResponse(body: "v2", delay: .milliseconds(300))])
                let clock = ManualClock()
                let cache = ResponseCache<String>(maxBytes: 1 << 20, now: clock.now)
                let policy = CachePolicy(ttl: .seconds(60), staleWhileRevalidate: .seconds(30))
                let load = Self.load("catalog", from: server, with: client)

                let first = try await cache.value(for: Self.key, policy: policy, cost: \.utf8.count, load: load)
                #expect(first.outcome == .loaded)
                clock.advance(by: .seconds(75))  // past the TTL, within the stale window

                let stale = try await withThrowingTaskGroup(of: CacheLookup<String>.self) { group in
                    for _ in 0..<20 {
                        group.addTask { try await cache.value(for: Self.key, policy: policy, cost: \.utf8.count, load: load) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(stale.allSatisfy { $0.value == "v1" && $0.outcome == .stale && $0.isStale })
                #expect(stale.allSatisfy { $0.age == .seconds(75) })

                // The one refresh lands in the background.
                try await waitUntil { server.scripts.hits("catalog") == 2 && cache.statistics.refreshes == 1 && cache.value(for: Self.key) == "v2" }
                let refreshed = try await cache.value(for: Self.key, policy: policy, cost: \.utf8.count, load: load)
                #expect(refreshed.value == "v2")
                #expect(refreshed.outcome == .fresh)
                #expect(server.scripts.hits("catalog") == 2)
                #expect(cache.statistics.staleHits == 20)
            }
        }
    }

    @Test func staleIfErrorServesTheLastGoodValueWithinItsLimitAndFailsAfter() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                server.scripts.set("catalog", [.ok("good"), .status(500)])
                let clock = ManualClock()
                let reported = Mutex<[String]>([])
                let cache = ResponseCache<String>(maxBytes: 1 << 20, now: clock.now) { key, error in
                    reported.withLock { $0.append("\(key.tenant): \(error)") }
                }
                let policy = CachePolicy(ttl: .seconds(60), staleIfError: .seconds(600))
                let load = Self.load("catalog", from: server, with: client)

                _ = try await cache.value(for: Self.key, policy: policy, cost: \.utf8.count, load: load)
                clock.advance(by: .seconds(120))
                let rescued = try await cache.value(for: Self.key, policy: policy, cost: \.utf8.count, load: load)
                #expect(rescued.value == "good")
                #expect(rescued.outcome == .staleOnError)
                #expect(rescued.age == .seconds(120))
                #expect(rescued.hiddenError as? UpstreamFailure == UpstreamFailure(status: 500))
                #expect(reported.withLock { $0 } == ["shop-a: UpstreamFailure(status: 500)"])
                #expect(cache.statistics.staleOnError == 1)
                #expect(cache.statistics.loadFailures == 1)

                clock.advance(by: .seconds(541))  // 661 s after the load: past TTL + stale-if-error
                await #expect(throws: UpstreamFailure(status: 500)) {
                    try await cache.value(for: Self.key, policy: policy, cost: \.utf8.count, load: load)
                }
                #expect(server.scripts.hits("catalog") == 3)
                #expect(cache.statistics.entries == 0)
            }
        }
    }

    @Test func notFoundAnswersAreCachedForTheNegativeTimeToLive() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                server.scripts.set("customer", [.status(404, body: #"{"results":[]}"#)])
                let clock = ManualClock()
                let cache = ResponseCache<String>(maxBytes: 1 << 20, now: clock.now)
                let policy = CachePolicy(ttl: .seconds(300), staleIfError: .seconds(600), negativeTTL: .seconds(20))
                let load = Self.load("customer", from: server, with: client)

                let first = try await cache.value(for: Self.key, policy: policy, cost: \.utf8.count, load: load)
                #expect(first.outcome == .loaded)
                #expect(first.isNegative)
                clock.advance(by: .seconds(19))
                let second = try await cache.value(for: Self.key, policy: policy, cost: \.utf8.count, load: load)
                #expect(second.outcome == .negativeHit)
                #expect(second.isNegative)
                #expect(second.value == #"{"results":[]}"#)
                #expect(server.scripts.hits("customer") == 1)

                clock.advance(by: .seconds(2))  // past the negative TTL, though within the positive one
                let third = try await cache.value(for: Self.key, policy: policy, cost: \.utf8.count, load: load)
                #expect(third.outcome == .loaded)
                #expect(server.scripts.hits("customer") == 2)
                #expect(cache.statistics.negativeHits == 1)
            }
        }
    }
}

/// Polls `condition` every 20 ms for up to 30 s (a loaded CI machine can stall a task for
/// seconds); fails the test if it never holds.
func waitUntil(_ condition: () -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    for _ in 0..<1500 {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record("condition never became true", sourceLocation: sourceLocation)
}
