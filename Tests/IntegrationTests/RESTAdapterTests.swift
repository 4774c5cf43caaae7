import Foundation
import GatewayConfig
import Mapping
import Plugins
import Sandbox
import Server
import Testing
import Upstream

/// Signed plugin calls to a second tenant of the test gateway.
struct TenantCaller {
    let gateway: LiveGateway
    let tenant: String
    let website: String
    let secret: String

    func get(_ route: String, _ query: String) async throws -> LiveGateway.Answer {
        let full = "idWebsite=\(website)&\(query)"
        let signature = HTTPHeader(name: "x-iadvize-signature", value: SignatureCheck.sign(Array(full.utf8), secret: secret))
        return try await gateway.send("GET", "/plugins/\(tenant)/\(route)?\(full)", headers: [signature])
    }

    func ids(_ route: String, _ query: String) async throws -> [String] {
        let answer = try await get(route, query)
        try #require(answer.status == 200, "\(route)?\(query): \(answer.status) \(answer.text)")
        let contract: PluginContract = route == "products" ? .products : .categories
        #expect(contract.violations(in: answer.json).isEmpty, "\(route)?\(query)")
        return answer.json.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }
}

/// The `woocommerce` adapter against the WooCommerce simulator: a category tree, pages with
/// X-WP-TotalPages, sale prices and stock statuses, drafts never shown.
@Suite struct WooCommerceAdapterTests {
    static func options(productsTTL: String = "60s") -> GatewayOptions {
        var options = GatewayOptions()
        options.otherTenants = { ports in SimulatedTenants.wooCommerce(port: ports[0], extra: "    ttl: { products: \(productsTTL) }") }
        return options
    }

    static func caller(_ gateway: LiveGateway) -> TenantCaller {
        TenantCaller(gateway: gateway, tenant: "woo", website: "ha-222", secret: "woo-secret")
    }

    @Test func theCategoryTree() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            let store = gateway.sandbox.wooCommerce.configuration.store
            let woo = Self.caller(gateway)
            let roots = try await woo.ids("categories", "limit=250")
            #expect(Set(roots) == Set(store.categories.filter { $0.parent == 0 }.map { String($0.id) }))
            let parent = try #require(store.categories.first { category in store.categories.contains { $0.parent == category.id } })
            let children = try await woo.get("categories", "idParent=\(parent.id)&limit=250")
            let expectedChildren = store.categories.filter { $0.parent == parent.id }
            #expect(Set(children.json.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []) == Set(expectedChildren.map { String($0.id) }))
            for category in children.json.arrayValue ?? [] {
                let source = try #require(store.category(id: Int(category["id"]?.stringValue ?? "") ?? -1))
                #expect(category["idParent"]?.stringValue == String(parent.id))
                // What the category's product list shows: published products in it or below it.
                let subtree = store.categoryAndDescendants(of: source.id)
                let listed = store.products.filter { $0.status == .publish && !subtree.isDisjoint(with: $0.categoryIDs) }.count
                #expect(category["productsCount"]?.intValue == listed, "\(source.name)")
                #expect(category["label"]?.stringValue?.contains("&amp;") == false)
            }
            // Windows of the root list are slices of the whole list.
            let firstTwo = try await woo.ids("categories", "limit=2")
            let nextTwo = try await woo.ids("categories", "limit=2&offset=2")
            #expect(firstTwo + nextTwo == Array(roots.prefix(4)))
        }
    }

    @Test func publishedProductsInEveryWindow() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            let store = gateway.sandbox.wooCommerce.configuration.store
            // Published products with a name: an import left a few without one, and those are left out.
            let published = store.products.filter { $0.status == .publish && $0.hasReadableName }.sorted { $0.id < $1.id }.map { String($0.id) }
            try #require(store.products.contains { $0.status == .publish && !$0.hasReadableName })
            let woo = Self.caller(gateway)
            for (offset, limit) in [(0, 10), (45, 10), (49, 2), (100, 120), (published.count - 3, 10), (published.count + 10, 5)] {
                let ids = try await woo.ids("products", "offset=\(offset)&limit=\(limit)")
                #expect(ids == Array(published.dropFirst(offset).prefix(limit)), "offset \(offset), limit \(limit)")
            }
            let category = try #require(store.categories.first { category in store.categories.contains { $0.parent == category.id } })
            let inCategory = store.categoryAndDescendants(of: category.id)
            let expected = store.products.filter { $0.status == .publish && $0.hasReadableName && !inCategory.isDisjoint(with: $0.categoryIDs) }
                .sorted { $0.id < $1.id }.map { String($0.id) }
            let categoryIDs = try await woo.ids("products", "idCategory=\(category.id)&limit=250")
            #expect(categoryIDs == expected)
        }
    }

    @Test func pricesStockAndDrafts() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            let store = gateway.sandbox.wooCommerce.configuration.store
            let woo = Self.caller(gateway)
            let answer = try await woo.get("products", "limit=250")
            var sawSale = false
            var sawOutOfStock = false
            var sawBackorder = false
            for product in answer.json.arrayValue ?? [] {
                let source = try #require(store.product(id: Int(product["id"]?.stringValue ?? "") ?? -1))
                #expect(product["productUrl"]?.stringValue == source.permalink)
                #expect(product["available"]?.boolValue == (source.stockStatus != .outofstock))
                if source.onSale && !source.salePrice.isEmpty && !source.regularPrice.isEmpty {
                    sawSale = true
                    // WooCommerce writes prices as entered ("27.9"); the Desk shows two decimals.
                    #expect(product["priceCatalog"]?.stringValue == Self.euros(source.regularPrice))
                    #expect(product["pricePromotion"]?.stringValue == Self.euros(source.salePrice))
                } else {
                    #expect(product["pricePromotion"] == .null)
                }
                if source.stockStatus == .outofstock { sawOutOfStock = true }
                if source.stockStatus == .onbackorder { sawBackorder = true }
            }
            #expect(sawSale && sawOutOfStock && sawBackorder)
            let drafts = store.products.filter { $0.status != .publish }
            #expect(!drafts.isEmpty)
            let published = Set(store.products.filter { $0.status == .publish }.map { String($0.id) })
            for draft in drafts.prefix(8) {
                let word = draft.name.split(separator: " ").first.map(String.init) ?? draft.name
                let found = try await woo.ids("products", "searchQuery=\(word.urlQueryEncoded)&limit=250")
                #expect(found.allSatisfy(published.contains), "\(word)")
            }
            let unknown = try await woo.get("products", "idCategory=abc")
            #expect(unknown.status == 400 && unknown.json["parameter"] == "idCategory")
        }
    }
}

extension WooCommerceAdapterTests {
    static func euros(_ price: String) -> String {
        String(format: "%.2f €", Double(price) ?? -1)
    }
}

/// The `shopify-rest` adapter against the Shopify REST simulator: Link-header cursors followed as
/// given, the 40-request bucket, custom and smart collections.
@Suite struct ShopifyRESTAdapterTests {
    static func options(productsTTL: String = "60s") -> GatewayOptions {
        var options = GatewayOptions()
        options.otherTenants = { ports in
            """
              rest:
                websites: [ha-333]
                adapter: shopify-rest
                upstream: http://127.0.0.1:\(ports[0])
                credentials: { accessToken: shpat_demo_token }
                secret: rest-secret
                ttl: { products: \(productsTTL) }
            """
        }
        return options
    }

    static func caller(_ gateway: LiveGateway) -> TenantCaller {
        TenantCaller(gateway: gateway, tenant: "rest", website: "ha-333", secret: "rest-secret")
    }

    @Test func windowsFollowLinkHeaders() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            let active = gateway.catalog.activeProducts.map { String($0.id) }
            let rest = Self.caller(gateway)
            for (offset, limit) in [(0, 10), (45, 10), (49, 2), (120, 80), (active.count - 3, 10), (active.count + 1, 5)] {
                let ids = try await rest.ids("products", "offset=\(offset)&limit=\(limit)")
                #expect(ids == Array(active.dropFirst(offset).prefix(limit)), "offset \(offset), limit \(limit)")
            }
            let collection = try #require(gateway.catalog.collections.max { $0.productIDs.count < $1.productIDs.count })
            let members = Set(collection.productIDs)
            let expected = gateway.catalog.activeProducts.filter { members.contains($0.id) }.map { String($0.id) }
            let inCategory = try await rest.ids("products", "idCategory=\(collection.id)&limit=250")
            #expect(inCategory == expected)
        }
    }

    @Test func categoriesAreCustomAndSmartCollectionsWithCounts() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            let rest = Self.caller(gateway)
            let answer = try await rest.get("categories", "limit=250")
            let ids = answer.json.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(Set(ids) == Set(gateway.catalog.collections.map { String($0.id) }))
            for category in answer.json.arrayValue ?? [] {
                let source = try #require(gateway.catalog.collection(id: Int(category["id"]?.stringValue ?? "") ?? -1))
                let active = gateway.catalog.products(in: source).filter { $0.status == .active }.count
                #expect(category["productsCount"]?.intValue == active, "\(source.title)")
            }
        }
    }

    @Test func theCursorMemoWorksWithLinkHeaders() async throws {
        try await withLiveGateway(Self.options(productsTTL: "0s")) { gateway in
            let rest = Self.caller(gateway)
            let active = gateway.catalog.activeProducts.map { String($0.id) }
            let first = try await rest.ids("products", "offset=400&limit=20")
            #expect(first == Array(active.dropFirst(400).prefix(20)))
            let before = gateway.sandbox.shopifyREST.requestCount
            let again = try await rest.ids("products", "offset=400&limit=20")
            #expect(again == first)
            #expect(gateway.sandbox.shopifyREST.requestCount - before == 1)
        }
    }

    @Test func aFullBucketIsA503WithRetryAfter() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            gateway.sandbox.shopifyREST.setBucket(size: 40, leakRate: 0.001, used: 40)
            let answer = try await Self.caller(gateway).get("products", "searchQuery=mug")
            #expect(answer.status == 503)
            #expect(answer.json["error"] == "upstream_throttled")
            #expect(answer.headers.first(named: "Retry-After") == "2")
        }
    }
}
