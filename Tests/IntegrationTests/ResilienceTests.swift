import Foundation
import Logging
import Mapping
import Plugins
import Sandbox
import Testing
import Upstream

/// What the Desk sees when the shop misbehaves: stale answers marked as such, a breaker that stops
/// hammering a failing shop and recovers, and a bounded connection pool.
@Suite struct ResilienceTests {
    private let products = "/plugins/demo/products?idWebsite=ha-123&limit=5"

    @Test func aFailingShopIsCoveredByTheLastGoodAnswer() async throws {
        var options = GatewayOptions()
        options.productsTTL = "1s"
        options.cacheExtra = ", staleWhileRevalidate: 0s, staleIfError: 10m"
        try await withLiveGateway(options) { gateway in
            let fresh = try await gateway.get(products)
            #expect(fresh.status == 200)
            #expect(fresh.headers.first(named: "X-DeskBridge-Cache") == nil)
            try await Task.sleep(for: .milliseconds(1300))
            gateway.sandbox.faults.add(.status(503, body: "{}"), to: FaultTarget(simulator: .shopify), trigger: .next(1000))
            let stale = try await gateway.get(products)
            #expect(stale.status == 200, "\(stale.text)")
            #expect(stale.headers.first(named: "X-DeskBridge-Cache") == "stale-if-error")
            #expect(stale.json == fresh.json)
            let metrics = try await gateway.send(
                "GET", "/metrics", headers: [HTTPHeader(name: "Authorization", value: "Bearer \(LiveGateway.adminToken)")])
            #expect(metrics.text.contains(#"deskbridge_stale_answers_total{tenant="demo",kind="stale-if-error"} 1"#))
            // Without a last good answer, the failure is said plainly.
            let other = try await gateway.get("/plugins/demo/products?idWebsite=ha-123&limit=5&searchQuery=mug")
            #expect(other.status == 503 || other.status == 502, "\(other.text)")
            #expect(other.json["error"]?.stringValue?.hasPrefix("upstream_") == true)
        }
    }

    /// What `deskbridge try` and any caller outside a request get: the answer says it stood on
    /// stale data, with no middleware to collect the upstream calls.
    @Test func anAnswerCarriesItsFreshnessOutsideARequest() async throws {
        var options = GatewayOptions()
        options.productsTTL = "1s"
        options.cacheExtra = ", staleWhileRevalidate: 0s, staleIfError: 10m"
        try await withLiveGateway(options) { gateway in
            let tenant = try #require(gateway.runtime.store.snapshot.tenants["demo"])
            let query = try ProductQuery(QueryString(parsing: "idWebsite=ha-123&limit=5"))
            let fresh = try await tenant.productsAnswer(query, logger: Logger(label: "test"))
            #expect(fresh.staleness == nil)
            try await Task.sleep(for: .milliseconds(1300))
            gateway.sandbox.faults.add(.status(503, body: "{}"), to: FaultTarget(simulator: .shopify), trigger: .next(1000))
            let stale = try await tenant.productsAnswer(query, logger: Logger(label: "test"))
            #expect(stale.staleness == .staleOnError)
            #expect(stale.body == fresh.body)
        }
    }

    @Test func staleWhileRevalidateAnswersAtOnceAndRefreshesOnce() async throws {
        var options = GatewayOptions()
        options.productsTTL = "1s"
        options.cacheExtra = ", staleWhileRevalidate: 1m"
        try await withLiveGateway(options) { gateway in
            _ = try await gateway.get(products)
            try await Task.sleep(for: .milliseconds(1300))
            let before = gateway.shopify.requestCount
            let stale = try await gateway.get(products)
            #expect(stale.status == 200)
            #expect(stale.headers.first(named: "X-DeskBridge-Cache") == "stale")
            // One background refresh of the page (the shop context is still fresh).
            let deadline = ContinuousClock.now + .seconds(10)
            while gateway.shopify.requestCount == before && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            try await Task.sleep(for: .milliseconds(300))
            #expect(gateway.shopify.requestCount == before + 1)
        }
    }

    @Test func theBreakerOpensFailsFastAndRecovers() async throws {
        var options = GatewayOptions()
        options.productsTTL = "0s"
        options.upstreamExtra = ", attempts: 1, breakerFailures: 3, breakerCooldown: 3s"  // long enough for a loaded machine
        try await withLiveGateway(options) { gateway in
            _ = try await gateway.get(products)  // the shop context, cached for an hour
            let rule = gateway.sandbox.faults.add(.status(500, body: "{}"), to: FaultTarget(simulator: .shopify), trigger: .next(1000))
            for _ in 0..<3 {
                #expect(try await gateway.get(products).status == 503)
            }
            let before = gateway.shopify.requestCount
            let fast = try await gateway.get(products)
            #expect(fast.status == 503)
            #expect(fast.json["message"]?.stringValue?.contains("keeps failing") == true, "\(fast.text)")
            #expect(gateway.shopify.requestCount == before, "an open breaker sends nothing")
            gateway.sandbox.faults.remove(id: rule)
            try await Task.sleep(for: .milliseconds(3200))
            let recovered = try await gateway.get(products)
            #expect(recovered.status == 200, "\(recovered.text)")
        }
    }

    @Test func manyCallsStayWithinTheConnectionPool() async throws {
        var options = GatewayOptions()
        options.productsTTL = "0s"
        options.upstreamExtra = ", maxConnectionsPerHost: 4"
        try await withLiveGateway(options) { gateway in
            let before = gateway.sandbox.acceptedConnections
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<200 {
                    group.addTask { try await gateway.get("/plugins/demo/products?idWebsite=ha-123&limit=3&offset=\(index % 50)").status }
                }
                for try await status in group { #expect(status == 200) }
            }
            #expect(gateway.sandbox.acceptedConnections - before <= 4)
        }
    }
}
