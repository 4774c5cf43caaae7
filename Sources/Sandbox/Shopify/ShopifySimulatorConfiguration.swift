/// How a simulated Shopify store behaves: its access token, its rate limit and its data.
package struct ShopifySimulatorConfiguration: Sendable {
    /// The only token accepted in `X-Shopify-Access-Token`.
    package var accessToken: String
    /// Points in the cost bucket (Shopify's standard plan: 2,000).
    package var bucketSize: Double
    /// Points restored per second (standard: 100).
    package var restoreRate: Double
    package var catalog: ShopifyCatalog
    /// How many requests `ShopifySimulator.requests` keeps (the oldest are dropped).
    package var requestLogLimit: Int
    /// The customers both Shopify APIs serve (GraphQL `customers`, REST `customers/search.json`).
    package var customers: [ShopifyCustomer]

    package static let demoAccessToken = "shpat_demo_token"

    package init(
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
package struct RecordedRequest: Sendable, Equatable {
    /// How the request ended.
    package enum Outcome: String, Sendable, Equatable {
        case answered
        case unauthorized
        case badRequest
        case invalidQuery
        case maxCostExceeded
        case throttled
    }

    package var path: String
    package var operationName: String?
    package var query: String?
    /// The variables as compact JSON, or nil when none were sent.
    package var variables: String?
    package var status: Int
    package var outcome: Outcome
    package var requestedCost: Int?
    package var actualCost: Int?
}
