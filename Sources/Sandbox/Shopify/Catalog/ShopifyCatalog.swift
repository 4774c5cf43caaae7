/// The data a simulated Shopify store serves: shop settings, products and collections.
///
/// Public so that tests elsewhere can compute the answers they expect (the active products in id
/// order, a collection's products in collection order) from the same values the simulator serves.
public struct ShopifyCatalog: Sendable, Hashable {
    public var shop: ShopifyShop
    /// Every product, whatever its status, in ascending id order.
    public var products: [ShopifyProduct]
    /// Every collection in ascending id order; `productIDs` holds each one's collection order.
    public var collections: [ShopifyCollection]

    public init(shop: ShopifyShop, products: [ShopifyProduct], collections: [ShopifyCollection]) {
        self.shop = shop
        self.products = products.sorted { $0.id < $1.id }
        self.collections = collections.sorted { $0.id < $1.id }
    }

    /// The product with this numeric id (the last part of its GID), if any.
    public func product(id: Int) -> ShopifyProduct? {
        products.first { $0.id == id }
    }

    /// The collection with this numeric id, if any.
    public func collection(id: Int) -> ShopifyCollection? {
        collections.first { $0.id == id }
    }

    /// A collection's products in collection order, drafts and archived ones included (as the Admin
    /// API returns them).
    public func products(in collection: ShopifyCollection) -> [ShopifyProduct] {
        var byID: [Int: ShopifyProduct] = [:]
        for product in products { byID[product.id] = product }
        return collection.productIDs.compactMap { byID[$0] }
    }

    /// The products an agent may see: status ACTIVE, in ascending id order.
    public var activeProducts: [ShopifyProduct] {
        products.filter { $0.status == .active }
    }
}

/// Shop-wide settings, as `QueryRoot.shop` reports them.
public struct ShopifyShop: Sendable, Hashable {
    public var id: Int
    public var name: String
    public var email: String
    /// An ISO 4217 code; must be one of the `CurrencyCode` enum values the schema declares.
    public var currencyCode: String
    public var primaryDomainURL: String
    public var primaryDomainHost: String
    public var myshopifyDomain: String
    public var ianaTimezone: String

    public init(
        id: Int, name: String, email: String, currencyCode: String, primaryDomainURL: String,
        primaryDomainHost: String, myshopifyDomain: String, ianaTimezone: String
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.currencyCode = currencyCode
        self.primaryDomainURL = primaryDomainURL
        self.primaryDomainHost = primaryDomainHost
        self.myshopifyDomain = myshopifyDomain
        self.ianaTimezone = ianaTimezone
    }

    public var gid: String { "gid://shopify/Shop/\(id)" }
}

/// A product's publication state (`ProductStatus`).
public enum ShopifyProductStatus: String, Sendable, Hashable, CaseIterable {
    case active = "ACTIVE"
    case archived = "ARCHIVED"
    case draft = "DRAFT"
}

/// What happens when a variant is out of stock (`ProductVariantInventoryPolicy`): CONTINUE keeps
/// it for sale (backorder).
public enum ShopifyInventoryPolicy: String, Sendable, Hashable {
    case deny = "DENY"
    case `continue` = "CONTINUE"
}

/// An amount of money held exactly, in hundredths of the shop currency.
public struct ShopifyMoney: Sendable, Hashable, Comparable {
    public var cents: Int

    public init(cents: Int) {
        self.cents = cents
    }

    /// The `Money` scalar form used by variant prices: always two decimals (`"29.90"`).
    public var moneyString: String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// The `Decimal` scalar form used by `MoneyV2.amount`: shortest, with at least one decimal
    /// (`"29.9"`, `"1249.0"`, `"0.0"`, `"9.99"`).
    public var decimalString: String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        let fractionText: String
        if fraction % 10 == 0 {
            fractionText = String(fraction / 10)
        } else {
            fractionText = fraction < 10 ? "0\(fraction)" : String(fraction)
        }
        return "\(sign)\(magnitude / 100).\(fractionText)"
    }

    public static func < (lhs: ShopifyMoney, rhs: ShopifyMoney) -> Bool { lhs.cents < rhs.cents }
}

/// An image of a product or collection (`Image`).
public struct ShopifyImage: Sendable, Hashable {
    public var id: Int
    /// The GID kind: `ProductImage` or `CollectionImage`.
    public var kind: String
    public var url: String
    public var altText: String?
    public var width: Int
    public var height: Int

    public init(id: Int, kind: String, url: String, altText: String?, width: Int, height: Int) {
        self.id = id
        self.kind = kind
        self.url = url
        self.altText = altText
        self.width = width
        self.height = height
    }

    public var gid: String { "gid://shopify/\(kind)/\(id)" }
}

/// One sellable version of a product (`ProductVariant`).
public struct ShopifyVariant: Sendable, Hashable {
    public var id: Int
    public var productID: Int
    /// 1-based position inside the product; variants connections follow it.
    public var position: Int
    public var title: String
    /// Nil when the merchant left it empty (the API answers `null`).
    public var sku: String?
    public var price: ShopifyMoney
    public var compareAtPrice: ShopifyMoney?
    public var inventoryQuantity: Int
    public var inventoryPolicy: ShopifyInventoryPolicy
    public var availableForSale: Bool

    public init(
        id: Int, productID: Int, position: Int, title: String, sku: String?, price: ShopifyMoney,
        compareAtPrice: ShopifyMoney?, inventoryQuantity: Int, inventoryPolicy: ShopifyInventoryPolicy,
        availableForSale: Bool
    ) {
        self.id = id
        self.productID = productID
        self.position = position
        self.title = title
        self.sku = sku
        self.price = price
        self.compareAtPrice = compareAtPrice
        self.inventoryQuantity = inventoryQuantity
        self.inventoryPolicy = inventoryPolicy
        self.availableForSale = availableForSale
    }

    public var gid: String { "gid://shopify/ProductVariant/\(id)" }

    /// True when the variant is on sale: a compare-at price above the price.
    public var isOnSale: Bool { (compareAtPrice?.cents ?? 0) > price.cents }
}

/// A product (`Product`) with its variants and images.
public struct ShopifyProduct: Sendable, Hashable {
    public var id: Int
    public var title: String
    public var handle: String
    public var vendor: String
    public var productType: String
    public var descriptionHtml: String
    /// The plain-text form served as `description` (tags removed, entities decoded, one line).
    public var description: String
    public var status: ShopifyProductStatus
    /// Nil for drafts, archived products and active products not published to the online store.
    public var onlineStoreUrl: String?
    /// Sorted alphabetically, as the API returns them.
    public var tags: [String]
    /// ISO 8601 in UTC (`2024-03-05T10:20:30Z`).
    public var createdAt: String
    public var updatedAt: String
    /// The first image is the featured one; empty for products without an image.
    public var images: [ShopifyImage]
    public var variants: [ShopifyVariant]

    public init(
        id: Int, title: String, handle: String, vendor: String, productType: String, descriptionHtml: String,
        status: ShopifyProductStatus, onlineStoreUrl: String?, tags: [String], createdAt: String,
        updatedAt: String, images: [ShopifyImage], variants: [ShopifyVariant]
    ) {
        self.id = id
        self.title = title
        self.handle = handle
        self.vendor = vendor
        self.productType = productType
        self.descriptionHtml = descriptionHtml
        self.description = HTMLText.plainText(fromHTML: descriptionHtml)
        self.status = status
        self.onlineStoreUrl = onlineStoreUrl
        self.tags = tags
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.images = images
        self.variants = variants
    }

    public var gid: String { "gid://shopify/Product/\(id)" }

    public var featuredImage: ShopifyImage? { images.first }

    /// The sum of the variants' inventory quantities (`totalInventory`).
    public var totalInventory: Int { variants.reduce(0) { $0 + $1.inventoryQuantity } }

    /// The lowest variant price (`priceRangeV2.minVariantPrice`); zero for a product without variants.
    public var minVariantPrice: ShopifyMoney { variants.map(\.price).min() ?? ShopifyMoney(cents: 0) }

    /// The highest variant price (`priceRangeV2.maxVariantPrice`).
    public var maxVariantPrice: ShopifyMoney { variants.map(\.price).max() ?? ShopifyMoney(cents: 0) }

    /// The lowest and highest compare-at prices among variants that have one; nil when none has
    /// (`compareAtPriceRange` is then null).
    public var compareAtPriceRange: (min: ShopifyMoney, max: ShopifyMoney)? {
        let prices = variants.compactMap(\.compareAtPrice)
        guard let low = prices.min(), let high = prices.max() else { return nil }
        return (low, high)
    }

    /// True when no variant can be bought (all out of stock without backorder).
    public var isSoldOut: Bool { !variants.contains { $0.availableForSale } }

    /// True when at least one variant has a compare-at price above its price.
    public var isOnSale: Bool { variants.contains { $0.isOnSale } }
}

/// A collection of products (`Collection`).
public struct ShopifyCollection: Sendable, Hashable {
    public var id: Int
    public var title: String
    public var handle: String
    public var descriptionHtml: String
    public var description: String
    /// Member products in collection order, whatever their status.
    public var productIDs: [Int]
    public var image: ShopifyImage?
    public var updatedAt: String
    /// The rules of a smart (automated) collection; empty for a custom (hand-picked) one.
    public var rules: [ShopifyCollectionRule]
    /// For smart collections: true when any rule suffices, false when all must hold.
    public var disjunctive: Bool

    public init(
        id: Int, title: String, handle: String, descriptionHtml: String, productIDs: [Int],
        image: ShopifyImage?, updatedAt: String, rules: [ShopifyCollectionRule] = [], disjunctive: Bool = false
    ) {
        self.id = id
        self.title = title
        self.handle = handle
        self.descriptionHtml = descriptionHtml
        self.description = HTMLText.plainText(fromHTML: descriptionHtml)
        self.productIDs = productIDs
        self.image = image
        self.updatedAt = updatedAt
        self.rules = rules
        self.disjunctive = disjunctive
    }

    public var gid: String { "gid://shopify/Collection/\(id)" }

    /// True for a smart collection (REST `smart_collections.json`), false for a custom one.
    public var isSmart: Bool { !rules.isEmpty }
}

/// A smart collection rule as REST reports it: `{"column":"type","relation":"equals","condition":"Robes"}`.
public struct ShopifyCollectionRule: Sendable, Hashable {
    public var column: String
    public var relation: String
    public var condition: String

    public init(column: String, relation: String, condition: String) {
        self.column = column
        self.relation = relation
        self.condition = condition
    }
}
