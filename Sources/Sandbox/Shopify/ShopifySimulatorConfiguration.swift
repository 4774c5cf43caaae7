/// How a simulated Shopify store behaves: its access token, its rate limit and its data.
public struct ShopifySimulatorConfiguration: Sendable {
    /// The only token accepted in `X-Shopify-Access-Token`.
    public var accessToken: String
    /// Points in the cost bucket (Shopify's standard plan: 2,000).
    public var bucketSize: Double
    /// Points restored per second (standard: 100).
    public var restoreRate: Double
    public var catalog: ShopifyCatalog
    /// How many requests `ShopifySimulator.requests` keeps (the oldest are dropped).
    public var requestLogLimit: Int
    /// The customers both Shopify APIs serve (GraphQL `customers`, REST `customers/search.json`).
    public var customers: [ShopifyCustomer]

    public static let demoAccessToken = "shpat_demo_token"

    public init(
        accessToken: String = ShopifySimulatorConfiguration.demoAccessToken, bucketSize: Double = 2000,
        restoreRate: Double = 100, catalog: ShopifyCatalog = .demo(), requestLogLimit: Int = 500,
        customers: [ShopifyCustomer] = ShopifyCustomer.demoCustomers()
    ) {
        self.accessToken = accessToken
        self.bucketSize = bucketSize
        self.restoreRate = restoreRate
        self.catalog = catalog
        self.requestLogLimit = requestLogLimit
        self.customers = customers
    }
}

/// One request the simulator answered, for tests and the demo's request log.
public struct RecordedRequest: Sendable, Equatable {
    /// How the request ended.
    public enum Outcome: String, Sendable, Equatable {
        case answered
        case unauthorized
        case badRequest
        case invalidQuery
        case maxCostExceeded
        case throttled
    }

    public var path: String
    public var operationName: String?
    public var query: String?
    /// The variables as compact JSON, or nil when none were sent.
    public var variables: String?
    public var status: Int
    public var outcome: Outcome
    public var requestedCost: Int?
    public var actualCost: Int?
}
