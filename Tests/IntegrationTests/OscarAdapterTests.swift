import Foundation
import GatewayConfig
import Mapping
import Server
import Testing
import Upstream

/// The `oscar` adapter against a real django-oscar shop (django-oscar-api), started on loopback by
/// `scripts/oscar/serve.sh`: the same assertions as against the simulators.
@Suite(.serialized) struct OscarAdapterTests {
    /// One shop for the whole suite (a start takes a few seconds); it stops with the test process.
    static let shop = Task { try await OscarShop.start() }

    static func options(_ shop: OscarShop) -> GatewayOptions {
        var options = GatewayOptions()
        options.otherTenants = { _ in
            """
              shop:
                websites: [ha-555]
                adapter: oscar
                upstream: \(shop.baseURL)
                credentials: { username: \(shop.username), password: \(shop.password) }
                secret: shop-secret
            """
        }
        return options
    }

    static func get(_ gateway: LiveGateway, _ route: String, _ query: String) async throws -> LiveGateway.Answer {
        let full = "idWebsite=ha-555&\(query)"
        let signature = HTTPHeader(name: "x-iadvize-signature", value: SignatureCheck.sign(Array(full.utf8), secret: "shop-secret"))
        return try await gateway.send("GET", "/plugins/shop/\(route)?\(full)", headers: [signature])
    }

    static func ids(_ answer: LiveGateway.Answer) -> [String] {
        answer.json.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    @Test func topCategoriesAndChildrenWithTheirCounts() async throws {
        let shop = try await Self.shop.value
        try await withLiveGateway(Self.options(shop)) { gateway in
            let expected = shop.expected.categories
            let roots = try await Self.get(gateway, "categories", "limit=100")
            #expect(roots.status == 200, "\(roots.text)")
            #expect(PluginContractCheck.categories(roots.json).isEmpty)
            let publicRoots = expected.filter { $0.parentId == nil && $0.isPublic }
            #expect(Set(Self.ids(roots)) == Set(publicRoots.map { String($0.id) }))
            for category in roots.json.arrayValue ?? [] {
                let id = Int(category["id"]?.stringValue ?? "") ?? -1
                let source = try #require(expected.first { $0.id == id })
                #expect(category["label"]?.stringValue == source.name)
                #expect(category["productsCount"]?.intValue == source.allProductIds.count, "\(source.name)")
                #expect(category["idParent"] == .null)
            }
            // Children, two levels down, and a leaf.
            for parent in expected.filter({ !$0.childIds.isEmpty && $0.isPublic }).prefix(4) {
                let children = try await Self.get(gateway, "categories", "idParent=\(parent.id)&limit=100")
                #expect(children.status == 200)
                let publicChildren = parent.childIds.filter { child in expected.first { $0.id == child }?.isPublic == true }
                #expect(Set(Self.ids(children)) == Set(publicChildren.map(String.init)), "\(parent.breadcrumbs)")
                #expect(children.json.arrayValue?.allSatisfy { $0["idParent"]?.stringValue == String(parent.id) } == true)
            }
            let leaf = try #require(expected.first { $0.childIds.isEmpty && $0.isPublic })
            #expect(try await Self.get(gateway, "categories", "idParent=\(leaf.id)").json == [])
            // A parent deleted since the Desk listed it has no children; an id no shop has is a 400.
            let unknown = try await Self.get(gateway, "categories", "idParent=99999")
            #expect(unknown.status == 200 && unknown.json == [], "\(unknown.text)")
            let misses = try #require(try await Self.upstreamMisses(gateway))
            let impossible = try await Self.get(gateway, "categories", "idParent=..%2F..%2Fadmin")
            #expect(impossible.status == 400 && impossible.json["parameter"] == "idParent", "\(impossible.text)")
            #expect(try await Self.upstreamMisses(gateway) == misses)
        }
    }

    @Test func everyWindowOfPublicProducts() async throws {
        let shop = try await Self.shop.value
        try await withLiveGateway(Self.options(shop)) { gateway in
            let order = shop.expected.products.map { String($0.id) }
            for (offset, limit) in [(0, 10), (45, 10), (48, 5), (100, 50), (order.count - 4, 10), (order.count, 10), (order.count + 60, 5)] {
                let answer = try await Self.get(gateway, "products", "offset=\(offset)&limit=\(limit)")
                #expect(answer.status == 200, "\(answer.text)")
                #expect(Self.ids(answer) == Array(order.dropFirst(offset).prefix(limit)), "offset \(offset), limit \(limit)")
            }
        }
    }

    @Test func productsAreEnrichedWithPriceAvailabilityAndDetails() async throws {
        let shop = try await Self.shop.value
        try await withLiveGateway(Self.options(shop)) { gateway in
            let started = ContinuousClock.now
            let answer = try await Self.get(gateway, "products", "limit=60")
            print("oscar: 60 products with 180 enrichment calls in \(ContinuousClock.now - started)")
            #expect(answer.status == 200, "\(answer.text)")
            #expect(PluginContractCheck.products(answer.json).isEmpty)
            var sawNoPrice = false
            var sawUnavailable = false
            var sawImage = false
            for product in answer.json.arrayValue ?? [] {
                let source = try #require(shop.expected.product(id: Int(product["id"]?.stringValue ?? "") ?? -1))
                #expect(product["title"]?.stringValue == String(source.title.unicodeScalars.prefix(1024)))
                #expect(product["available"]?.boolValue == source.availability.isAvailableToBuy)
                #expect(product["reference"] == (source.upc.isEmpty ? .null : .string(source.upc)), "no UPC is a null reference")
                #expect(product["productUrl"]?.stringValue == "\(shop.baseURL)/catalogue/_\(source.id)/")
                if let price = source.price {
                    #expect(product["priceCatalog"]?.stringValue == "\(price.inclTax) €")
                } else {
                    sawNoPrice = true
                    #expect(product["priceCatalog"]?.stringValue == "")
                }
                if let image = source.images.first {
                    sawImage = true
                    #expect(product["imageUrl"]?.stringValue == shop.baseURL + image)
                }
                if !source.availability.isAvailableToBuy { sawUnavailable = true }
                let description = product["description"]?.stringValue ?? ""
                #expect(!description.contains("<"), "HTML must be stripped: \(description)")
            }
            #expect(sawNoPrice && sawUnavailable && sawImage)

            // A second identical call is served from the cache: no call reaches the shop. The first
            // one reached it, so the metric line exists and counts it.
            let before = try #require(try await Self.upstreamMisses(gateway), "no upstream miss metric for the shop tenant")
            #expect(before > 0)
            _ = try await Self.get(gateway, "products", "limit=60")
            #expect(try await Self.upstreamMisses(gateway) == before)
        }
    }

    @Test func categoryAndSearchFilters() async throws {
        let shop = try await Self.shop.value
        try await withLiveGateway(Self.options(shop)) { gateway in
            let expected = shop.expected
            let category = try #require(expected.categories.filter(\.isPublic).max { $0.allProductIds.count < $1.allProductIds.count })
            let inCategory = try await Self.get(gateway, "products", "idCategory=\(category.id)&limit=250")
            #expect(Self.ids(inCategory) == category.allProductIds.map(String.init))
            let word = try #require(expected.products.first?.title.split(separator: " ").first.map(String.init))
            let found = try await Self.get(gateway, "products", "searchQuery=\(word.urlQueryEncoded)&limit=250")
            let matching = expected.products.filter { $0.title.lowercased().contains(word.lowercased()) || $0.upc.contains(word) }
            #expect(Self.ids(found) == matching.map { String($0.id) })
            let misses = try #require(try await Self.upstreamMisses(gateway))
            let impossible = try await Self.get(gateway, "products", "idCategory=1%20OR%201")
            #expect(impossible.status == 400 && impossible.json["parameter"] == "idCategory", "\(impossible.text)")
            #expect(try await Self.upstreamMisses(gateway) == misses)
            // A category deleted since the Desk listed it has no products.
            let unknown = try await Self.get(gateway, "products", "idCategory=99999")
            #expect(unknown.status == 200 && unknown.json == [], "\(unknown.text)")
        }
    }

    @Test func hiddenProductsNeverShow() async throws {
        let shop = try await Self.shop.value
        try await withLiveGateway(Self.options(shop)) { gateway in
            let hidden = Set(shop.expected.hiddenProducts.map { String($0.id) })
            try #require(!hidden.isEmpty, "the fixture shop must hold hidden products for this test to mean anything")
            // The whole catalog: exactly the public products, none of the hidden ones.
            let everything = try await Self.get(gateway, "products", "limit=250")
            #expect(everything.status == 200, "\(everything.text)")
            #expect(Self.ids(everything) == Array(shop.expected.products.map { String($0.id) }.prefix(250)))
            var queries = ["limit=250", "offset=100&limit=100"]
            queries += shop.expected.hiddenProducts.map {
                "searchQuery=\($0.title.split(separator: " ").first.map(String.init)?.urlQueryEncoded ?? "")&limit=250"
            }
            queries += shop.expected.hiddenProducts.flatMap { $0.categoryIds }.map { "idCategory=\($0)&limit=250" }
            for query in queries {
                let answer = try await Self.get(gateway, "products", query)
                #expect(answer.status == 200)
                #expect(Self.ids(answer).allSatisfy { !hidden.contains($0) }, "\(query)")
            }
        }
    }

    /// The shop tenant's upstream misses from `/metrics`; nil when the metric line is missing or
    /// unreadable (a renamed metric must fail the test, not read as zero).
    static func upstreamMisses(_ gateway: LiveGateway) async throws -> Int? {
        let metrics = try await gateway.send(
            "GET", "/metrics", headers: [HTTPHeader(name: "Authorization", value: "Bearer \(LiveGateway.adminToken)")])
        let line = metrics.text.split(separator: "\n").first { $0.hasPrefix(#"deskbridge_upstream_calls_total{tenant="shop",outcome="miss"} "#) }
        return line.flatMap { Int($0.split(separator: " ").last ?? "") }
    }
}
