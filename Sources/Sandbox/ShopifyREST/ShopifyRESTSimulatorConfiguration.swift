/// How the simulated Shopify Admin REST API behaves. It serves the same store (catalog and
/// customers) as the GraphQL simulator, with the same access token unless told otherwise.
package struct ShopifyRESTSimulatorConfiguration: Sendable {
    /// Nil accepts the GraphQL simulator's token (one app, two APIs, as on Shopify).
    package var accessToken: String?
    /// Requests the leaky bucket holds (standard plan: 40).
    package var bucketSize: Int
    /// Requests drained per second (standard plan: 2).
    package var leakRate: Double
    /// How many requests `ShopifyRESTSimulator.requests` keeps.
    package var requestLogLimit: Int
    /// The `scheme://host` put in `Link` headers; nil uses the request's `Host` (over plain
    /// HTTP), so clients can follow the links back to the sandbox.
    package var publicBaseURL: String?

    package init(accessToken: String? = nil, bucketSize: Int = 40, leakRate: Double = 2, requestLogLimit: Int = 500, publicBaseURL: String? = nil) {
        self.accessToken = accessToken
        self.bucketSize = bucketSize
        self.leakRate = leakRate
        self.requestLogLimit = requestLogLimit
        self.publicBaseURL = publicBaseURL
    }
}
