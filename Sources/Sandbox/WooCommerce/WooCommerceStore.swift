import Foundation

/// The data a simulated WooCommerce shop serves: products, the category tree, customers and
/// orders. Public so that tests elsewhere can compute the answers they expect.
package struct WooCommerceStore: Sendable, Hashable {
    /// `https://…` without a trailing slash: the base of permalinks and image URLs.
    package var siteURL: String
    /// ISO 4217. The shop's clock is Europe/Paris: `date_created` is local time,
    /// `date_created_gmt` UTC.
    package var currency: String
    /// Every product whatever its status, ascending id.
    package var products: [WooProduct]
    /// Ascending id; `parent` links form a tree (0 = top level).
    package var categories: [WooCategory]
    /// Ascending id.
    package var customers: [WooCustomer]
    /// Ascending id; guest orders have `customerID` 0.
    package var orders: [WooOrder]

    package init(
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

    package func product(id: Int) -> WooProduct? { products.first { $0.id == id } }

    package func category(id: Int) -> WooCategory? { categories.first { $0.id == id } }

    package func customer(id: Int) -> WooCustomer? { customers.first { $0.id == id } }

    /// A category and all categories below it (the `category` filter includes children).
    package func categoryAndDescendants(of id: Int) -> Set<Int> {
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
    package func orders(ofCustomer id: Int) -> [WooOrder] {
        orders.filter { $0.customerID == id }
    }
}

/// `status` of a product (post status).
package enum WooProductStatus: String, Sendable, Hashable, CaseIterable {
    case publish
    case draft
    case pending
    case `private`
}

/// `stock_status` of a product.
package enum WooStockStatus: String, Sendable, Hashable {
    case instock
    case outofstock
    case onbackorder
}

/// A product (`simple` or `variable`).
package struct WooProduct: Sendable, Hashable {
    package var id: Int
    package var name: String
    /// Percent-encoded where the title is not ASCII (as WordPress makes slugs); empty for drafts
    /// and pending products that were never published.
    package var slug: String
    package var permalink: String
    /// `simple` or `variable`.
    package var type: String
    package var status: WooProductStatus
    package var featured: Bool
    /// `visible`, `catalog`, `search` or `hidden`.
    package var catalogVisibility: String
    package var description: String
    package var shortDescription: String
    /// Empty when the merchant left it empty.
    package var sku: String
    /// As WooCommerce stores them: `"49.90"`, sometimes `"49.9"` or `"45"`; a variable product's
    /// `regularPrice` and `salePrice` are empty.
    package var price: String
    package var regularPrice: String
    package var salePrice: String
    package var onSale: Bool
    /// The price in cents, for sorting and filtering.
    package var priceCents: Int
    package var manageStock: Bool
    /// Nil when stock is not managed; negative on backorder.
    package var stockQuantity: Int?
    package var stockStatus: WooStockStatus
    /// `no`, `notify` or `yes`.
    package var backorders: String
    package var categoryIDs: [Int]
    package var tags: [WooTag]
    package var images: [WooImage]
    package var attributes: [WooAttribute]
    package var variationIDs: [Int]
    /// Unix times.
    package var dateCreated: Int
    package var dateModified: Int
    package var totalSales: Int
    /// `"4.50"`.
    package var averageRating: String
    package var ratingCount: Int
    package var menuOrder: Int

    package init(
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

extension WooProduct {
    /// Whether the name says anything once its HTML is read (an import can leave it empty, or
    /// only tags): a product without one cannot be shown to an agent.
    package var hasReadableName: Bool {
        !HTMLText.plainText(fromHTML: name).trimmingCharacters(in: .whitespaces).isEmpty
    }
}

package struct WooTag: Sendable, Hashable {
    package var id: Int
    package var name: String
    package var slug: String

    package init(id: Int, name: String, slug: String) {
        self.id = id
        self.name = name
        self.slug = slug
    }
}

package struct WooImage: Sendable, Hashable {
    package var id: Int
    package var src: String
    package var name: String
    /// Often empty.
    package var alt: String
    package var dateCreated: Int

    package init(id: Int, src: String, name: String, alt: String, dateCreated: Int) {
        self.id = id
        self.src = src
        self.name = name
        self.alt = alt
        self.dateCreated = dateCreated
    }
}

package struct WooAttribute: Sendable, Hashable {
    package var id: Int
    package var name: String
    package var options: [String]

    package init(id: Int, name: String, options: [String]) {
        self.id = id
        self.name = name
        self.options = options
    }
}

/// A product category (`product_cat` term).
package struct WooCategory: Sendable, Hashable {
    package var id: Int
    package var name: String
    package var slug: String
    /// 0 for a top-level category.
    package var parent: Int
    package var description: String
    package var image: WooImage?
    package var menuOrder: Int
    /// Published products assigned directly to the category.
    package var count: Int

    package init(id: Int, name: String, slug: String, parent: Int, description: String, image: WooImage?, menuOrder: Int, count: Int) {
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
package struct WooAddress: Sendable, Hashable {
    package var firstName: String
    package var lastName: String
    package var company: String
    package var address1: String
    package var city: String
    package var postcode: String
    package var country: String
    /// Billing addresses only (shipping ones have no email and, before 5.6, no phone).
    package var email: String
    package var phone: String

    package init(
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

    package static let empty = WooAddress(
        firstName: "", lastName: "", company: "", address1: "", city: "", postcode: "", country: "", email: "", phone: "")
}

/// A registered customer (WordPress user with the `customer` role).
package struct WooCustomer: Sendable, Hashable {
    package var id: Int
    /// As typed at sign-up (mixed case happens); `customers?email=` ignores case.
    package var email: String
    package var firstName: String
    package var lastName: String
    package var username: String
    package var billing: WooAddress
    package var shipping: WooAddress
    package var dateCreated: Int
    package var dateModified: Int

    package init(
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
    package var displayName: String {
        let name = "\(firstName) \(lastName)".trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? username : name
    }
}

package struct WooLineItem: Sendable, Hashable {
    package var id: Int
    package var name: String
    package var productID: Int
    package var quantity: Int
    package var sku: String
    /// Unit price in cents (sent as a JSON number, `49.9`).
    package var unitCents: Int

    package init(id: Int, name: String, productID: Int, quantity: Int, sku: String, unitCents: Int) {
        self.id = id
        self.name = name
        self.productID = productID
        self.quantity = quantity
        self.sku = sku
        self.unitCents = unitCents
    }

    package var totalCents: Int { unitCents * quantity }
}

package struct WooOrder: Sendable, Hashable {
    package var id: Int
    /// A string: `"1042"` (the id unless a numbering plugin says otherwise).
    package var number: String
    /// `pending`, `processing`, `on-hold`, `completed`, `cancelled`, `refunded`, `failed`.
    package var status: String
    package var currency: String
    package var dateCreated: Int
    package var dateModified: Int
    /// 0 for a guest order.
    package var customerID: Int
    package var billing: WooAddress
    package var shipping: WooAddress
    package var paymentMethod: String
    package var paymentMethodTitle: String
    package var shippingCents: Int
    package var lineItems: [WooLineItem]

    package init(
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

    package var totalCents: Int { lineItems.reduce(shippingCents) { $0 + $1.totalCents } }
}
