import Mapping

/// The variables adapter expressions read, and which of them each place in an adapter file may use.
///
/// Every expression of an adapter is compiled against the same slot layout, so one array of values
/// serves them all; a place that must not read a variable (a field map reading `credentials`, say)
/// gets a compiler in which that name is hidden, and the mistake is a load error at its position.
struct VariableLayout: Sendable {
    /// Plugin parameters: idWebsite, idOperator, idCategory, searchQuery, limit, offset...
    static let params = 0
    /// The adapter's settings merged with the tenant's.
    static let settings = 1
    /// The page being fetched: size, number, offset, cursor.
    static let page = 2
    /// The upstream's JSON answer.
    static let response = 3
    /// One item of the answer, in field maps.
    static let item = 4
    /// The upstream's HTTP status, in error rules.
    static let status = 5
    /// The upstream's response headers (lower-case names), in error rules and pagination.
    static let headers = 6
    /// The tenant's credentials, in the auth block only.
    static let credentials = 7

    static let baseNames = ["params", "settings", "page", "response", "item", "status", "headers", "credentials"]

    /// Names of values fetched once per tenant (the adapter's `context` block), e.g. `shop`.
    let contextNames: [String]
    /// Names of values an operation fetches once per call, before its main request (`prepare`).
    let prepareNames: [String]
    /// Names of an operation's per-item enrichment calls (its `enrich` block), e.g. `price`.
    let enrichmentNames: [String]
    /// Names of a field map's `let` bindings.
    let letNames: [String]

    /// The keys `params`, `settings` and `credentials` hold where this layout is used: reading any
    /// other is a load error (a typo would otherwise read null at every call).
    let knownKeys: [String: KnownKeys]

    init(
        contextNames: [String], prepareNames: [String] = [], enrichmentNames: [String] = [], letNames: [String] = [],
        knownKeys: [String: KnownKeys] = [:]
    ) {
        self.contextNames = contextNames
        self.prepareNames = prepareNames
        self.enrichmentNames = enrichmentNames
        self.letNames = letNames
        self.knownKeys = knownKeys
    }

    var names: [String] { Self.baseNames + contextNames + prepareNames + enrichmentNames + letNames }
    var count: Int { names.count }

    func slot(ofContext name: String) -> Int? {
        contextNames.firstIndex(of: name).map { Self.baseNames.count + $0 }
    }

    func slot(ofPrepared name: String) -> Int? {
        prepareNames.firstIndex(of: name).map { Self.baseNames.count + contextNames.count + $0 }
    }

    func slot(ofEnrichment name: String) -> Int? {
        enrichmentNames.firstIndex(of: name).map { Self.baseNames.count + contextNames.count + prepareNames.count + $0 }
    }

    func slot(ofLet name: String) -> Int? {
        letNames.firstIndex(of: name).map { Self.baseNames.count + contextNames.count + prepareNames.count + enrichmentNames.count + $0 }
    }

    func withPrepared(_ names: [String]) -> VariableLayout {
        VariableLayout(contextNames: contextNames, prepareNames: names, knownKeys: knownKeys)
    }

    func withEnrichments(_ names: [String]) -> VariableLayout {
        VariableLayout(contextNames: contextNames, prepareNames: prepareNames, enrichmentNames: names, knownKeys: knownKeys)
    }

    func withLets(_ names: [String]) -> VariableLayout {
        VariableLayout(
            contextNames: contextNames, prepareNames: prepareNames, enrichmentNames: enrichmentNames, letNames: names, knownKeys: knownKeys)
    }

    /// The same layout where `params` holds exactly `names` (the parameters of the call being served).
    func withParams(_ names: [String], of call: String) -> VariableLayout {
        var keys = knownKeys
        keys["params"] = KnownKeys(
            names: names, noun: "parameter", advice: names.isEmpty ? "\(call) is not served for a plugin call: it has no params" : nil,
            mayBeNull: CallParameters.optional.intersection(names))
        return VariableLayout(
            contextNames: contextNames, prepareNames: prepareNames, enrichmentNames: enrichmentNames, letNames: letNames, knownKeys: keys)
    }

    /// A compiler that knows only the variables `scope` allows, all at their layout slots.
    func compiler(for scope: ExpressionScope, letsVisible: Int? = nil) -> ExpressionCompiler {
        var allowed = scope.baseVariables
        if scope.readsContext {
            allowed.formUnion(contextNames)
            // Prepared values exist once the operation's own calls start, not in its `when` tests.
            if scope != .condition { allowed.formUnion(prepareNames) }
        }
        if scope == .fields {
            allowed.formUnion(enrichmentNames)
            allowed.formUnion(letNames.prefix(letsVisible ?? letNames.count))
        }
        // Hidden names are replaced by a string that no identifier can spell.
        return ExpressionCompiler(variables: names.map { allowed.contains($0) ? $0 : "#\($0)" }, knownKeys: knownKeys)
    }
}

/// A place in an adapter file where expressions appear.
enum ExpressionScope: Sendable, Hashable {
    case request
    case auth
    case pagination
    case items
    case fields
    case errorRule
    case contextResult
    case condition
    /// The request of a per-item enrichment call.
    case enrichmentRequest
    /// What an enrichment call keeps from its answer.
    case enrichmentResult
    /// The request of a customer action (`params` holds the action call and its `target`).
    case actionRequest
    /// An action's success message.
    case actionResult
    /// The label and value of an option loaded from an upstream.
    case option

    var baseVariables: Set<String> {
        switch self {
        case .request: ["params", "settings", "page"]
        case .auth: ["credentials", "settings"]
        case .pagination: ["response", "headers", "page", "params", "settings"]
        case .items: ["response", "headers", "params", "settings"]
        case .fields: ["item", "response", "params", "settings"]
        case .errorRule: ["status", "response", "headers", "settings"]
        case .contextResult: ["response", "settings"]
        case .condition: ["params", "settings"]
        case .enrichmentRequest: ["item", "params", "settings"]
        case .enrichmentResult: ["response", "headers", "item", "settings"]
        case .actionRequest: ["params", "settings"]
        case .actionResult: ["response", "params", "settings"]
        case .option: ["item", "settings"]
        }
    }

    var readsContext: Bool {
        switch self {
        case .request, .items, .fields, .condition, .enrichmentRequest, .actionRequest: true
        case .auth, .pagination, .errorRule, .contextResult, .enrichmentResult, .actionResult, .option: false
        }
    }
}
