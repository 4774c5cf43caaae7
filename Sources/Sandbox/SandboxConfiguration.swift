/// Where the sandbox listens and what it simulates. `SandboxConfiguration()` serves every
/// simulator with its demo data and demo credentials.
public struct SandboxConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port; `SandboxServer.run(onRunning:)` reports the one bound.
    public var port: Int
    /// Shopify Admin GraphQL; its store, customers and token also serve Shopify REST.
    public var shopify: ShopifySimulatorConfiguration
    public var shopifyREST: ShopifyRESTSimulatorConfiguration
    public var wooCommerce: WooCommerceSimulatorConfiguration
    public var hubSpot: HubSpotSimulatorConfiguration
    /// Larger request bodies are refused with 413, as a real API gateway would.
    public var maximumRequestBodySize: Int

    public init(
        host: String = "127.0.0.1", port: Int = 8091, shopify: ShopifySimulatorConfiguration = ShopifySimulatorConfiguration(),
        shopifyREST: ShopifyRESTSimulatorConfiguration = ShopifyRESTSimulatorConfiguration(),
        wooCommerce: WooCommerceSimulatorConfiguration = WooCommerceSimulatorConfiguration(),
        hubSpot: HubSpotSimulatorConfiguration = HubSpotSimulatorConfiguration(),
        maximumRequestBodySize: Int = 2 * 1024 * 1024
    ) {
        self.host = host
        self.port = port
        self.shopify = shopify
        self.shopifyREST = shopifyREST
        self.wooCommerce = wooCommerce
        self.hubSpot = hubSpot
        self.maximumRequestBodySize = maximumRequestBodySize
    }
}
