import Mapping
import Sandbox
import Testing

/// The product list plugin end to end: the gateway against the Shopify simulator over real sockets.
@Suite struct ProductListTests {
    @Test func healthAnswersUp() async throws {
        try await withLiveGateway { gateway in
            let answer = try await gateway.get("/health")
            #expect(answer.status == 200)
            #expect(answer.json == ["status": "UP"])
        }
    }

    @Test func categoriesAreTheShopsCollections() async throws {
        try await withLiveGateway { gateway in
            let answer = try await gateway.get("/plugins/demo/categories?idWebsite=ha-123&limit=250")
            #expect(answer.status == 200, "\(answer.text)")
            #expect(PluginContractCheck.categories(answer.json).isEmpty)
            let categories = try #require(answer.json.arrayValue)
            // Every collection, in Shopify's title order (accent- and case-insensitive), with the count
            // of what its product list shows: active products only, never drafts or archived ones.
            #expect(categories.count == gateway.catalog.collections.count)
            var countsLeavingOutDrafts = 0
            for collection in gateway.catalog.collections {
                let category = categories.first { $0["id"]?.stringValue == String(collection.id) }
                #expect(category?["label"]?.stringValue == collection.title)
                let active = gateway.catalog.products(in: collection).filter { $0.status == .active }.count
                #expect(category?["productsCount"]?.intValue == active, "\(collection.title)")
                if active < collection.productIDs.count { countsLeavingOutDrafts += 1 }
            }
            #expect(countsLeavingOutDrafts > 0, "the demo shop's collections must hold drafts for the counts to mean anything")
            #expect(categories.allSatisfy { $0["idParent"] == .null })
            let labels = categories.compactMap { $0["label"]?.stringValue }
            #expect(labels.first == "Accessoires" && labels.last == "日本の茶器")
            #expect(labels.firstIndex(of: "Été 2025")! < labels.firstIndex(of: "Femme")!)

            let window = try await gateway.get("/plugins/demo/categories?idWebsite=ha-123&limit=5&offset=5")
            #expect(window.json.arrayValue == Array(categories[5..<10]))

            // Collections are flat: sub-categories are an empty list, without an upstream call.
            let before = gateway.shopify.requestCount
            let children = try await gateway.get("/plugins/demo/categories?idWebsite=ha-123&idParent=410000000001")
            #expect(children.status == 200)
            #expect(children.json == [])
            #expect(gateway.shopify.requestCount == before)
        }
    }

    @Test func everyWindowIsTheSameSliceOfTheActiveCatalog() async throws {
        try await withLiveGateway { gateway in
            let active = gateway.catalog.activeProducts.map { String($0.id) }
            #expect(active.count > 400)
            let windows = [
                (0, 10), (0, 50), (45, 10), (49, 2), (50, 50), (95, 30), (0, 250), (250, 250), (137, 1), (399, 3),
                (active.count - 3, 10), (active.count, 10), (active.count + 5, 10), (12, 0),
            ]
            for (offset, limit) in windows {
                let ids = try await gateway.productIDs("offset=\(offset)&limit=\(limit)")
                let expected = Array(active.dropFirst(offset).prefix(limit))
                #expect(ids == expected, "offset \(offset), limit \(limit)")
            }
        }
    }

    @Test func productsAreMappedAsTheContractWants() async throws {
        try await withLiveGateway { gateway in
            let catalog = gateway.catalog
            let answer = try await gateway.get("/plugins/demo/products?idWebsite=ha-123&limit=250")
            let products = try #require(answer.json.arrayValue)
            let byID = Dictionary(uniqueKeysWithValues: products.compactMap { product in product["id"]?.stringValue.map { ($0, product) } })
            var checkedSale = false
            var checkedNoImage = false
            var checkedSoldOut = false
            for source in catalog.activeProducts.prefix(250) {
                let product = try #require(byID[String(source.id)])
                let variant = try #require(source.variants.first)
                #expect(product["title"]?.stringValue == source.title)
                #expect(product["brand"]?.stringValue == source.vendor)
                #expect(product["productUrl"]?.stringValue == source.onlineStoreUrl ?? "https://demo-shop.example/products/\(source.handle)")
                // No SKU (nil or "") is a null reference, as in the seed's own example.
                #expect(product["reference"] == (variant.sku.flatMap { $0.isEmpty ? nil : JSON.string($0) } ?? .null))
                #expect(product["imageUrl"]?.stringValue == source.featuredImage?.url ?? "")
                #expect(product["available"]?.boolValue == !source.isSoldOut)
                if variant.isOnSale {
                    checkedSale = true
                    #expect(product["priceCatalog"]?.stringValue == "\(variant.compareAtPrice!.moneyString) €")
                    #expect(product["pricePromotion"]?.stringValue == "\(variant.price.moneyString) €")
                } else {
                    #expect(product["priceCatalog"]?.stringValue == "\(variant.price.moneyString) €")
                    #expect(product["pricePromotion"] == .null)
                }
                if source.featuredImage == nil { checkedNoImage = true }
                if source.isSoldOut { checkedSoldOut = true }
            }
            #expect(checkedSale && checkedNoImage && checkedSoldOut, "the demo catalog covers sales, missing images and sold-out products")
        }
    }

    @Test func pricesFollowTheTenantsLocale() async throws {
        var options = GatewayOptions()
        options.locale = "fr"
        try await withLiveGateway(options) { gateway in
            let answer = try await gateway.get("/plugins/demo/products?idWebsite=ha-123&limit=50")
            let prices = answer.json.arrayValue?.compactMap { $0["priceCatalog"]?.stringValue } ?? []
            #expect(!prices.isEmpty)
            // French conventions: a decimal comma, a space before the symbol.
            #expect(prices.allSatisfy { $0.hasSuffix(" €") && $0.contains(",") && !$0.contains(".") }, "\(prices)")
        }
    }

    @Test func aCategoryListsItsActiveProductsInCollectionOrder() async throws {
        try await withLiveGateway { gateway in
            let catalog = gateway.catalog
            // The collection with the most products, drafts included, to cross page boundaries.
            let collection = try #require(catalog.collections.max { $0.productIDs.count < $1.productIDs.count })
            let members = catalog.products(in: collection)
            #expect(members.contains { $0.status != .active }, "the test needs a collection holding drafts")
            let expected = members.filter { $0.status == .active }.map { String($0.id) }
            for (offset, limit) in [(0, 10), (0, 250), (8, 50), (expected.count - 2, 5)] {
                let ids = try await gateway.productIDs("idCategory=\(collection.id)&offset=\(offset)&limit=\(limit)")
                #expect(ids == Array(expected.dropFirst(offset).prefix(limit)), "offset \(offset), limit \(limit)")
            }
            // A collection deleted since the Desk listed it has no products (not an error).
            let unknown = try await gateway.get("/plugins/demo/products?idWebsite=ha-123&idCategory=999999")
            #expect(unknown.status == 200)
            #expect(unknown.json == [])
        }
    }

    @Test func searchFindsActiveProductsOnly() async throws {
        try await withLiveGateway { gateway in
            let catalog = gateway.catalog
            let activeIDs = Set(catalog.activeProducts.map { String($0.id) })
            let vendor = try #require(catalog.activeProducts.first?.vendor)
            let word = try #require(vendor.split(separator: " ").first.map(String.init))
            let ids = try await gateway.productIDs("searchQuery=\(word.urlQueryEncoded)&limit=250")
            #expect(!ids.isEmpty)
            #expect(ids.allSatisfy(activeIDs.contains))

            // A search inside a category stays inside it.
            let collection = try #require(catalog.collections.max { $0.productIDs.count < $1.productIDs.count })
            let inside = Set(collection.productIDs.map { String($0) })
            let title = try #require(catalog.products(in: collection).first { $0.status == .active }?.title)
            let term = try #require(title.split(separator: " ").first.map(String.init))
            let found = try await gateway.productIDs("idCategory=\(collection.id)&searchQuery=\(term.urlQueryEncoded)&limit=250")
            #expect(!found.isEmpty)
            #expect(found.allSatisfy { inside.contains($0) && activeIDs.contains($0) }, "\(term) in \(collection.id): \(found)")
        }
    }

    @Test func noSearchTextRevealsDrafts() async throws {
        try await withLiveGateway { gateway in
            let catalog = gateway.catalog
            let activeIDs = Set(catalog.activeProducts.map { String($0.id) })
            let hidden = catalog.products.filter { $0.status != .active }
            #expect(hidden.count > 20)
            var attacks = [
                "x OR status:draft", "status:draft", "status:archived", ") OR (status:draft", "\" OR status:draft OR \"",
                "*", "-status:active", "NOT status:active", "\\", "status:active,draft", "title:*", "(status:draft)",
                "\"\" OR status:draft", "x\" OR \"status:draft",
            ]
            attacks += hidden.prefix(10).map(\.title)
            for attack in attacks {
                let ids = try await gateway.productIDs("searchQuery=\(attack.urlQueryEncoded)&limit=250")
                #expect(ids.allSatisfy(activeIDs.contains), "search \(attack) revealed a draft or archived product")
            }
        }
    }

    @Test func aThrottledShopIsA503NotAnEmptyList() async throws {
        try await withLiveGateway { gateway in
            gateway.shopify.setBucket(size: nil, restoreRate: 0.001, currentlyAvailable: 0)
            let answer = try await gateway.get("/plugins/demo/products?idWebsite=ha-123&searchQuery=mug")
            #expect(answer.status == 503)
            #expect(answer.json["error"] == "upstream_throttled")
            #expect(answer.json["message"]?.stringValue?.contains("throttling") == true)
        }
    }

    @Test func theCursorMemoAvoidsWalkingAgain() async throws {
        // With the response cache off, only the memo can save upstream calls.
        var options = GatewayOptions()
        options.productsTTL = "0s"
        try await withLiveGateway(options) { gateway in
            let active = gateway.catalog.activeProducts.map { String($0.id) }
            _ = try await gateway.productIDs("limit=1")  // loads the shop context (cached for an hour)

            // Paging forward 20 at a time from 0 to 400: only the pages each window touches.
            var start = gateway.shopify.requestCount
            for offset in stride(from: 0, through: 400, by: 20) {
                let ids = try await gateway.productIDs("offset=\(offset)&limit=20")
                #expect(ids == Array(active.dropFirst(offset).prefix(20)))
                let calls = gateway.shopify.requestCount - start
                let pages = Set([offset / 50, (offset + 19) / 50]).count
                #expect(calls == pages, "offset \(offset): \(calls) upstream calls for \(pages) page(s)")
                start = gateway.shopify.requestCount
            }
            // Coming back to offset 400 costs one call, not a walk from the first page.
            _ = try await gateway.productIDs("offset=400&limit=20")
            #expect(gateway.shopify.requestCount - start == 1)
        }
    }

    @Test func concurrentIdenticalCallsShareUpstreamCalls() async throws {
        try await withLiveGateway { gateway in
            _ = try await gateway.productIDs("limit=1")
            let before = gateway.shopify.requestCount
            try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<50 { group.addTask { try await gateway.productIDs("searchQuery=tea&limit=10") } }
                var answers: [[String]] = []
                for try await ids in group { answers.append(ids) }
                #expect(Set(answers).count == 1)
            }
            #expect(gateway.shopify.requestCount - before == 1)
        }
    }
}

extension String {
    /// Percent-encoded for a query value (RFC 3986 unreserved characters kept).
    var urlQueryEncoded: String {
        var result = ""
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded
            }
        }
        return result
    }

    fileprivate var leftPadded: String { count == 1 ? "0" + self : self }
}
