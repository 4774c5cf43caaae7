import GatewayConfig
import Mapping
import PropertyBased
import PropertyChecks
import RedisServerSupport
import Sandbox
import Server
import Testing
import Upstream

/// Two tenants, two shops with different catalogs behind the same adapter: whatever the order and
/// overlap of their calls, no answer ever carries the other tenant's data.
@Suite struct TenantIsolationTests {
    /// The demo catalog with other product ids and titles: an answer's identities say whose it is.
    static let otherCatalog: ShopifyCatalog = {
        var catalog = ShopifyCatalog.demo()
        catalog.products = catalog.products.map { product in
            var product = product
            product.id += otherIDOffset
            product.title = "Boutique B · " + product.title
            return product
        }
        catalog.collections = catalog.collections.map { collection in
            var collection = collection
            collection.productIDs = collection.productIDs.map { $0 + otherIDOffset }
            return collection
        }
        return catalog
    }()
    static let otherIDOffset = 1_000_000_000

    /// Each tenant's products as the plugin answers name them: id → title.
    static let identities: [Bool: [String: String]] = [
        false: Dictionary(uniqueKeysWithValues: ShopifyCatalog.demo().products.map { (String($0.id), $0.title) }),
        true: Dictionary(uniqueKeysWithValues: otherCatalog.products.map { (String($0.id), $0.title) }),
    ]

    static func options() -> GatewayOptions {
        var options = GatewayOptions()
        options.otherUpstreams = [ShopifySimulatorConfiguration(accessToken: "shpat_other", catalog: otherCatalog)]
        options.otherTenants = { ports in
            """
              other:
                websites: [ha-777]
                adapter: shopify
                upstream: http://127.0.0.1:\(ports[1])
                credentials: { accessToken: shpat_other }
                secret: other-secret
            """
        }
        return options
    }

    /// One plugin call of either tenant, through one gateway replica; the same query strings for
    /// both tenants, so cache keys would collide if the tenant were not part of them.
    struct Call: Sendable, CustomStringConvertible {
        let tenantB: Bool
        let query: String
        var replica = 0
        /// What the answer must be, whichever replica serves it.
        var question: String { "\(tenantB ? "other" : "demo") \(query)" }
        var description: String { "\(question) (replica \(replica))" }
    }

    @Test func randomInterleavedCallsNeverCrossTenants() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            try await Self.checkInterleavedCalls(replicas: 1) { call in try await Self.send(call, gateway) }
        }
    }

    /// The same through two replicas sharing one real Redis (`shared:`): each answer built through
    /// one replica is read by the other from the shared tier, and still only by its own tenant.
    @Test func randomInterleavedCallsNeverCrossTenantsThroughTheFleetsSharedTier() async throws {
        try await RedisServer.with { redis in
            let otherShop = ShopifySimulatorConfiguration(accessToken: "shpat_other", catalog: Self.otherCatalog)
            try await withFleet(replicas: 2, redisPort: redis.port, otherShop: otherShop) { fleet in
                try await Self.checkInterleavedCalls(replicas: 2) { call in
                    let website = call.tenantB ? "ha-456" : "ha-123"
                    return try await fleet.get(
                        "/products", "idWebsite=\(website)&\(call.query)", replica: call.replica, tenant: call.tenantB ? "other" : "demo")
                }
                let shared = fleet.replicas.compactMap { $0.runtime.shared?.statistics }
                #expect(shared.allSatisfy { $0.isShared })
                #expect(shared[1].answerHits > 0, "the second replica read answers from the shared tier: \(shared[1])")
            }
        }
    }

    /// Every query of both tenants through the first replica, then random interleaved and
    /// overlapping batches through any replica: each call gets its own tenant's answer.
    static func checkInterleavedCalls(replicas: Int, send: @escaping @Sendable (Call) async throws -> LiveGateway.Answer) async throws {
        let queries = [
            "limit=5", "limit=5&offset=5", "searchQuery=robe&limit=10", "searchQuery=robe", "idCategory=410000000007&limit=10",
            "limit=50&offset=100", "searchQuery=lin&limit=3",
        ]
        let call = zip(Gen.bool, Gen<String?>.element(of: queries).map { $0 ?? "limit=1" }, Gen.int(in: 0...(replicas - 1)))
            .map { Call(tenantB: $0, query: $1, replica: $2) }
        // Each call alone first: every query finds products in both shops, each its own.
        var expected: [String: [String]] = [:]
        for query in queries {
            for tenantB in [false, true] {
                let call = Call(tenantB: tenantB, query: query)
                let answer = try await send(call)
                try #require(answer.status == 200, "\(call): \(answer.text.prefix(200))")
                let ids = try Self.checkedIdentities(answer, call)
                try #require(!ids.isEmpty, "\(call) found no product")
                expected[call.question] = ids
            }
        }
        // Then interleaved and overlapping: the same answers, whatever the other tenant does.
        let answers = expected
        await strictPropertyCheck(count: 60, input: call.array(of: 4...16)) { calls in
            try await withThrowingTaskGroup(of: (Call, LiveGateway.Answer).self) { group in
                for call in calls {
                    group.addTask { (call, try await send(call)) }
                }
                for try await (call, answer) in group {
                    #expect(answer.status == 200, "\(call): \(answer.text.prefix(200))")
                    #expect(try Self.checkedIdentities(answer, call) == answers[call.question], "\(call)")
                }
            }
        }
    }

    /// The product ids of an answer, each checked against the caller's own catalog: the id must be
    /// one of its products, with that product's title.
    static func checkedIdentities(_ answer: LiveGateway.Answer, _ call: Call) throws -> [String] {
        let products = try #require(answer.json.arrayValue, "\(call): not a list: \(answer.text.prefix(200))")
        let catalog = identities[call.tenantB] ?? [:]
        return try products.map { product in
            let id = try #require(product["id"]?.stringValue, "\(call): a product without an id")
            let title = try #require(catalog[id], "\(call) got product \(id), which is not in its shop")
            #expect(product["title"]?.stringValue == title, "\(call): product \(id)")
            return id
        }
    }

    @Test func aTenantsSignatureDoesNotOpenAnotherTenant() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            // Signed with demo's secret, sent to the other tenant's URL (and website).
            let answer = try await gateway.get("/plugins/other/products?idWebsite=ha-777&limit=1")
            #expect(answer.status == 401)
            // The other tenant's website on demo's URL, correctly signed for demo.
            let crossed = try await gateway.get("/plugins/demo/products?idWebsite=ha-777&limit=1")
            #expect(crossed.status == 403)
        }
    }

    static func send(_ call: Call, _ gateway: LiveGateway) async throws -> LiveGateway.Answer {
        guard call.tenantB else { return try await gateway.get("/plugins/demo/products?idWebsite=ha-123&\(call.query)") }
        let query = "idWebsite=ha-777&\(call.query)"
        let signature = SignatureCheck.sign(Array(query.utf8), secret: "other-secret")
        return try await gateway.send(
            "GET", "/plugins/other/products?\(query)", headers: [HTTPHeader(name: "x-iadvize-signature", value: signature)])
    }
}
