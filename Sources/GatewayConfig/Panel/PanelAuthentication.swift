/// Whether the panel's API demands iAdvize's JWT ("Use authentication" in the connector).
package enum PanelAuthentication: String, Sendable, Hashable, CaseIterable {
    /// Every API call carries a valid token signed with the connector's secret (the default).
    case required
    /// Anyone who knows the URL may list the tenant's catalog: demos only.
    case off
}
