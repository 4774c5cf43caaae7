/// A customer of the simulated Shopify store (`Customer`), with the orders the Admin API reports.
///
/// Public so that tests elsewhere can compute the answers they expect from the same values the
/// simulator serves.
package struct ShopifyCustomer: Sendable, Hashable {
    package var id: Int
    package var firstName: String?
    package var lastName: String?
    /// As the customer typed it (mixed case happens); nil for phone-only customers.
    package var email: String?
    /// E.164 (`+33612345678`), as Shopify stores phones; nil when unknown.
    package var phone: String?
    /// Sorted alphabetically (case-insensitively), as the API returns them.
    package var tags: [String]
    package var note: String?
    /// `CustomerState`: ENABLED, DISABLED, INVITED or DECLINED.
    package var state: String
    package var verifiedEmail: Bool
    /// ISO 8601 in UTC.
    package var createdAt: String
    package var updatedAt: String
    package var defaultAddress: ShopifyAddress?
    /// Oldest first.
    package var orders: [ShopifyOrder]

    package init(
        id: Int, firstName: String?, lastName: String?, email: String?, phone: String?, tags: [String], note: String?,
        state: String, verifiedEmail: Bool, createdAt: String, updatedAt: String, defaultAddress: ShopifyAddress?,
        orders: [ShopifyOrder]
    ) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phone = phone
        self.tags = tags
        self.note = note
        self.state = state
        self.verifiedEmail = verifiedEmail
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.defaultAddress = defaultAddress
        self.orders = orders
    }

    package var gid: String { "gid://shopify/Customer/\(id)" }

    /// "First Last"; the email, then the phone, when there is no name (as Shopify shows them).
    package var displayName: String {
        let name = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        if !name.isEmpty { return name }
        return email ?? phone ?? ""
    }

    /// `numberOfOrders` (sent as a string by the API).
    package var numberOfOrders: Int { orders.count }

    /// The sum of the orders' totals (`amountSpent`).
    package var amountSpent: ShopifyMoney { ShopifyMoney(cents: orders.reduce(0) { $0 + $1.totalPrice.cents }) }

    /// The most recent order, if any.
    package var lastOrder: ShopifyOrder? { orders.last }
}

/// A postal address (`MailingAddress`).
package struct ShopifyAddress: Sendable, Hashable {
    package var id: Int
    package var firstName: String?
    package var lastName: String?
    package var company: String?
    package var address1: String
    package var city: String
    package var zip: String
    package var country: String
    /// ISO 3166-1 alpha-2 (`countryCodeV2`).
    package var countryCode: String
    package var phone: String?

    package init(
        id: Int, firstName: String?, lastName: String?, company: String?, address1: String, city: String, zip: String,
        country: String, countryCode: String, phone: String?
    ) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.company = company
        self.address1 = address1
        self.city = city
        self.zip = zip
        self.country = country
        self.countryCode = countryCode
        self.phone = phone
    }

    package var gid: String { "gid://shopify/MailingAddress/\(id)?model_name=CustomerAddress" }
}

/// An order of a customer (`Order`), reduced to what agents look at.
package struct ShopifyOrder: Sendable, Hashable {
    package var id: Int
    /// `#1001`: the number shown to customers.
    package var name: String
    package var customerID: Int
    /// ISO 8601 in UTC.
    package var createdAt: String
    package var totalPrice: ShopifyMoney
    /// `OrderDisplayFinancialStatus`: PAID, REFUNDED, PARTIALLY_REFUNDED, PENDING.
    package var financialStatus: String
    /// `OrderDisplayFulfillmentStatus`: FULFILLED, UNFULFILLED, PARTIALLY_FULFILLED.
    package var fulfillmentStatus: String

    package init(
        id: Int, name: String, customerID: Int, createdAt: String, totalPrice: ShopifyMoney, financialStatus: String,
        fulfillmentStatus: String
    ) {
        self.id = id
        self.name = name
        self.customerID = customerID
        self.createdAt = createdAt
        self.totalPrice = totalPrice
        self.financialStatus = financialStatus
        self.fulfillmentStatus = fulfillmentStatus
    }

    package var gid: String { "gid://shopify/Order/\(id)" }
}
