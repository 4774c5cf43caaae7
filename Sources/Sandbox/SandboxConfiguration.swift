/// Where the sandbox listens and what it simulates. `SandboxConfiguration()` serves every
/// simulator with its demo data and demo credentials.
package struct SandboxConfiguration: Sendable {
    package var host: String
    /// 0 picks a free port; `SandboxServer.run(onRunning:)` reports the one bound.
    package var port: Int
    /// Shopify Admin GraphQL; its store, customers and token also serve Shopify REST.
    package var shopify: ShopifySimulatorConfiguration
    package var shopifyREST: ShopifyRESTSimulatorConfiguration
    package var wooCommerce: WooCommerceSimulatorConfiguration
    package var hubSpot: HubSpotSimulatorConfiguration
    /// Larger request bodies are refused with 413, as a real API gateway would.
    package var maximumRequestBodySize: Int

    package init(
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
