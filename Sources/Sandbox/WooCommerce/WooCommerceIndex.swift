import Foundation

/// The filters of `GET products`, read and validated from the query.
struct WooProductQuery {
    var statuses: Set<WooProductStatus>
    var categories: Set<Int>?
    var tags: Set<Int>?
    var searchTerms: [String] = []
    var excludedTerms: [String] = []
    var skus: Set<String>?
    var include: [Int]?
    var exclude: Set<Int> = []
    var stockStatus: WooStockStatus?
    var onSale: Bool?
    var featured: Bool?
    var type: String?
    var slug: String?
    var minimumCents: Int?
    var maximumCents: Int?
    var orderby: String
    var ascending: Bool

    init(parameters: inout WooCommerceParameters) {
        let status = parameters.choice("status", ["any", "future", "trash", "draft", "pending", "private", "publish"], default: "any")
        switch status {
        case "any": statuses = Set(WooProductStatus.allCases)
        case "future", "trash": statuses = []
        default: statuses = WooProductStatus(rawValue: status).map { [$0] } ?? []
        }
        orderby = parameters.choice(
            "orderby", ["date", "modified", "id", "include", "title", "slug", "price", "popularity", "rating", "menu_order"], default: "date"
        )
        ascending = parameters.choice("order", ["asc", "desc"], default: "desc") == "asc"
        if let text = parameters.string("category") {
            // A comma list of ids; anything else matches nothing (WordPress ignores bad terms).
            categories = Set(text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) })
        }
        if let text = parameters.string("tag") {
            tags = Set(text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) })
        }
        if let search = parameters.string("search") {
            for word in search.split(whereSeparator: \.isWhitespace) {
                if word.hasPrefix("-"), word.count > 1 {
                    excludedTerms.append(TextFolding.fold(String(word.dropFirst())))
                } else {
                    searchTerms.append(TextFolding.fold(String(word)))
                }
            }
        }
        if let text = parameters.string("sku") { skus = Set(text.split(separator: ",").map { String($0) }) }
        include = parameters.integers("include")
        exclude = Set(parameters.integers("exclude") ?? [])
        let stock = parameters.choice("stock_status", ["", "instock", "outofstock", "onbackorder"], default: "")
        stockStatus = WooStockStatus(rawValue: stock)
        onSale = parameters.boolean("on_sale")
        featured = parameters.boolean("featured")
        let type = parameters.choice("type", ["", "simple", "grouped", "external", "variable"], default: "")
        self.type = type.isEmpty ? nil : type
        slug = parameters.string("slug")
        minimumCents = parameters.string("min_price").flatMap(Double.init).map { Int(($0 * 100).rounded()) }
        maximumCents = parameters.string("max_price").flatMap(Double.init).map { Int(($0 * 100).rounded()) }
    }
}

/// The store with what `GET products` needs precomputed: folded search texts and category
/// subtrees. Immutable, hence shared by concurrent requests.
struct WooCommerceIndex: Sendable {
    let store: WooCommerceStore
    private let productIndexByID: [Int: Int]
    /// Folded title, short description and description (raw HTML, as SQL `LIKE` sees it).
    private let searchTexts: [[String]]
    private let payingCustomers: Set<Int>
    private let foldedNames: [Int: String]

    init(store: WooCommerceStore) {
        self.store = store
        var productIndexByID: [Int: Int] = [:]
        for (index, product) in store.products.enumerated() { productIndexByID[product.id] = index }
        self.productIndexByID = productIndexByID
        searchTexts = store.products.map { [$0.name, $0.shortDescription, $0.description].map(TextFolding.fold) }
        foldedNames = Dictionary(store.products.map { ($0.id, TextFolding.fold($0.name)) }, uniquingKeysWith: { first, _ in first })
        payingCustomers = Set(store.orders.filter { ["completed", "processing"].contains($0.status) }.map(\.customerID))
    }

    func product(id: Int) -> WooProduct? {
        productIndexByID[id].map { store.products[$0] }
    }

    func isPaying(_ customerID: Int) -> Bool {
        payingCustomers.contains(customerID)
    }

    func products(matching query: WooProductQuery) -> [WooProduct] {
        let categoryTree = query.categories.map { ids in ids.reduce(into: Set<Int>()) { $0.formUnion(store.categoryAndDescendants(of: $1)) } }
        var result: [WooProduct] = []
        for (index, product) in store.products.enumerated() {
            guard query.statuses.contains(product.status) else { continue }
            if let categoryTree, !product.categoryIDs.contains(where: categoryTree.contains) { continue }
            if let tags = query.tags, !product.tags.contains(where: { tags.contains($0.id) }) { continue }
            let texts = searchTexts[index]
            if !query.searchTerms.allSatisfy({ term in texts.contains { $0.contains(term) } }) { continue }
            if query.excludedTerms.contains(where: { term in texts.contains { $0.contains(term) } }) { continue }
            if let skus = query.skus, !skus.contains(product.sku) { continue }
            if let include = query.include, !include.contains(product.id) { continue }
            if query.exclude.contains(product.id) { continue }
            if let stockStatus = query.stockStatus, product.stockStatus != stockStatus { continue }
            if let onSale = query.onSale, product.onSale != onSale { continue }
            if let featured = query.featured, product.featured != featured { continue }
            if let type = query.type, product.type != type { continue }
            if let slug = query.slug, product.slug != slug { continue }
            if let minimum = query.minimumCents, product.priceCents < minimum { continue }
            if let maximum = query.maximumCents, product.priceCents > maximum { continue }
            result.append(product)
        }
        let include = query.include ?? []
        func precedes(_ a: WooProduct, _ b: WooProduct) -> Bool {
            switch query.orderby {
            case "id": return a.id < b.id
            case "include": return (include.firstIndex(of: a.id) ?? 0, a.id) < (include.firstIndex(of: b.id) ?? 0, b.id)
            case "modified": return (a.dateModified, a.id) < (b.dateModified, b.id)
            case "title": return (foldedNames[a.id] ?? "", a.id) < (foldedNames[b.id] ?? "", b.id)
            case "slug": return (a.slug, a.id) < (b.slug, b.id)
            case "price": return (a.priceCents, a.id) < (b.priceCents, b.id)
            case "popularity": return (a.totalSales, a.id) < (b.totalSales, b.id)
            case "rating": return (a.averageRating, a.id) < (b.averageRating, b.id)
            case "menu_order": return (a.menuOrder, foldedNames[a.id] ?? "", a.id) < (b.menuOrder, foldedNames[b.id] ?? "", b.id)
            default: return (a.dateCreated, a.id) < (b.dateCreated, b.id)
            }
        }
        result.sort { query.ascending ? precedes($0, $1) : precedes($1, $0) }
        return result
    }
}
