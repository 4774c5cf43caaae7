import Adapters
import Plugins

/// Turns the panel API's query string into the plugin queries the catalog takes. The browser sends
/// only the list parameters; the caller (website, operator) comes from the server's side: the
/// tenant's website and the token's operator. Other parameters are ignored. Ids the catalog cannot
/// have are refused here as on the plugin routes (a 400 naming the parameter, no upstream call).
enum PanelQueries {
    static let productParameters: Set<String> = ["searchQuery", "idCategory", "limit", "offset"]
    static let categoryParameters: Set<String> = ["idParent", "limit", "offset"]

    static func products(_ raw: String, tenant: PanelTenant, operatorID: String?) throws(ParameterError) -> ProductQuery {
        var query = try ProductQuery(callerQuery(raw, keeping: productParameters, tenant: tenant))
        query.caller.idOperator = operatorID
        try tenant.catalog.checkIdentifiers(query)
        return query
    }

    static func categories(_ raw: String, tenant: PanelTenant, operatorID: String?) throws(ParameterError) -> CategoryQuery {
        var query = try CategoryQuery(callerQuery(raw, keeping: categoryParameters, tenant: tenant))
        query.caller.idOperator = operatorID
        try tenant.catalog.checkIdentifiers(query)
        return query
    }

    /// The list parameters of `raw` (validated later by the plugin queries, duplicates included)
    /// plus the tenant's website.
    private static func callerQuery(_ raw: String, keeping names: Set<String>, tenant: PanelTenant) throws(ParameterError) -> QueryString {
        let incoming = try QueryString(parsing: raw)
        var items = incoming.items.filter { names.contains($0.name) }
        items.append(QueryString.Item(name: "idWebsite", value: tenant.idWebsite))
        return QueryString(items: items)
    }
}
