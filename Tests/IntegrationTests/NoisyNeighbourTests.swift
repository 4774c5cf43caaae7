import Foundation
import GatewayConfig
import Logging
import Mapping
import Sandbox
import Server
import Testing
import Upstream

/// One tenant's shop misbehaving under load never hurts another tenant, and stops hurting its own
/// tenant once it recovers: no restart, no handle left behind unusable (see `CurlHandlePool`).
@Suite struct NoisyNeighbourTests {
    /// `slow` is the demo tenant on the first sandbox; `fast` has a healthy sandbox of its own.
    private static func twoShops(breakerCooldown: String = "2s") -> GatewayOptions {
        var options = GatewayOptions()
        options.productsTTL = "0s"
        // The slow shop's answers come after the first-byte deadline (wide enough for the healthy
        // shop on a loaded machine); the breaker trips and cools.
        options.firstByteTimeout = "3s"
        options.upstreamExtra = ", breakerFailures: 5, breakerCooldown: \(breakerCooldown)"
        options.otherUpstreams = [ShopifySimulatorConfiguration()]
        options.otherTenants = { ports in
            """
              fast:
                websites: [ha-777]
                adapter: shopify
                upstream: http://127.0.0.1:\(ports[1])
                credentials: { accessToken: "\(ShopifySimulatorConfiguration.demoAccessToken)" }
                ttl: { products: 0s }
                secret: \(LiveGateway.secret)
            """
        }
        return options
    }

    @Test func aStormOnASlowShopLeavesEveryTenantServedWithoutRestart() async throws {
        try await withLiveGateway(Self.twoShops()) { gateway in
            try await gateway.expectServed(tenant: "fast", times: 1)
            try await gateway.expectServed(tenant: "demo", times: 1)
            let slowness = gateway.sandbox.faults.add(.latency(milliseconds: 8000), to: .simulator(.shopify), trigger: .next(100_000))

            // 600 distinct searches from 300 clients; a third of them give up after 300 ms.
            let storm = try StormClient(concurrency: 300)
            let statuses = await storm.send(count: 600, port: gateway.port) { index in
                (path: gateway.productsPath(tenant: "demo", search: "storm\(index)"), givesUpAfter: index % 3 == 0 ? .milliseconds(300) : nil)
            }
            await storm.shutdown()
            #expect(statuses.values.reduce(0, +) == 600)
            #expect(statuses.keys.allSatisfy { [200, 503, 504, 0].contains($0) }, "\(statuses)")

            try await gateway.expectServed(tenant: "fast", times: 50)
            #expect(gateway.sandbox.faults.remove(id: slowness))
            try await gateway.waitUntilServed(tenant: "demo")
            try await gateway.expectServed(tenant: "demo", times: 20)
            #expect(gateway.runtime.client.pool.configurationFailures == 0)
            try await gateway.waitUntilNoUpstreamCallRuns()
        }
    }

    /// Rounds of mixed trouble on the slow shop (latency past the deadline, cut bodies, dropped
    /// connections, slow bodies, 500s, client cancellations, breaker trips); after each, the
    /// healthy tenant is served at once. `DESKBRIDGE_SOAK_SECONDS` makes it long (`make soak`).
    @Test func randomizedSoakKeepsHealthyUpstreamsServed() async throws {
        let seconds = ProcessInfo.processInfo.environment["DESKBRIDGE_SOAK_SECONDS"].flatMap(Int.init) ?? 20
        let seed = ProcessInfo.processInfo.environment["DESKBRIDGE_SOAK_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)
        var random = SeededRandom(seed: seed)
        try await withLiveGateway(Self.twoShops(breakerCooldown: "500ms")) { gateway in
            let storm = try StormClient(concurrency: 200)
            let end = ContinuousClock.now + .seconds(seconds)
            var round = 0
            while ContinuousClock.now < end || round < 3 {
                round += 1
                let fault = Self.faults[Int.random(in: 0..<Self.faults.count, using: &random)]
                let rule = gateway.sandbox.faults.add(fault, to: .simulator(.shopify), trigger: .probability(0.8, seed: random.next()))
                let count = Int.random(in: 20...200, using: &random)
                let giveUp = Int.random(in: 0...3, using: &random)
                let cancelAfter = Duration.milliseconds(Int.random(in: 50...1200, using: &random))
                let prefix = "soak\(round)"
                let statuses = await storm.send(count: count, port: gateway.port) { index in
                    (path: gateway.productsPath(tenant: "demo", search: "\(prefix)-\(index)"), givesUpAfter: index % 4 < giveUp ? cancelAfter : nil)
                }
                #expect(statuses.keys.allSatisfy { $0 < 500 || [502, 503, 504].contains($0) }, "seed \(seed) round \(round) \(fault): \(statuses)")
                _ = gateway.sandbox.faults.remove(id: rule)
                try await gateway.expectServed(tenant: "fast", times: 5, note: "seed \(seed) round \(round) after \(fault)")
            }
            await storm.shutdown()
            try await gateway.waitUntilServed(tenant: "demo")
            #expect(gateway.runtime.client.pool.configurationFailures == 0, "seed \(seed)")
            try await gateway.waitUntilNoUpstreamCallRuns()
            print("soak: \(round) rounds in \(seconds) s, seed \(seed), curl handles \(gateway.runtime.client.pool)")
        }
    }

    private static let faults: [Fault] = [
        .latency(milliseconds: 5000), .malformedJSON, .dropConnection, .slowBody(chunkBytes: 64, pauseMilliseconds: 400),
        .status(500, body: "{}"), .latency(milliseconds: 200),
    ]
}

extension LiveGateway {
    /// A signed product search of `tenant` (`demo` on ha-123, `fast` on ha-777).
    func productsPath(tenant: String, search: String) -> String {
        let website = tenant == "demo" ? "ha-123" : "ha-777"
        return "/plugins/\(tenant)/products?idWebsite=\(website)&limit=5&searchQuery=\(search)"
    }

    /// `times` sequential product searches of `tenant`, each a 200 with products.
    func expectServed(tenant: String, times: Int, note: String = "") async throws {
        for index in 0..<times {
            let answer = try await get(productsPath(tenant: tenant, search: "mug"))
            try #require(answer.status == 200, "\(note) call \(index) of \(tenant): \(answer.status) \(answer.text)")
            try #require(answer.json.arrayValue?.isEmpty == false, "\(note) call \(index) of \(tenant): \(answer.text)")
        }
    }

    /// Waits for calls the gateway still makes for callers that gave up: a connection the sandbox
    /// accepts while it stops would trip NIO (apple/swift-nio#2637).
    func waitUntilNoUpstreamCallRuns(limit: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + limit
        while runtime.client.pool.running > 0 {
            try #require(ContinuousClock.now < deadline, "upstream calls still running after \(limit)")
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Calls `tenant` until one call succeeds (its breaker closes again after its cooldown).
    func waitUntilServed(tenant: String, limit: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + limit
        while try await get(productsPath(tenant: tenant, search: "mug")).status != 200 {
            try #require(ContinuousClock.now < deadline, "\(tenant) still not served after \(limit)")
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}

/// Many concurrent signed clients, some of which give up early (their transfer is aborted, so
/// the gateway sees the connection close mid-request).
struct StormClient: Sendable {
    let client: CurlHTTPClient
    let concurrency: Int

    init(concurrency: Int) throws {
        var logger = Logger(label: "storm")
        logger.logLevel = .critical
        client = try CurlHTTPClient(
            configuration: CurlClientConfiguration(requestTimeout: .seconds(60), maxConnectionsPerHost: concurrency), logger: logger)
        self.concurrency = concurrency
    }

    /// Sends `count` requests, `concurrency` at a time; counts answers by status (0: gave up or failed).
    func send(count: Int, port: Int, request: @Sendable @escaping (Int) -> (path: String, givesUpAfter: Duration?)) async -> [Int: Int] {
        await withTaskGroup(of: Int.self) { group in
            var started = 0
            var statuses: [Int: Int] = [:]
            func start() {
                let (path, givesUpAfter) = request(started)
                group.addTask {
                    let query = path.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
                    let signature = HTTPHeader(name: "x-iadvize-signature", value: SignatureCheck.sign(Array(query.utf8), secret: LiveGateway.secret))
                    let upstream = UpstreamRequest(url: "http://127.0.0.1:\(port)\(path)", headers: [signature], timeout: givesUpAfter)
                    return (try? await client.execute(upstream).status) ?? 0
                }
                started += 1
            }
            while started < min(concurrency, count) { start() }
            for await status in group {
                statuses[status, default: 0] += 1
                if started < count { start() }
            }
            return statuses
        }
    }

    func shutdown() async { await client.shutdown() }
}
