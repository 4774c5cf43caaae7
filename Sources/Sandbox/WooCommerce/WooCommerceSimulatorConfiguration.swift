/// How a simulated WooCommerce shop behaves: its REST API keys and its data.
package struct WooCommerceSimulatorConfiguration: Sendable {
    /// Accepted as the HTTP Basic user name or the `consumer_key` query parameter.
    package var consumerKey: String
    package var consumerSecret: String
    package var store: WooCommerceStore
    /// How many requests `WooCommerceSimulator.requests` keeps.
    package var requestLogLimit: Int
    /// The `scheme://host` put in `Link` headers and `_links`; nil uses the request's `Host`
    /// (over plain HTTP), so clients can follow the links back to the sandbox.
    package var publicBaseURL: String?

    package static let demoConsumerKey = "ck_demo"
    package static let demoConsumerSecret = "cs_demo"

    package init(
        consumerKey: String = WooCommerceSimulatorConfiguration.demoConsumerKey,
        consumerSecret: String = WooCommerceSimulatorConfiguration.demoConsumerSecret,
        store: WooCommerceStore = .demo(), requestLogLimit: Int = 500, publicBaseURL: String? = nil
    ) {
        self.consumerKey = consumerKey
        self.consumerSecret = consumerSecret
        self.store = store
        self.requestLogLimit = requestLogLimit
        self.publicBaseURL = publicBaseURL
    }
}
