import Mapping
import PropertyBased
import Sandbox
import Server
import Testing
import Upstream

/// Two tenants, two shops with different catalogs behind the same adapter: whatever the order and
/// overlap of their calls, no answer ever carries the other tenant's data.
@Suite struct TenantIsolationTests {
    static let otherCatalog: ShopifyCatalog = {
        var catalog = ShopifyCatalog.demo()
        catalog.products = catalog.products.map { product in
            var product = product
            product.title = "Boutique B · " + product.title
            return product
        }
        return catalog
    }()

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

    /// One plugin call of either tenant; the same query strings for both, so cache keys would collide
    /// if the tenant were not part of them.
    struct Call: Sendable, CustomStringConvertible {
        let tenantB: Bool
        let query: String
        var description: String { "\(tenantB ? "other" : "demo") \(query)" }
    }

    @Test func randomInterleavedCallsNeverCrossTenants() async throws {
        let queries = [
            "limit=5", "limit=5&offset=5", "searchQuery=tea&limit=10", "searchQuery=robe", "idCategory=410000000007&limit=10",
            "limit=50&offset=100", "searchQuery=mug&limit=3",
        ]
        let call = zip(Gen.bool, Gen<String?>.element(of: queries).map { $0 ?? "limit=1" }).map { Call(tenantB: $0, query: $1) }
        try await withLiveGateway(Self.options()) { gateway in
            await propertyCheck(count: 60, input: call.array(of: 4...16)) { calls in
                try await withThrowingTaskGroup(of: (Call, LiveGateway.Answer).self) { group in
                    for call in calls {
                        group.addTask { (call, try await Self.send(call, gateway)) }
                    }
                    for try await (call, answer) in group {
                        #expect(answer.status == 200, "\(call): \(answer.text.prefix(200))")
                        let titles = answer.json.arrayValue?.compactMap { $0["title"]?.stringValue } ?? []
                        #expect(titles.allSatisfy { $0.hasPrefix("Boutique B · ") == call.tenantB }, "\(call) got \(titles.prefix(3))")
                    }
                }
            }
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
