/// The catalog with the lookups and folded search documents the resolvers need, built once per
/// simulator. Immutable, hence safely shared by concurrent requests.
final class ShopifyStore: Sendable {
    let catalog: ShopifyCatalog
    private let productIndexByID: [Int: Int]
    private let collectionIndexByID: [Int: Int]
    private let collectionIDsByProductID: [Int: [Int]]
    let productDocuments: [ProductSearchDocument]
    let collectionDocuments: [CollectionSearchDocument]
    private let foldedProductTitles: [String]
    private let foldedCollectionTitles: [String]

    init(catalog: ShopifyCatalog) {
        self.catalog = catalog
        var productIndexByID: [Int: Int] = [:]
        for (index, product) in catalog.products.enumerated() { productIndexByID[product.id] = index }
        self.productIndexByID = productIndexByID
        var collectionIndexByID: [Int: Int] = [:]
        var collectionIDsByProductID: [Int: [Int]] = [:]
        for (index, collection) in catalog.collections.enumerated() {
            collectionIndexByID[collection.id] = index
            for productID in collection.productIDs { collectionIDsByProductID[productID, default: []].append(collection.id) }
        }
        self.collectionIndexByID = collectionIndexByID
        self.collectionIDsByProductID = collectionIDsByProductID
        productDocuments = catalog.products.map { ProductSearchDocument($0, collectionIDs: collectionIDsByProductID[$0.id] ?? []) }
        collectionDocuments = catalog.collections.map(CollectionSearchDocument.init)
        foldedProductTitles = catalog.products.map { TextFolding.fold($0.title) }
        foldedCollectionTitles = catalog.collections.map { TextFolding.fold($0.title) }
    }

    func product(id: Int) -> ShopifyProduct? {
        productIndexByID[id].map { catalog.products[$0] }
    }

    func collection(id: Int) -> ShopifyCollection? {
        collectionIndexByID[id].map { catalog.collections[$0] }
    }

    // MARK: Orders

    /// Products matching `search`, sorted ascending by `sortKey` (a `ProductSortKeys` name).
    /// Items carry catalog indices, not products, so that only the page served is copied out.
    func products(matching search: CompiledSearch?, sortKey: String) -> (items: [OrderedItem<Int>], kind: SortValueKind) {
        var items: [OrderedItem<Int>] = []
        items.reserveCapacity(catalog.products.count)
        let useRelevance = sortKey == "RELEVANCE" && !(search?.expression.positiveFreeTextTerms.isEmpty ?? true)
        let kind: SortValueKind = ["TITLE", "CREATED_AT", "PUBLISHED_AT", "UPDATED_AT", "VENDOR", "PRODUCT_TYPE"].contains(sortKey) ? .text : .number
        for index in catalog.products.indices {
            let document = productDocuments[index]
            if let search, !ProductSearch.matches(search, document) { continue }
            let value: SortPosition.Value
            let cursorValue: String
            switch sortKey {
            case "TITLE":
                (value, cursorValue) = (.text(foldedProductTitles[index]), catalog.products[index].title)
            case "CREATED_AT", "PUBLISHED_AT":
                (value, cursorValue) = (.text(document.createdAt), catalog.products[index].createdAt)
            case "UPDATED_AT":
                (value, cursorValue) = (.text(document.updatedAt), catalog.products[index].updatedAt)
            case "VENDOR":
                (value, cursorValue) = (.text(document.vendor), catalog.products[index].vendor)
            case "PRODUCT_TYPE":
                (value, cursorValue) = (.text(document.productType), catalog.products[index].productType)
            case "INVENTORY_TOTAL":
                (value, cursorValue) = (.number(document.totalInventory), String(document.totalInventory))
            case "RELEVANCE" where useRelevance:
                let score = -ProductSearch.relevance(search ?? ProductSearch.compile(""), document)
                (value, cursorValue) = (.number(score), String(score))
            default:
                (value, cursorValue) = (.number(document.id), String(document.id))
            }
            items.append(OrderedItem(value: value, cursorValue: cursorValue, id: document.id, node: index))
        }
        if sortKey != "ID" { items.sort { $0.position.isBefore($1.position) } }
        return (items, kind)
    }

    /// The product at a catalog index handed out in an `OrderedItem`.
    func product(atIndex index: Int) -> ShopifyProduct {
        catalog.products[index]
    }

    /// Collections matching `search`, sorted ascending by `sortKey` (a `CollectionSortKeys` name);
    /// `only` restricts them to a set of ids (a product's collections).
    func collections(
        matching search: CompiledSearch?, sortKey: String, only: Set<Int>? = nil
    ) -> (items: [OrderedItem<ShopifyCollection>], kind: SortValueKind) {
        var items: [OrderedItem<ShopifyCollection>] = []
        let useRelevance = sortKey == "RELEVANCE" && !(search?.expression.positiveFreeTextTerms.isEmpty ?? true)
        let kind: SortValueKind = ["TITLE", "UPDATED_AT"].contains(sortKey) ? .text : .number
        for (index, collection) in catalog.collections.enumerated() {
            if let only, !only.contains(collection.id) { continue }
            let document = collectionDocuments[index]
            if let search, !CollectionSearch.matches(search, document) { continue }
            let value: SortPosition.Value
            let cursorValue: String
            switch sortKey {
            case "TITLE":
                (value, cursorValue) = (.text(foldedCollectionTitles[index]), collection.title)
            case "UPDATED_AT":
                (value, cursorValue) = (.text(document.updatedAt), collection.updatedAt)
            case "RELEVANCE" where useRelevance:
                let score = -CollectionSearch.relevance(search ?? CollectionSearch.compile(""), document)
                (value, cursorValue) = (.number(score), String(score))
            default:
                (value, cursorValue) = (.number(collection.id), String(collection.id))
            }
            items.append(OrderedItem(value: value, cursorValue: cursorValue, id: collection.id, node: collection))
        }
        if sortKey != "ID" { items.sort { $0.position.isBefore($1.position) } }
        return (items, kind)
    }

    /// The collections holding a product.
    func collectionIDs(ofProduct productID: Int) -> Set<Int> {
        Set(collectionIDsByProductID[productID] ?? [])
    }

    /// A collection's products sorted by `sortKey` (a `ProductCollectionSortKeys` name); the
    /// default is the collection's own order.
    func products(in collection: ShopifyCollection, sortKey: String) -> (items: [OrderedItem<Int>], kind: SortValueKind) {
        var items: [OrderedItem<Int>] = []
        items.reserveCapacity(collection.productIDs.count)
        let kind: SortValueKind = ["TITLE", "CREATED"].contains(sortKey) ? .text : .number
        for (offset, productID) in collection.productIDs.enumerated() {
            guard let index = productIndexByID[productID] else { continue }
            let product = catalog.products[index]
            let value: SortPosition.Value
            let cursorValue: String
            switch sortKey {
            case "ID":
                (value, cursorValue) = (.number(product.id), String(product.id))
            case "TITLE":
                (value, cursorValue) = (.text(foldedProductTitles[index]), product.title)
            case "CREATED":
                (value, cursorValue) = (.text(productDocuments[index].createdAt), product.createdAt)
            case "PRICE":
                let cents = product.minVariantPrice.cents
                (value, cursorValue) = (.number(cents), String(cents))
            default:
                (value, cursorValue) = (.number(offset + 1), String(offset + 1))
            }
            items.append(OrderedItem(value: value, cursorValue: cursorValue, id: product.id, node: index))
        }
        items.sort { $0.position.isBefore($1.position) }
        return (items, kind)
    }

    /// A product's variants by position (or id).
    func variants(of product: ShopifyProduct, sortKey: String) -> [OrderedItem<ShopifyVariant>] {
        product.variants.map { variant in
            sortKey == "ID"
                ? OrderedItem(value: .number(variant.id), cursorValue: String(variant.id), id: variant.id, node: variant)
                : OrderedItem(value: .number(variant.position), cursorValue: String(variant.position), id: variant.id, node: variant)
        }.sorted { $0.position.isBefore($1.position) }
    }

    /// A product's images by position (or id).
    func images(of product: ShopifyProduct, sortKey: String) -> [OrderedItem<ShopifyImage>] {
        product.images.enumerated().map { offset, image in
            sortKey == "ID"
                ? OrderedItem(value: .number(image.id), cursorValue: String(image.id), id: image.id, node: image)
                : OrderedItem(value: .number(offset + 1), cursorValue: String(offset + 1), id: image.id, node: image)
        }.sorted { $0.position.isBefore($1.position) }
    }
}
