import Foundation

/// The data a simulated WooCommerce shop serves: products, the category tree, customers and
/// orders. Public so that tests elsewhere can compute the answers they expect.
public struct WooCommerceStore: Sendable, Hashable {
    /// `https://…` without a trailing slash: the base of permalinks and image URLs.
    public var siteURL: String
    /// ISO 4217. The shop's clock is Europe/Paris: `date_created` is local time,
    /// `date_created_gmt` UTC.
    public var currency: String
    /// Every product whatever its status, ascending id.
    public var products: [WooProduct]
    /// Ascending id; `parent` links form a tree (0 = top level).
    public var categories: [WooCategory]
    /// Ascending id.
    public var customers: [WooCustomer]
    /// Ascending id; guest orders have `customerID` 0.
    public var orders: [WooOrder]

    public init(
        siteURL: String, currency: String, products: [WooProduct], categories: [WooCategory],
        customers: [WooCustomer], orders: [WooOrder]
    ) {
        self.siteURL = siteURL
        self.currency = currency
        self.products = products.sorted { $0.id < $1.id }
        self.categories = categories.sorted { $0.id < $1.id }
        self.customers = customers.sorted { $0.id < $1.id }
        self.orders = orders.sorted { $0.id < $1.id }
    }

    public func product(id: Int) -> WooProduct? { products.first { $0.id == id } }

    public func category(id: Int) -> WooCategory? { categories.first { $0.id == id } }

    public func customer(id: Int) -> WooCustomer? { customers.first { $0.id == id } }

    /// A category and all categories below it (the `category` filter includes children).
    public func categoryAndDescendants(of id: Int) -> Set<Int> {
        var result: Set<Int> = [id]
        var frontier = [id]
        while let next = frontier.popLast() {
            for child in categories where child.parent == next && !result.contains(child.id) {
                result.insert(child.id)
                frontier.append(child.id)
            }
        }
        return result
    }

    /// The orders of a registered customer (guest orders placed with the same email excluded,
    /// as `orders?customer=` does).
    public func orders(ofCustomer id: Int) -> [WooOrder] {
        orders.filter { $0.customerID == id }
    }
}

/// `status` of a product (post status).
public enum WooProductStatus: String, Sendable, Hashable, CaseIterable {
    case publish
    case draft
    case pending
    case `private`
}

/// `stock_status` of a product.
public enum WooStockStatus: String, Sendable, Hashable {
    case instock
    case outofstock
    case onbackorder
}

/// A product (`simple` or `variable`).
public struct WooProduct: Sendable, Hashable {
    public var id: Int
    public var name: String
    /// Percent-encoded where the title is not ASCII (as WordPress makes slugs); empty for drafts
    /// and pending products that were never published.
    public var slug: String
    public var permalink: String
    /// `simple` or `variable`.
    public var type: String
    public var status: WooProductStatus
    public var featured: Bool
    /// `visible`, `catalog`, `search` or `hidden`.
    public var catalogVisibility: String
    public var description: String
    public var shortDescription: String
    /// Empty when the merchant left it empty.
    public var sku: String
    /// As WooCommerce stores them: `"49.90"`, sometimes `"49.9"` or `"45"`; a variable product's
    /// `regularPrice` and `salePrice` are empty.
    public var price: String
    public var regularPrice: String
    public var salePrice: String
    public var onSale: Bool
    /// The price in cents, for sorting and filtering.
    public var priceCents: Int
    public var manageStock: Bool
    /// Nil when stock is not managed; negative on backorder.
    public var stockQuantity: Int?
    public var stockStatus: WooStockStatus
    /// `no`, `notify` or `yes`.
    public var backorders: String
    public var categoryIDs: [Int]
    public var tags: [WooTag]
    public var images: [WooImage]
    public var attributes: [WooAttribute]
    public var variationIDs: [Int]
    /// Unix times.
    public var dateCreated: Int
    public var dateModified: Int
    public var totalSales: Int
    /// `"4.50"`.
    public var averageRating: String
    public var ratingCount: Int
    public var menuOrder: Int

    public init(
        id: Int, name: String, slug: String, permalink: String, type: String, status: WooProductStatus, featured: Bool,
        catalogVisibility: String, description: String, shortDescription: String, sku: String, price: String,
        regularPrice: String, salePrice: String, onSale: Bool, priceCents: Int, manageStock: Bool, stockQuantity: Int?,
        stockStatus: WooStockStatus, backorders: String, categoryIDs: [Int], tags: [WooTag], images: [WooImage],
        attributes: [WooAttribute], variationIDs: [Int], dateCreated: Int, dateModified: Int, totalSales: Int,
        averageRating: String, ratingCount: Int, menuOrder: Int
    ) {
        self.id = id
        self.name = name
        self.slug = slug
        self.permalink = permalink
        self.type = type
        self.status = status
        self.featured = featured
        self.catalogVisibility = catalogVisibility
        self.description = description
        self.shortDescription = shortDescription
        self.sku = sku
        self.price = price
        self.regularPrice = regularPrice
        self.salePrice = salePrice
        self.onSale = onSale
        self.priceCents = priceCents
        self.manageStock = manageStock
        self.stockQuantity = stockQuantity
        self.stockStatus = stockStatus
        self.backorders = backorders
        self.categoryIDs = categoryIDs
        self.tags = tags
        self.images = images
        self.attributes = attributes
        self.variationIDs = variationIDs
        self.dateCreated = dateCreated
        self.dateModified = dateModified
        self.totalSales = totalSales
        self.averageRating = averageRating
        self.ratingCount = ratingCount
        self.menuOrder = menuOrder
    }
}

public struct WooTag: Sendable, Hashable {
    public var id: Int
    public var name: String
    public var slug: String

    public init(id: Int, name: String, slug: String) {
        self.id = id
        self.name = name
        self.slug = slug
    }
}

public struct WooImage: Sendable, Hashable {
    public var id: Int
    public var src: String
    public var name: String
    /// Often empty.
    public var alt: String
    public var dateCreated: Int

    public init(id: Int, src: String, name: String, alt: String, dateCreated: Int) {
        self.id = id
        self.src = src
        self.name = name
        self.alt = alt
        self.dateCreated = dateCreated
    }
}

public struct WooAttribute: Sendable, Hashable {
    public var id: Int
    public var name: String
    public var options: [String]

    public init(id: Int, name: String, options: [String]) {
        self.id = id
        self.name = name
        self.options = options
    }
}

/// A product category (`product_cat` term).
public struct WooCategory: Sendable, Hashable {
    public var id: Int
    public var name: String
    public var slug: String
    /// 0 for a top-level category.
    public var parent: Int
    public var description: String
    public var image: WooImage?
    public var menuOrder: Int
    /// Published products assigned directly to the category.
    public var count: Int

    public init(id: Int, name: String, slug: String, parent: Int, description: String, image: WooImage?, menuOrder: Int, count: Int) {
        self.id = id
        self.name = name
        self.slug = slug
        self.parent = parent
        self.description = description
        self.image = image
        self.menuOrder = menuOrder
        self.count = count
    }
}

/// A billing or shipping address; WooCommerce sends empty strings for missing parts.
public struct WooAddress: Sendable, Hashable {
    public var firstName: String
    public var lastName: String
    public var company: String
    public var address1: String
    public var city: String
    public var postcode: String
    public var country: String
    /// Billing addresses only (shipping ones have no email and, before 5.6, no phone).
    public var email: String
    public var phone: String

    public init(
        firstName: String, lastName: String, company: String, address1: String, city: String, postcode: String, country: String, email: String,
        phone: String
    ) {
        self.firstName = firstName
        self.lastName = lastName
        self.company = company
        self.address1 = address1
        self.city = city
        self.postcode = postcode
        self.country = country
        self.email = email
        self.phone = phone
    }

    public static let empty = WooAddress(
        firstName: "", lastName: "", company: "", address1: "", city: "", postcode: "", country: "", email: "", phone: "")
}

/// A registered customer (WordPress user with the `customer` role).
public struct WooCustomer: Sendable, Hashable {
    public var id: Int
    /// As typed at sign-up (mixed case happens); `customers?email=` ignores case.
    public var email: String
    public var firstName: String
    public var lastName: String
    public var username: String
    public var billing: WooAddress
    public var shipping: WooAddress
    public var dateCreated: Int
    public var dateModified: Int

    public init(
        id: Int, email: String, firstName: String, lastName: String, username: String, billing: WooAddress, shipping: WooAddress, dateCreated: Int,
        dateModified: Int
    ) {
        self.id = id
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.username = username
        self.billing = billing
        self.shipping = shipping
        self.dateCreated = dateCreated
        self.dateModified = dateModified
    }

    /// WordPress's `display_name`: "First Last", or the username.
    public var displayName: String {
        let name = "\(firstName) \(lastName)".trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? username : name
    }
}

public struct WooLineItem: Sendable, Hashable {
    public var id: Int
    public var name: String
    public var productID: Int
    public var quantity: Int
    public var sku: String
    /// Unit price in cents (sent as a JSON number, `49.9`).
    public var unitCents: Int

    public init(id: Int, name: String, productID: Int, quantity: Int, sku: String, unitCents: Int) {
        self.id = id
        self.name = name
        self.productID = productID
        self.quantity = quantity
        self.sku = sku
        self.unitCents = unitCents
    }

    public var totalCents: Int { unitCents * quantity }
}

public struct WooOrder: Sendable, Hashable {
    public var id: Int
    /// A string: `"1042"` (the id unless a numbering plugin says otherwise).
    public var number: String
    /// `pending`, `processing`, `on-hold`, `completed`, `cancelled`, `refunded`, `failed`.
    public var status: String
    public var currency: String
    public var dateCreated: Int
    public var dateModified: Int
    /// 0 for a guest order.
    public var customerID: Int
    public var billing: WooAddress
    public var shipping: WooAddress
    public var paymentMethod: String
    public var paymentMethodTitle: String
    public var shippingCents: Int
    public var lineItems: [WooLineItem]

    public init(
        id: Int, number: String, status: String, currency: String, dateCreated: Int, dateModified: Int, customerID: Int,
        billing: WooAddress, shipping: WooAddress, paymentMethod: String, paymentMethodTitle: String, shippingCents: Int,
        lineItems: [WooLineItem]
    ) {
        self.id = id
        self.number = number
        self.status = status
        self.currency = currency
        self.dateCreated = dateCreated
        self.dateModified = dateModified
        self.customerID = customerID
        self.billing = billing
        self.shipping = shipping
        self.paymentMethod = paymentMethod
        self.paymentMethodTitle = paymentMethodTitle
        self.shippingCents = shippingCents
        self.lineItems = lineItems
    }

    public var totalCents: Int { lineItems.reduce(shippingCents) { $0 + $1.totalCents } }
}
