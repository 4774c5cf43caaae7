import Mapping

/// The plugin calls an adapter can serve.
public enum PluginOperation: String, Sendable, Hashable, CaseIterable {
    case categories
    case products

    /// The plugin fields an operation's field map may set, and those it must set.
    var fieldNames: (all: [String], required: [String]) {
        switch self {
        case .categories:
            (["id", "idParent", "label", "products", "productsCount"], ["id", "label"])
        case .products:
            (
                [
                    "id", "title", "productUrl", "brand", "description", "shortDescription", "available", "imageUrl",
                    "reference", "priceCatalog", "pricePromotion", "priceSpecial",
                ], ["id", "title"]
            )
        }
    }
}

/// A compiled adapter file: how plugin calls become upstream calls for one kind of upstream, and how
/// upstream JSON becomes plugin fields. Immutable; built once when the configuration loads.
public struct AdapterDefinition: Sendable {
    package let name: String
    package let file: String
    /// Changes when the file's text changes, to tell what a reload changed; the same in every
    /// process (`StableFingerprint`), so a fleet's shared keys built from it match.
    package let fingerprint: Int
    package let description: String?
    /// Settings the adapter reads, with their defaults; a tenant may override them.
    public let settings: JSONObject
    /// Credential names a tenant must provide (e.g. `accessToken`).
    package let credentialNames: [String]
    let auth: AuthScheme?
    /// The shape of the upstream's category ids; nil when the adapter does not say.
    let ids: IdentifierShape?
    let context: [ContextValue]
    let errorRules: [ErrorRule]
    let operations: [PluginOperation: Operation]
    let customer: CustomerOperation?
    let actions: [String: ActionDefinition]
    let optionSources: [String: OptionSource]
    let layout: VariableLayout
    /// Settings a tenant must give a value (no default serves: a pricing region, an account id).
    package var requiredSettings: [String] = []
    /// `rates:`, the upstream's rates DeskBridge paces calls under, by name.
    var rates: [String: RateDeclaration] = [:]

    package var supportedOperations: [PluginOperation] {
        PluginOperation.allCases.filter { operations[$0] != nil }
    }

    /// Whether the adapter serves the customer information plugin.
    package var servesCustomers: Bool { customer != nil }

    /// Names of the customer actions the adapter declares.
    package var actionNames: [String] { actions.keys.sorted() }

    /// Names of the option lists closing forms may load from this adapter.
    package var optionSourceNames: [String] { optionSources.keys.sorted() }

    /// The cache lifetime of an operation's upstream answers, as the adapter sets it.
    package func ttl(of operation: PluginOperation) -> Duration? {
        operations[operation]?.ttl
    }
}

/// How one plugin operation calls the upstream and maps its answer.
struct Operation: Sendable {
    /// Values fetched once per call before the main request (e.g. a parent category's links).
    let prepared: [ContextValue]
    /// Candidate requests; the first whose `when` holds is used.
    let requests: [RequestTemplate]
    /// When true, the answer is an empty list without any upstream call (e.g. sub-categories of a flat catalog).
    let emptyWhen: Expression?
    let pagination: Pagination
    /// Where the list of items is in the upstream's answer.
    let items: Expression
    /// Items for which this is false are left out (e.g. drafts).
    let filter: Expression?
    /// One upstream call per item in the window, for data the list does not carry (a price…).
    let enrichments: [Enrichment]
    /// Enrichment calls in flight at most, per plugin call.
    let enrichmentConcurrency: Int
    let fields: FieldMap
    /// Tells the items the field map cannot use (no id, no title, a field of the wrong type), left
    /// out while walking pages like `where`'s.
    let usability: ItemUsability
    /// The slots of everything this operation's expressions read: built-ins, context values,
    /// enrichments and `let` bindings.
    let layout: VariableLayout
    let ttl: Duration
    /// Upstream pages one plugin call may walk at most.
    let maxPages: Int
}

/// A per-item upstream call whose result the field map reads by name (e.g. `price`).
struct Enrichment: Sendable {
    let name: String
    let slot: Int
    let request: RequestTemplate
    /// What to keep of the answer; the whole answer when nil.
    let result: Expression?
    let ttl: Duration
    /// `optional: true`: when the call fails, the value is null (its fields are left out) and the
    /// record is still shown; the omission is counted.
    var optional = false
    /// `when:`: the call is made only when this holds (an owner id is set); otherwise null.
    var condition: Expression? = nil
}

/// A value fetched with its own request and read by name: once per tenant for the adapter's
/// `context` (the shop's currency), once per call for an operation's `prepare`.
struct ContextValue: Sendable {
    let name: String
    let slot: Int
    /// For `prepare`: fetched only when this holds (else null).
    let condition: Expression?
    let request: RequestTemplate
    let result: Expression
    let ttl: Duration
}

/// How the adapter authenticates to the upstream, from the tenant's credentials.
enum AuthScheme: Sendable {
    case header(name: String, value: Expression)
    case bearer(Expression)
    case basic(username: Expression, password: Expression)
    case queryParameter(name: String, value: Expression)
}

/// What an upstream answer means when it is not a plain success.
enum UpstreamFailureKind: String, Sendable, CaseIterable {
    case notFound = "not_found"
    case throttled
    case auth
    case unavailable
    case badResponse = "bad_response"
}

/// An adapter rule recognising an upstream failure, e.g. Shopify's THROTTLED answer sent with HTTP 200.
struct ErrorRule: Sendable {
    let condition: Expression
    let kind: UpstreamFailureKind
    /// Text with `{expression}` parts, shown in the error.
    let message: TextTemplate?
    /// Seconds to wait before retrying, when the upstream tells.
    let retryAfter: Expression?
}

/// The fields of one plugin item, computed from one upstream item.
struct FieldMap: Sendable {
    /// Named intermediate values, computed in order before the fields.
    let lets: [(slot: Int, value: Expression)]
    let fields: [(name: String, value: Expression)]

    /// The mapped fields of `item`; `variables` holds everything else the expressions read.
    func map(_ variables: inout [JSON]) -> JSONObject {
        for binding in lets {
            variables[binding.slot] = binding.value.evaluate(variables)
        }
        var object = JSONObject(minimumCapacity: fields.count)
        for field in fields {
            object.append(key: field.name, value: field.value.evaluate(variables))
        }
        return object
    }
}
