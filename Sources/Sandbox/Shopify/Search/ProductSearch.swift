import Foundation

/// The searchable form of a product, folded once when the simulator starts.
struct ProductSearchDocument: Sendable {
    let id: Int
    let titleWords: [String]
    let vendor: String
    let productType: String
    let tags: [String]
    let handle: String
    let skus: [String]
    let status: String
    let createdAt: String
    let updatedAt: String
    let totalInventory: Int
    let isPublished: Bool
    /// Collections holding the product (`collection_id:` searches).
    let collectionIDs: Set<Int>
    /// Word lists that free text searches: title, vendor, product type, each tag, handle, each SKU.
    let otherTextWords: [[String]]

    init(_ product: ShopifyProduct, collectionIDs: [Int]) {
        id = product.id
        self.collectionIDs = Set(collectionIDs)
        titleWords = TextFolding.words(of: product.title)
        vendor = TextFolding.fold(product.vendor)
        productType = TextFolding.fold(product.productType)
        tags = product.tags.map(TextFolding.fold)
        handle = TextFolding.fold(product.handle)
        skus = product.variants.compactMap(\.sku).filter { !$0.isEmpty }.map(TextFolding.fold)
        status = product.status.rawValue.lowercased()
        createdAt = product.createdAt.lowercased()
        updatedAt = product.updatedAt.lowercased()
        totalInventory = product.totalInventory
        isPublished = product.onlineStoreUrl != nil
        otherTextWords = ([vendor, productType, handle] + tags + skus).map { TextFolding.words(ofFolded: $0) }
    }
}

/// Product search semantics for `products(query:)` and `productsCount(query:)`.
enum ProductSearch {
    static let knownFields: Set<String> = [
        "title", "vendor", "product_type", "tag", "tag_not", "sku", "status", "handle", "id",
        "created_at", "updated_at", "inventory_total", "published_status", "collection_id",
    ]

    static func compile(_ query: String) -> CompiledSearch {
        CompiledSearch(query: query, knownFields: knownFields)
    }

    static func matches(_ search: CompiledSearch, _ document: ProductSearchDocument) -> Bool {
        search.expression.evaluate { matches($0, document) }
    }

    static func matches(_ term: SearchTerm, _ document: ProductSearchDocument) -> Bool {
        let value = term.foldedValue
        switch term.field {
        case nil:
            let words = term.foldedWords
            guard !words.isEmpty else { return true }
            let prefix = !term.isPhrase
            return SearchMatching.containsPhrase(words, in: document.titleWords, lastIsPrefix: prefix)
                || document.otherTextWords.contains { SearchMatching.containsPhrase(words, in: $0, lastIsPrefix: prefix) }
        case "title":
            let words = term.foldedWords
            if words.isEmpty { return term.isPrefix }
            return SearchMatching.containsPhrase(words, in: document.titleWords, lastIsPrefix: term.isPrefix)
        case "vendor":
            return SearchMatching.matchesValue(document.vendor, value, isPrefix: term.isPrefix)
        case "product_type":
            return SearchMatching.matchesValue(document.productType, value, isPrefix: term.isPrefix)
        case "tag":
            return document.tags.contains { SearchMatching.matchesValue($0, value, isPrefix: term.isPrefix) }
        case "tag_not":
            return !document.tags.contains { SearchMatching.matchesValue($0, value, isPrefix: term.isPrefix) }
        case "sku":
            return document.skus.contains { SearchMatching.matchesValue($0, value, isPrefix: term.isPrefix) }
        case "handle":
            return SearchMatching.matchesValue(document.handle, value, isPrefix: term.isPrefix)
        case "status":
            return value.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == document.status }
        case "id":
            return SearchMatching.compareNumber(document.id, SearchMatching.numericID(value), term.comparison)
        case "collection_id":
            return SearchMatching.numericID(value).map(document.collectionIDs.contains) ?? false
        case "created_at":
            return SearchMatching.compareText(document.createdAt, value, term.comparison)
        case "updated_at":
            return SearchMatching.compareText(document.updatedAt, value, term.comparison)
        case "inventory_total":
            return SearchMatching.compareNumber(document.totalInventory, Int(value), term.comparison)
        case "published_status":
            switch value {
            case "published", "online_store:visible": return document.isPublished
            case "unpublished", "online_store:hidden": return !document.isPublished
            default: return true
            }
        default:
            return true
        }
    }

    /// A relevance score: each free-text term found in the title weighs 3, elsewhere 1.
    static func relevance(_ search: CompiledSearch, _ document: ProductSearchDocument) -> Int {
        search.expression.positiveFreeTextTerms.reduce(0) { score, term in
            let words = term.foldedWords
            guard !words.isEmpty else { return score }
            if SearchMatching.containsPhrase(words, in: document.titleWords, lastIsPrefix: !term.isPhrase) { return score + 3 }
            if document.otherTextWords.contains(where: { SearchMatching.containsPhrase(words, in: $0, lastIsPrefix: !term.isPhrase) }) {
                return score + 1
            }
            return score
        }
    }
}
