/// The upstream APIs the sandbox simulates; fault rules and statistics name them.
package enum SimulatorKind: String, Sendable, Hashable, CaseIterable {
    /// Shopify Admin GraphQL (`/admin/api/{version}/graphql.json`).
    case shopify
    /// Shopify Admin REST (`/admin/api/{version}/….json`).
    case shopifyREST = "shopify-rest"
    /// WooCommerce REST v3 (`/wp-json/…`).
    case wooCommerce = "woocommerce"
    /// HubSpot CRM v3 (`/crm/…`).
    case hubSpot = "hubspot"

    /// The simulator that owns a request path, or nil for a path none of them serves.
    static func owner(ofPath path: String) -> SimulatorKind? {
        if path.hasPrefix("/wp-json/") || path == "/wp-json" { return .wooCommerce }
        if path.hasPrefix("/crm/") { return .hubSpot }
        if path.hasPrefix("/admin/api/") {
            return path.hasSuffix("/graphql.json") ? .shopify : .shopifyREST
        }
        return nil
    }
}
