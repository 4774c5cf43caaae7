/// config.yaml blocks (under `tenants:`) of the tenants that several suites serve from the
/// sandbox's simulators on `port`. `extra` is more of the tenant's keys, each line indented by
/// four spaces.
enum SimulatedTenants {
    /// `crm`: the `hubspot` adapter for website ha-444, signed with `crm-secret`, in French.
    static func hubSpot(port: Int, portalId: String = "4242", extra: String = "") -> String {
        """
          crm:
            websites: [ha-444]
            adapter: hubspot
            upstream: http://127.0.0.1:\(port)
            credentials: { token: pat-demo }
            settings: { portalId: "\(portalId)", ticketPipeline: "0", ticketStage: "1" }
            secret: crm-secret
            language: fr
        \(extra)
        """
    }

    /// `woo`: the `woocommerce` adapter for website ha-222, signed with `woo-secret`.
    static func wooCommerce(port: Int, extra: String = "") -> String {
        """
          woo:
            websites: [ha-222]
            adapter: woocommerce
            upstream: http://127.0.0.1:\(port)
            credentials: { consumerKey: ck_demo, consumerSecret: cs_demo }
            secret: woo-secret
        \(extra)
        """
    }
}
