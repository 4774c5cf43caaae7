/// Who is calling: the parameters every plugin call carries.
package struct PluginCaller: Sendable, Hashable {
    /// The iAdvize website the connector is installed on, e.g. `ha-123`; decides the tenant's access.
    package var idWebsite: String
    package var idConnectorVersion: String?
    package var idOperator: String?

    package init(idWebsite: String, idConnectorVersion: String? = nil, idOperator: String? = nil) {
        self.idWebsite = idWebsite
        self.idConnectorVersion = idConnectorVersion
        self.idOperator = idOperator
    }

    init(_ query: QueryString) throws(ParameterError) {
        guard let website = try query.value("idWebsite"), !website.isEmpty else { throw .missing(parameter: "idWebsite") }
        idWebsite = try ParameterRules.token(website, name: "idWebsite", expected: "letters, digits, '-' or '_' (e.g. ha-123)")
        idConnectorVersion = try query.value("idConnectorVersion").map { (value) throws(ParameterError) in
            try ParameterRules.token(value, name: "idConnectorVersion", expected: "a UUID")
        }
        idOperator = try query.value("idOperator").map { (value) throws(ParameterError) in
            try ParameterRules.identifier(value, name: "idOperator")
        }
    }
}

/// The `limit`/`offset` window of a list: iAdvize pages with these only (no total, no cursor), and a
/// page shorter than `limit` ends the list.
package struct PageWindow: Sendable, Hashable {
    package var offset: Int
    package var limit: Int

    package init(offset: Int, limit: Int) {
        self.offset = offset
        self.limit = limit
    }

    init(_ query: QueryString) throws(ParameterError) {
        offset = try ParameterRules.integer(query.value("offset"), name: "offset", range: PluginLimits.offset, default: 0)
        limit = try ParameterRules.integer(
            query.value("limit"), name: "limit", range: PluginLimits.limit, default: PluginLimits.defaultLimit)
    }
}

/// Parameters of the categories route.
package struct CategoryQuery: Sendable, Hashable {
    package var caller: PluginCaller
    /// The parent category, for sub-categories; nil for the top level.
    package var idParent: String?
    package var window: PageWindow

    package init(caller: PluginCaller, idParent: String? = nil, window: PageWindow) {
        self.caller = caller
        self.idParent = idParent
        self.window = window
    }

    package init(_ query: QueryString) throws(ParameterError) {
        caller = try PluginCaller(query)
        idParent = try ParameterRules.optionalIdentifier(query.value("idParent"), name: "idParent")
        window = try PageWindow(query)
    }
}

/// Parameters of the products route.
public struct ProductQuery: Sendable, Hashable {
    package var caller: PluginCaller
    package var idCategory: String?
    /// The agent's search text, trimmed; nil when empty.
    package var searchQuery: String?
    package var window: PageWindow

    package init(caller: PluginCaller, idCategory: String? = nil, searchQuery: String? = nil, window: PageWindow) {
        self.caller = caller
        self.idCategory = idCategory
        self.searchQuery = searchQuery
        self.window = window
    }

    public init(_ query: QueryString) throws(ParameterError) {
        caller = try PluginCaller(query)
        idCategory = try ParameterRules.optionalIdentifier(query.value("idCategory"), name: "idCategory")
        // Older Desks sent the search as search[default][contains]; one of the two may be given.
        let modern = try query.value("searchQuery")
        let legacy = try query.value("search[default][contains]")
        if modern != nil && legacy != nil { throw .duplicated(parameter: "searchQuery") }
        searchQuery = try ParameterRules.freeText(modern ?? legacy, name: "searchQuery")
        window = try PageWindow(query)
    }
}
