import Adapters
import GatewayConfig

/// What the panel needs of one tenant at request time.
package struct PanelTenant: Sendable {
    /// The name in the panel's URL: `/panel/<name>/`.
    package var name: String
    package var catalog: any Catalog
    /// The iAdvize website the catalog queries are made for (the tenant's first one).
    package var idWebsite: String
    /// The connector's secret tokens (two during a rotation): iAdvize signs the panel's JWT with them.
    package var secrets: [String]
    /// The app URL pasted in the connector: a token's `aud` must equal it exactly.
    package var appURL: String?
    package var authentication: PanelAuthentication

    package init(
        name: String, catalog: any Catalog, idWebsite: String, secrets: [String], appURL: String?,
        authentication: PanelAuthentication = .required
    ) {
        self.name = name
        self.catalog = catalog
        self.idWebsite = idWebsite
        self.secrets = secrets
        self.appURL = appURL
        self.authentication = authentication
    }
}

extension PanelTenantSettings {
    /// The runtime tenant, or nil when its panel is off or it serves no website.
    package func tenant(name: String, catalog: any Catalog, websites: some Collection<String>, secrets: [String]) -> PanelTenant? {
        guard enabled, let website = websites.sorted().first else { return nil }
        return PanelTenant(
            name: name, catalog: catalog, idWebsite: website, secrets: secrets, appURL: appURL, authentication: authentication)
    }
}
