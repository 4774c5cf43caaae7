import Mapping

/// The names `params` holds for each kind of call an adapter serves, so that a misspelt parameter
/// (`params.searchquery`) is a load error instead of a null at every call. The runtime builds
/// `params` with exactly these names (`DeclarativeCatalog`, `DeclarativeCustomers`; a test compares).
enum CallParameters {
    static let caller = ["idWebsite", "idOperator", "idConnectorVersion"]
    static let window = ["limit", "offset"]

    static func names(for operation: PluginOperation) -> [String] {
        switch operation {
        case .categories: caller + window + ["idParent"]
        case .products: caller + window + ["idCategory", "searchQuery"]
        }
    }

    static let customer =
        caller + ["emailVisitor", "idVisitorExternal", "idVisitorUnique", "operatorLocale", "language"]
    static let action = ["action", "target", "idConversation", "idOperator", "idWebsite", "idVisitorUnique", "idConnectorVersion"]

    /// Parameters the Desk leaves out when it has nothing to send (no category, no search, a visitor
    /// it knows only by email).
    static let optional: Set<String> = ["idParent", "idCategory", "searchQuery", "emailVisitor", "idVisitorExternal"]

    /// Settings every adapter may read without declaring them.
    static let builtInSettings = ["baseURL"]

    /// `settings` and `credentials` as an adapter declares them; `nullableSettings` default to null
    /// and are not required.
    static func declaredKeys(settings: [String], credentials: [String], nullableSettings: Set<String> = []) -> [String: KnownKeys] {
        [
            "settings": KnownKeys(
                names: settings + builtInSettings.filter { !settings.contains($0) }, noun: "setting",
                advice: "declare it under 'settings' with a default (null if none)", mayBeNull: nullableSettings),
            "credentials": KnownKeys(names: credentials, noun: "credential", advice: "list it under 'credentials'"),
        ]
    }
}
