/// Who may call a tenant's routes: iAdvize, proven by the connector's signature, optionally only from
/// listed addresses and connector versions.
package struct TenantAccess: Sendable {
    /// Accepted connector secrets (two during a rotation).
    package var signature: SignatureCheck
    /// True when the tenant was explicitly configured without a secret (demos and tests only).
    package var insecure: Bool
    /// When set, only these `idConnectorVersion` values are answered.
    package var connectorVersions: Set<String>?
    /// When set, only calls from these addresses or blocks are answered.
    package var sourceNetworks: [IPNetwork]?

    package init(
        signature: SignatureCheck, insecure: Bool = false, connectorVersions: Set<String>? = nil, sourceNetworks: [IPNetwork]? = nil
    ) {
        self.signature = signature
        self.insecure = insecure
        self.connectorVersions = connectorVersions
        self.sourceNetworks = sourceNetworks
    }

    package func allowsSource(_ address: String?) -> Bool {
        guard let sourceNetworks else { return true }
        guard let address else { return false }
        return sourceNetworks.contains { $0.contains(address) }
    }

    package func allowsConnectorVersion(_ version: String?) -> Bool {
        guard let connectorVersions else { return true }
        return version.map(connectorVersions.contains) ?? false
    }
}
