import Foundation
import Mapping
import Sandbox
import Testing

/// Category ids the shop cannot have are the caller's mistake (a 400 naming the parameter, no
/// upstream call); an id of the right shape the shop does not know is an empty list, never an
/// error the agent would see (a category deleted since the Desk listed it).
@Suite struct CatalogIdentifierTests {
    /// Values no shop id can take, as the Desk's query string carries them.
    static let impossibleIDs = [
        "..%2F..%2Fadmin", "1%20OR%201", "gid%3A%2F%2Fshopify%2FCollection%2F1%22", "abc", "-1", "1.5", "12%E2%80%8B", "%221%22",
        String(repeating: "9", count: 30),
    ]

    /// One catalog tenant of the test gateway, named for failures.
    struct Tenant: CustomStringConvertible {
        let description: String
        let caller: TenantCaller
    }

    /// The gateway's catalog tenants over the sandbox: Shopify GraphQL, Shopify REST, WooCommerce.
    static func options() -> GatewayOptions {
        var options = GatewayOptions()
        let woo = WooCommerceAdapterTests.options().otherTenants
        let rest = ShopifyRESTAdapterTests.options().otherTenants
        options.otherTenants = { ports in woo(ports) + "\n" + rest(ports) }
        return options
    }

    static func tenants(_ gateway: LiveGateway) -> [Tenant] {
        [
            Tenant(description: "shopify", caller: TenantCaller(gateway: gateway, tenant: "demo", website: "ha-123", secret: LiveGateway.secret)),
            Tenant(description: "shopify-rest", caller: ShopifyRESTAdapterTests.caller(gateway)),
            Tenant(description: "woocommerce", caller: WooCommerceAdapterTests.caller(gateway)),
        ]
    }

    static func upstreamRequests(_ gateway: LiveGateway) -> Int {
        gateway.sandbox.requestCounts.values.reduce(0, +)
    }

    @Test func anIDNoShopCanHaveIsA400WithoutAnUpstreamCall() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            for tenant in Self.tenants(gateway) {
                for id in Self.impossibleIDs {
                    for (route, parameter) in [("products", "idCategory"), ("categories", "idParent")] {
                        let before = Self.upstreamRequests(gateway)
                        let answer = try await tenant.caller.get(route, "\(parameter)=\(id)&limit=10")
                        let call = "\(tenant) \(route)?\(parameter)=\(id)"
                        #expect(answer.status == 400, "\(call): \(answer.status) \(answer.text)")
                        #expect(answer.json["error"] == "invalid_parameter", "\(call)")
                        #expect(answer.json["parameter"]?.stringValue == parameter, "\(call)")
                        #expect(answer.json["message"]?.stringValue?.contains("digits") == true, "\(call): \(answer.text)")
                        #expect(Self.upstreamRequests(gateway) == before, "\(call) reached the shop")
                    }
                }
                // With a search too: the check comes before the search request is chosen.
                let before = Self.upstreamRequests(gateway)
                let searched = try await tenant.caller.get("products", "idCategory=1%20OR%201&searchQuery=robe")
                #expect(searched.status == 400 && Self.upstreamRequests(gateway) == before, "\(tenant)")
            }
        }
    }

    @Test func anUnknownCategoryOfTheRightShapeIsAnEmptyList() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            let unknown = "410000000099"
            try #require(gateway.catalog.collection(id: Int(unknown)!) == nil)
            try #require(gateway.sandbox.wooCommerce.configuration.store.category(id: Int(unknown)!) == nil)
            for tenant in Self.tenants(gateway) {
                for query in ["idCategory=\(unknown)", "idCategory=\(unknown)&offset=20&limit=5", "idCategory=\(unknown)&searchQuery=robe"] {
                    let before = Self.upstreamRequests(gateway)
                    let answer = try await tenant.caller.get("products", query)
                    #expect(answer.status == 200, "\(tenant) \(query): \(answer.status) \(answer.text)")
                    #expect(answer.json == [], "\(tenant) \(query): \(answer.text.prefix(200))")
                    // Asked of the shop, which is how the gateway knows the category is gone.
                    #expect(Self.upstreamRequests(gateway) > before || query.contains("offset"), "\(tenant) \(query)")
                }
                let children = try await tenant.caller.get("categories", "idParent=\(unknown)")
                #expect(children.status == 200 && children.json == [], "\(tenant): \(children.status) \(children.text)")
            }
        }
    }

    @Test func validIDsStillReachTheirCategory() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            let collection = try #require(
                gateway.catalog.collections.first { collection in
                    gateway.catalog.products(in: collection).contains { $0.status == .active }
                })
            let shopify = Self.tenants(gateway)[0].caller
            let ids = try await shopify.ids("products", "idCategory=\(collection.id)&limit=250")
            let expected = gateway.catalog.products(in: collection).filter { $0.status == .active }.map { String($0.id) }
            #expect(!ids.isEmpty && ids == expected)
        }
    }
}
