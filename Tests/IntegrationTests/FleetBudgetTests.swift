import Logging
import Redis
import RedisServerSupport
import Sandbox
import SharedState
import Testing
import Upstream

/// A shop's rate budget is the shop's, not each replica's: with `shared:` the replicas count
/// Shopify's cost bucket together in Redis and stay under it, where as many independent gateways
/// each spend it and meet THROTTLED. Over real sockets, against a real redis-server and a sandbox
/// shop whose bucket is small.
@Suite struct FleetBudgetTests {
    /// A bucket that a few searches empty, refilled fast enough for the test's calls to fit in
    /// their deadlines when paced.
    static let throttlingShop = ShopifySimulatorConfiguration(bucketSize: 400, restoreRate: 200)

    /// 30 different searches at once, spread over three replicas, all cold.
    static func searches(_ fleet: Fleet) async -> [Int: Int] {
        await fleet.send(30) { index in "idWebsite=ha-123&limit=5&searchQuery=w\(index)" }
    }

    static func throttledAnswers(_ fleet: Fleet) -> Int {
        fleet.sandbox.shopify.requests.filter { $0.outcome == .throttled }.count
    }

    @Test func threeIndependentReplicasMeetTheShopsThrottling() async throws {
        try await withFleet(replicas: 3, redisPort: nil, shop: Self.throttlingShop, upstreamExtra: ", attempts: 1") { fleet in
            _ = await Self.searches(fleet)
            #expect(Self.throttledAnswers(fleet) > 0, "each replica spent the bucket as if it were alone")
        }
    }

    @Test func threeReplicasSharingRedisStayUnderTheShopsBucket() async throws {
        try await RedisServer.with { redis in
            try await withFleet(replicas: 3, redisPort: redis.port, shop: Self.throttlingShop, upstreamExtra: ", attempts: 1") { fleet in
                let statuses = await Self.searches(fleet)
                #expect(statuses == [200: 30], "\(statuses)")
                #expect(Self.throttledAnswers(fleet) == 0, "\(fleet.sandbox.shopify.requests.map(\.outcome))")
                let shared = fleet.replicas.compactMap { $0.runtime.shared?.statistics }
                #expect(shared.map(\.costWaits).reduce(0, +) > 0, "the replicas waited for the shared bucket: \(shared)")
            }
        }
    }

    /// The adapters' declared windows (HubSpot's calls per window) over the fleet: two replicas'
    /// pacers reserve their slots in one Redis, so together they hand out no more than the limit in
    /// any window, where each alone would hand out the limit on its own.
    @Test func twoReplicasPacersShareOneWindowThroughRedis() async throws {
        try await RedisServer.with { redis in
            let logger = Logger(label: "pace")
            let stores = try (0..<2).map { _ in
                SharedStore(settings: SharedSettings(redis: try RedisConfiguration(url: "redis://127.0.0.1:\(redis.port)")), logger: logger)
            }
            let pacers = stores.map { RedisPaceBackend(store: $0) }
            let limit = PaceLimit(key: "hubspot-account", requests: 5, window: .seconds(5))
            let now = ContinuousClock.now
            var slots: [ContinuousClock.Instant] = []
            var asked: [ContinuousClock.Instant] = []
            for index in 0..<10 {
                let before = ContinuousClock.now
                guard case .at(let slot) = await pacers[index % 2].reserve([limit], deadline: now + .seconds(30), now: before) else {
                    Issue.record("slot \(index) refused")
                    continue
                }
                slots.append(slot)
                asked.append(before)
            }
            try #require(slots.count == 10)
            // Five go at once; the next five wait for the first one's window to pass (the pacer's margin
            // included), whichever replica asked. Counted from when the first was asked for: a slot's
            // instant is read on its answer's arrival, which a loaded machine delays (the first slot
            // once arrived 270 ms after Redis had counted it).
            let waits = zip(slots, asked).map { $0 - $1 }
            #expect(waits.prefix(5).allSatisfy { $0 < .milliseconds(500) }, "\(waits)")
            #expect(slots.dropFirst(5).allSatisfy { $0 - asked[0] >= .seconds(5) }, "\(slots.map { $0 - asked[0] })")
            #expect(stores.allSatisfy { $0.statistics.paceReservations == 5 })
            // A slot beyond the deadline is refused, and takes nothing.
            let late = await pacers[1].reserve([limit], deadline: .now + .seconds(1), now: .now)
            guard case .refused(let nextIn) = late else {
                Issue.record("a slot past the deadline was handed out: \(late)")
                return
            }
            #expect(nextIn >= .seconds(2))
            for store in stores { await store.shutdown() }
        }
    }
}
