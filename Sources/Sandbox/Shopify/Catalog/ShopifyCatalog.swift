/// The data a simulated Shopify store serves: shop settings, products and collections.
///
/// Public so that tests elsewhere can compute the answers they expect (the active products in id
/// order, a collection's products in collection order) from the same values the simulator serves.
package struct ShopifyCatalog: Sendable, Hashable {
    package var shop: ShopifyShop
    /// Every product, whatever its status, in ascending id order.
    package var products: [ShopifyProduct]
    /// Every collection in ascending id order; `productIDs` holds each one's collection order.
    package var collections: [ShopifyCollection]

    package init(shop: ShopifyShop, products: [ShopifyProduct], collections: [ShopifyCollection]) {
        self.shop = shop
        self.products = products.sorted { $0.id < $1.id }
        self.collections = collections.sorted { $0.id < $1.id }
    }

    /// The product with this numeric id (the last part of its GID), if any.
    package func product(id: Int) -> ShopifyProduct? {
        products.first { $0.id == id }
    }

    /// The collection with this numeric id, if any.
    package func collection(id: Int) -> ShopifyCollection? {
        collections.first { $0.id == id }
    }

    /// A collection's products in collection order, drafts and archived ones included (as the Admin
    /// API returns them).
    package func products(in collection: ShopifyCollection) -> [ShopifyProduct] {
        var byID: [Int: ShopifyProduct] = [:]
        for product in products { byID[product.id] = product }
        return collection.productIDs.compactMap { byID[$0] }
    }

    /// The products an agent may see: status ACTIVE, in ascending id order.
    package var activeProducts: [ShopifyProduct] {
        products.filter { $0.status == .active }
    }
}

/// Shop-wide settings, as `QueryRoot.shop` reports them.
package struct ShopifyShop: Sendable, Hashable {
    package var id: Int
    package var name: String
    package var email: String
    /// An ISO 4217 code; must be one of the `CurrencyCode` enum values the schema declares.
    package var currencyCode: String
    package var primaryDomainURL: String
    package var primaryDomainHost: String
    package var myshopifyDomain: String
    package var ianaTimezone: String

    package init(
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

    package var gid: String { "gid://shopify/Shop/\(id)" }
}

/// A product's publication state (`ProductStatus`).
package enum ShopifyProductStatus: String, Sendable, Hashable, CaseIterable {
    case active = "ACTIVE"
    case archived = "ARCHIVED"
    case draft = "DRAFT"
}

/// What happens when a variant is out of stock (`ProductVariantInventoryPolicy`): CONTINUE keeps
/// it for sale (backorder).
package enum ShopifyInventoryPolicy: String, Sendable, Hashable {
    case deny = "DENY"
    case `continue` = "CONTINUE"
}

/// An amount of money held exactly, in hundredths of the shop currency.
package struct ShopifyMoney: Sendable, Hashable, Comparable {
    package var cents: Int

    package init(cents: Int) {
        self.cents = cents
    }

    /// The `Money` scalar form used by variant prices: always two decimals (`"29.90"`).
    package var moneyString: String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// The `Decimal` scalar form used by `MoneyV2.amount`: shortest, with at least one decimal
    /// (`"29.9"`, `"1249.0"`, `"0.0"`, `"9.99"`).
    package var decimalString: String {
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

    package static func < (lhs: ShopifyMoney, rhs: ShopifyMoney) -> Bool { lhs.cents < rhs.cents }
}

/// An image of a product or collection (`Image`).
package struct ShopifyImage: Sendable, Hashable {
    package var id: Int
    /// The GID kind: `ProductImage` or `CollectionImage`.
    package var kind: String
    package var url: String
    package var altText: String?
    package var width: Int
    package var height: Int

    package init(id: Int, kind: String, url: String, altText: String?, width: Int, height: Int) {
        self.id = id
        self.kind = kind
        self.url = url
        self.altText = altText
        self.width = width
        self.height = height
    }

    package var gid: String { "gid://shopify/\(kind)/\(id)" }
}

/// One sellable version of a product (`ProductVariant`).
package struct ShopifyVariant: Sendable, Hashable {
    package var id: Int
    package var productID: Int
    /// 1-based position inside the product; variants connections follow it.
    package var position: Int
    package var title: String
    /// Nil when the merchant left it empty (the API answers `null`).
    package var sku: String?
    package var price: ShopifyMoney
    package var compareAtPrice: ShopifyMoney?
    package var inventoryQuantity: Int
    package var inventoryPolicy: ShopifyInventoryPolicy
    package var availableForSale: Bool

    package init(
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

    package var gid: String { "gid://shopify/ProductVariant/\(id)" }

    /// True when the variant is on sale: a compare-at price above the price.
    package var isOnSale: Bool { (compareAtPrice?.cents ?? 0) > price.cents }
}

/// A product (`Product`) with its variants and images.
package struct ShopifyProduct: Sendable, Hashable {
    package var id: Int
    package var title: String
    package var handle: String
    package var vendor: String
    package var productType: String
    package var descriptionHtml: String
    /// The plain-text form served as `description` (tags removed, entities decoded, one line).
    package var description: String
    package var status: ShopifyProductStatus
    /// Nil for drafts, archived products and active products not published to the online store.
    package var onlineStoreUrl: String?
    /// Sorted alphabetically, as the API returns them.
    package var tags: [String]
    /// ISO 8601 in UTC (`2024-03-05T10:20:30Z`).
    package var createdAt: String
    package var updatedAt: String
    /// The first image is the featured one; empty for products without an image.
    package var images: [ShopifyImage]
    package var variants: [ShopifyVariant]

    package init(
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

    package var gid: String { "gid://shopify/Product/\(id)" }

    package var featuredImage: ShopifyImage? { images.first }

    /// The sum of the variants' inventory quantities (`totalInventory`).
    package var totalInventory: Int { variants.reduce(0) { $0 + $1.inventoryQuantity } }

    /// The lowest variant price (`priceRangeV2.minVariantPrice`); zero for a product without variants.
    package var minVariantPrice: ShopifyMoney { variants.map(\.price).min() ?? ShopifyMoney(cents: 0) }

    /// The highest variant price (`priceRangeV2.maxVariantPrice`).
    package var maxVariantPrice: ShopifyMoney { variants.map(\.price).max() ?? ShopifyMoney(cents: 0) }

    /// The lowest and highest compare-at prices among variants that have one; nil when none has
    /// (`compareAtPriceRange` is then null).
    package var compareAtPriceRange: (min: ShopifyMoney, max: ShopifyMoney)? {
        let prices = variants.compactMap(\.compareAtPrice)
        guard let low = prices.min(), let high = prices.max() else { return nil }
        return (low, high)
    }

    /// True when no variant can be bought (all out of stock without backorder).
    package var isSoldOut: Bool { !variants.contains { $0.availableForSale } }

    /// True when at least one variant has a compare-at price above its price.
    package var isOnSale: Bool { variants.contains { $0.isOnSale } }
}

/// A collection of products (`Collection`).
package struct ShopifyCollection: Sendable, Hashable {
    package var id: Int
    package var title: String
    package var handle: String
    package var descriptionHtml: String
    package var description: String
    /// Member products in collection order, whatever their status.
    package var productIDs: [Int]
    package var image: ShopifyImage?
    package var updatedAt: String
    /// The rules of a smart (automated) collection; empty for a custom (hand-picked) one.
    package var rules: [ShopifyCollectionRule]
    /// For smart collections: true when any rule suffices, false when all must hold.
    package var disjunctive: Bool

    package init(
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

    package var gid: String { "gid://shopify/Collection/\(id)" }

    /// True for a smart collection (REST `smart_collections.json`), false for a custom one.
    package var isSmart: Bool { !rules.isEmpty }
}

/// A smart collection rule as REST reports it: `{"column":"type","relation":"equals","condition":"Robes"}`.
package struct ShopifyCollectionRule: Sendable, Hashable {
    package var column: String
    package var relation: String
    package var condition: String

    package init(column: String, relation: String, condition: String) {
        self.column = column
        self.relation = relation
        self.condition = condition
    }
}
