import Foundation
import Mapping
import Sandbox
import Testing

/// What the Desk shows is the shop's truth: every category and the whole active catalog, read
/// through the plugin routes in windows of several sizes, compared field by field with the
/// simulator's own records (never with the adapter's mapping of them).
@Suite struct CatalogConformanceTests {
    /// A product as the shop's records say the Desk must show it.
    struct ExpectedProduct: Sendable {
        var id: String
        var title: String
        var productUrl: String
        var imageUrl: String?
        var reference: String?
        /// Nil when the shop has no price for it.
        var priceCatalog: String?
        var pricePromotion: String?
        var available: Bool
    }

    /// A category as the shop's records say it, with the products its list must show, in order.
    struct ExpectedCategory: Sendable {
        var id: String
        var label: String
        var idParent: String?
        var productsCount: Int
        var products: [String]
    }

    struct Expected: Sendable {
        var products: [ExpectedProduct]
        /// Categories by parent (nil: the top level), each list in the order the shop lists them
        /// when `ordered`, else compared as a set.
        var categories: [ExpectedCategory]
        var categoriesOrdered: Bool
        /// The shop's catalog spans several windows of 250, and sells some products on sale.
        var isLarge = true
    }

    static let windowSizes = [1, 7, 50, 250]

    // MARK: The four adapters

    @Test func shopifyGraphQL() async throws {
        try await withLiveGateway { gateway in
            let caller = TenantCaller(gateway: gateway, tenant: "demo", website: "ha-123", secret: LiveGateway.secret)
            try await Self.check(caller, against: Self.shopify(gateway.catalog, urls: .graphQL))
        }
    }

    @Test func shopifyREST() async throws {
        try await withLiveGateway(ShopifyRESTAdapterTests.options()) { gateway in
            try await Self.check(ShopifyRESTAdapterTests.caller(gateway), against: Self.shopify(gateway.catalog, urls: .rest))
        }
    }

    @Test func wooCommerce() async throws {
        try await withLiveGateway(WooCommerceAdapterTests.options()) { gateway in
            try await Self.check(WooCommerceAdapterTests.caller(gateway), against: Self.wooCommerce(gateway.sandbox.wooCommerce.configuration.store))
        }
    }

    @Test func djangoOscar() async throws {
        let shop = try await OscarAdapterTests.shop.value
        try await withLiveGateway(OscarAdapterTests.options(shop)) { gateway in
            let caller = TenantCaller(gateway: gateway, tenant: "shop", website: "ha-555", secret: "shop-secret")
            try await Self.check(caller, against: Self.oscar(shop))
        }
    }

    // MARK: Ground truth from the shops' records

    enum ShopifyURLs { case graphQL, rest }

    static func shopify(_ catalog: ShopifyCatalog, urls: ShopifyURLs) -> Expected {
        func euros(_ money: ShopifyMoney) -> String { "\(money.moneyString) €" }
        let products = catalog.activeProducts.map { product in
            let variant = product.variants.first
            let onSale = variant?.isOnSale ?? false
            let url =
                switch urls {
                case .graphQL: product.onlineStoreUrl ?? "\(catalog.shop.primaryDomainURL)/products/\(product.handle)"
                case .rest: "https://\(catalog.shop.primaryDomainHost)/products/\(product.handle)"
                }
            return ExpectedProduct(
                id: String(product.id), title: product.title, productUrl: url, imageUrl: product.featuredImage?.url,
                reference: variant?.sku, priceCatalog: euros(onSale ? variant!.compareAtPrice! : variant?.price ?? ShopifyMoney(cents: 0)),
                pricePromotion: onSale ? variant.map { euros($0.price) } : nil, available: !product.isSoldOut)
        }
        let categories = catalog.collections.map { collection in
            var members = catalog.products(in: collection).filter { $0.status == .active }
            // REST filters products.json by collection and keeps its own order, by id; GraphQL walks
            // the collection in the merchant's order.
            if urls == .rest { members.sort { $0.id < $1.id } }
            let active = members.map { String($0.id) }
            return ExpectedCategory(id: String(collection.id), label: collection.title, idParent: nil, productsCount: active.count, products: active)
        }
        return Expected(products: products, categories: categories, categoriesOrdered: false)
    }

    static func wooCommerce(_ store: WooCommerceStore) -> Expected {
        func euros(_ price: String) -> String { String(format: "%.2f €", Double(price) ?? -1) }
        let published = store.products.filter { $0.status == .publish }.sorted { $0.id < $1.id }
        let products = published.filter(\.hasReadableName).map { product in
            let onSale = product.onSale && !product.salePrice.isEmpty && !product.regularPrice.isEmpty
            return ExpectedProduct(
                id: String(product.id), title: HTMLText.plainText(fromHTML: product.name), productUrl: product.permalink,
                imageUrl: product.images.first?.src, reference: product.sku.isEmpty ? nil : product.sku,
                priceCatalog: euros(onSale ? product.regularPrice : product.price), pricePromotion: onSale ? euros(product.salePrice) : nil,
                available: product.stockStatus != .outofstock)
        }
        let categories = store.categories.map { category in
            // A category's list holds its sub-categories' products; its count is the shop's total
            // of published products there (WooCommerce cannot count only the named ones).
            let subtree = store.categoryAndDescendants(of: category.id)
            let inside = published.filter { !subtree.isDisjoint(with: $0.categoryIDs) }
            return ExpectedCategory(
                id: String(category.id), label: HTMLText.plainText(fromHTML: category.name),
                idParent: category.parent == 0 ? nil : String(category.parent), productsCount: inside.count,
                products: inside.filter(\.hasReadableName).map { String($0.id) })
        }
        return Expected(products: products, categories: categories, categoriesOrdered: false)
    }

    /// The real shop's records, as its setup wrote them next to its database.
    static func oscar(_ shop: OscarShop) -> Expected {
        let expected = shop.expected
        let products = expected.products.map { product in
            ExpectedProduct(
                id: String(product.id), title: String(product.title.unicodeScalars.prefix(1024)),
                productUrl: "\(shop.baseURL)/catalogue/_\(product.id)/", imageUrl: product.images.first.map { shop.baseURL + $0 },
                reference: product.upc.isEmpty ? nil : product.upc, priceCatalog: product.price.map { "\($0.inclTax) €" },
                pricePromotion: nil, available: product.availability.isAvailableToBuy)
        }
        // Only categories whose every ancestor is public can be reached.
        func reachable(_ category: OscarExpectedCatalog.Category) -> Bool {
            guard category.isPublic else { return false }
            guard let parent = category.parentId else { return true }
            return expected.categories.first { $0.id == parent }.map(reachable) ?? false
        }
        let categories = expected.categories.filter(reachable).map { category in
            ExpectedCategory(
                id: String(category.id), label: category.name, idParent: category.parentId.map(String.init),
                productsCount: category.allProductIds.count, products: category.allProductIds.map(String.init))
        }
        var result = Expected(products: products, categories: categories, categoriesOrdered: false)
        result.isLarge = false
        return result
    }

    // MARK: The check

    static func check(_ caller: TenantCaller, against expected: Expected) async throws {
        try #require(expected.products.count > (expected.isLarge ? 250 : 50), "the shop must hold several windows' worth of products")
        try #require(expected.products.contains { !$0.available })
        if expected.isLarge { try #require(expected.products.contains { $0.pricePromotion != nil }) }

        // The whole active catalog, in every window size, in the shop's order.
        let ids = expected.products.map(\.id)
        var byID: [String: ExpectedProduct] = [:]
        for product in expected.products { byID[product.id] = product }
        for limit in windowSizes {
            let read = try await readAll(caller, "products", "", limit: limit)
            #expect(read.map { $0["id"]?.stringValue ?? "?" } == ids, "products in windows of \(limit)")
            if limit == 50 {
                for product in read {
                    if let truth = byID[product["id"]?.stringValue ?? ""] { compare(product, truth) }
                }
            }
        }
        // Windows that do not line up with anything.
        for (offset, limit) in [(3, 7), (49, 2), (101, 50), (ids.count - 5, 250), (ids.count, 7), (ids.count + 40, 1)] {
            let window = try await caller.ids("products", "offset=\(offset)&limit=\(limit)")
            #expect(window == Array(ids.dropFirst(offset).prefix(limit)), "offset \(offset), limit \(limit)")
        }

        // Every category, level by level, with its count and its own product list.
        var parents: [String?] = [nil]
        var seen: [String] = []
        while let parent = parents.popLast() {
            let level = expected.categories.filter { $0.idParent == parent }
            let query = parent.map { "idParent=\($0)" } ?? ""
            let whole = try await readAll(caller, "categories", query, limit: 250)
            for limit in [1, 7] {
                let read = try await readAll(caller, "categories", query, limit: limit)
                #expect(
                    read.map { $0["id"]?.stringValue } == whole.map { $0["id"]?.stringValue },
                    "categories of \(parent ?? "top") in windows of \(limit)")
            }
            #expect(Set(whole.compactMap { $0["id"]?.stringValue }) == Set(level.map(\.id)), "categories of \(parent ?? "top")")
            for category in whole {
                guard let truth = level.first(where: { $0.id == category["id"]?.stringValue }) else { continue }
                seen.append(truth.id)
                #expect(category["label"]?.stringValue == truth.label, "\(truth.id)")
                #expect(category["idParent"]?.stringValue == truth.idParent, "\(truth.id)")
                #expect(category["productsCount"]?.intValue == truth.productsCount, "\(truth.label): productsCount")
                let listed = try await readAll(caller, "products", "idCategory=\(truth.id)", limit: 50)
                #expect(listed.map { $0["id"]?.stringValue ?? "?" } == truth.products, "\(truth.label): products")
                parents.append(truth.id)
            }
        }
        #expect(Set(seen) == Set(expected.categories.map(\.id)), "every category is reachable from the top")
        // A large category in small windows too.
        if let largest = expected.categories.max(by: { $0.products.count < $1.products.count }) {
            let read = try await readAll(caller, "products", "idCategory=\(largest.id)", limit: 7)
            #expect(read.map { $0["id"]?.stringValue ?? "?" } == largest.products, "\(largest.label) in windows of 7")
        }
    }

    static func compare(_ product: JSON, _ truth: ExpectedProduct) {
        let id = truth.id
        #expect(product["title"]?.stringValue == truth.title, "\(id): title")
        #expect(product["productUrl"]?.stringValue == truth.productUrl, "\(id): productUrl")
        #expect(product["available"]?.boolValue == truth.available, "\(id): available")
        #expect(blankIfMissing(product["priceCatalog"]) == (truth.priceCatalog ?? ""), "\(id): priceCatalog")
        #expect(product["pricePromotion"]?.stringValue == truth.pricePromotion, "\(id): pricePromotion")
        // Missing values: null or "" (what the contract writes for a missing required field).
        #expect(blankIfMissing(product["imageUrl"]) == (truth.imageUrl ?? ""), "\(id): imageUrl")
        #expect(blankIfMissing(product["reference"]) == (truth.reference ?? ""), "\(id): reference")
    }

    static func blankIfMissing(_ value: JSON?) -> String? {
        switch value {
        case nil, .null?: ""
        default: value?.stringValue
        }
    }

    /// Every item of a list, read in windows of `limit` until a short page says it ended; each
    /// page must pass the contract check.
    static func readAll(_ caller: TenantCaller, _ route: String, _ query: String, limit: Int) async throws -> [JSON] {
        var read: [JSON] = []
        var offset = 0
        var count = 0
        repeat {
            let prefix = query.isEmpty ? "" : "\(query)&"
            let answer = try await caller.get(route, "\(prefix)offset=\(offset)&limit=\(limit)")
            try #require(answer.status == 200, "\(route)?\(query) offset \(offset): \(answer.status) \(answer.text)")
            let page = answer.json.arrayValue ?? []
            read += page
            count = page.count
            offset += limit
        } while count == limit && offset < 10_000
        return read
    }
}
