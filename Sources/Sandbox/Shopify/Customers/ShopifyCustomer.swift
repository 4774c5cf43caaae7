/// A customer of the simulated Shopify store (`Customer`), with the orders the Admin API reports.
///
/// Public so that tests elsewhere can compute the answers they expect from the same values the
/// simulator serves.
public struct ShopifyCustomer: Sendable, Hashable {
    public var id: Int
    public var firstName: String?
    public var lastName: String?
    /// As the customer typed it (mixed case happens); nil for phone-only customers.
    public var email: String?
    /// E.164 (`+33612345678`), as Shopify stores phones; nil when unknown.
    public var phone: String?
    /// Sorted alphabetically (case-insensitively), as the API returns them.
    public var tags: [String]
    public var note: String?
    /// `CustomerState`: ENABLED, DISABLED, INVITED or DECLINED.
    public var state: String
    public var verifiedEmail: Bool
    /// ISO 8601 in UTC.
    public var createdAt: String
    public var updatedAt: String
    public var defaultAddress: ShopifyAddress?
    /// Oldest first.
    public var orders: [ShopifyOrder]

    public init(
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

    public var gid: String { "gid://shopify/Customer/\(id)" }

    /// "First Last"; the email, then the phone, when there is no name (as Shopify shows them).
    public var displayName: String {
        let name = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        if !name.isEmpty { return name }
        return email ?? phone ?? ""
    }

    /// `numberOfOrders` (sent as a string by the API).
    public var numberOfOrders: Int { orders.count }

    /// The sum of the orders' totals (`amountSpent`).
    public var amountSpent: ShopifyMoney { ShopifyMoney(cents: orders.reduce(0) { $0 + $1.totalPrice.cents }) }

    /// The most recent order, if any.
    public var lastOrder: ShopifyOrder? { orders.last }
}

/// A postal address (`MailingAddress`).
public struct ShopifyAddress: Sendable, Hashable {
    public var id: Int
    public var firstName: String?
    public var lastName: String?
    public var company: String?
    public var address1: String
    public var city: String
    public var zip: String
    public var country: String
    /// ISO 3166-1 alpha-2 (`countryCodeV2`).
    public var countryCode: String
    public var phone: String?

    public init(
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

    public var gid: String { "gid://shopify/MailingAddress/\(id)?model_name=CustomerAddress" }
}

/// An order of a customer (`Order`), reduced to what agents look at.
public struct ShopifyOrder: Sendable, Hashable {
    public var id: Int
    /// `#1001`: the number shown to customers.
    public var name: String
    public var customerID: Int
    /// ISO 8601 in UTC.
    public var createdAt: String
    public var totalPrice: ShopifyMoney
    /// `OrderDisplayFinancialStatus`: PAID, REFUNDED, PARTIALLY_REFUNDED, PENDING.
    public var financialStatus: String
    /// `OrderDisplayFulfillmentStatus`: FULFILLED, UNFULFILLED, PARTIALLY_FULFILLED.
    public var fulfillmentStatus: String

    public init(
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

    public var gid: String { "gid://shopify/Order/\(id)" }
}
