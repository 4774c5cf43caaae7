import Mapping

/// An upstream request with expressions in it; rendering it gives a concrete request.
struct RequestTemplate: Sendable {
    let condition: Expression?
    let method: String
    /// Where the request goes.
    let target: Target
    let query: [(name: String, value: Expression)]
    let headers: [(name: String, value: Expression)]
    let body: RequestBody?
    /// Failure rules for this request only, checked before the adapter's own.
    let errorRules: [ErrorRule]
    /// An answer for which this holds is an empty list, whatever its status (a category deleted
    /// since the Desk listed it); checked before the error rules.
    let emptyWhen: Expression?
    /// `readOnly:` as declared: true for a search sent as POST, which may then be retried like a
    /// GET; nil decides from the method (and, for GraphQL, from the operation).
    var readOnly: Bool? = nil
    /// `rate:`, the name of the adapter's rate this request counts against (else `default`).
    var rate: (name: String, location: SourceLocation)? = nil
}

enum Target: Sendable {
    /// Appended to the tenant's base URL; every interpolated value is encoded as one path segment,
    /// so no value can change the host or climb to another path.
    case path(TextTemplate)
    /// An absolute URL taken from an upstream answer (a `children` or `next` link), followed only
    /// when it stays on the tenant's upstream.
    case url(Expression)
}

enum RequestBody: Sendable {
    case json(JSONTemplate)
    case graphql(query: String, variables: JSONTemplate?, operationName: String?)
}

/// A JSON document whose leaves may be expressions.
indirect enum JSONTemplate: Sendable {
    case literal(JSON)
    case expression(Expression)
    case array([JSONTemplate])
    case object([(key: String, value: JSONTemplate)])

    func render(_ variables: [JSON]) -> JSON {
        switch self {
        case .literal(let value):
            return value
        case .expression(let expression):
            return expression.evaluate(variables)
        case .array(let items):
            return .array(items.map { $0.render(variables) })
        case .object(let entries):
            var object = JSONObject()
            for entry in entries {
                object.append(key: entry.key, value: entry.value.render(variables))
            }
            return .object(object)
        }
    }
}

/// How an upstream list is split into pages, and how to reach the next one.
enum Pagination: Sendable {
    /// One request answers everything.
    case none
    /// Each answer carries the cursor of the next page (GraphQL `pageInfo.endCursor`, for one).
    case cursor(pageSize: Int, next: Expression, hasNext: Expression?)
    /// The upstream takes an item offset and a page size (`?offset=&limit=`).
    case offset(pageSize: Int, hasNext: Expression?)
    /// The upstream takes a page number and a page size (`?page=&per_page=`).
    case page(pageSize: Int, firstPage: Int, hasNext: Expression?)
    /// Each answer's `Link` header names the next page's URL (`rel="next"`), followed as given.
    case linkHeader(pageSize: Int)
    /// Each answer's body names the next page's URL (DRF's `next`, Salesforce's `nextRecordsUrl`).
    case nextURL(pageSize: Int, next: Expression)

    var pageSize: Int? {
        switch self {
        case .none: nil
        case .cursor(let size, _, _), .offset(let size, _), .page(let size, _, _), .linkHeader(let size), .nextURL(let size, _):
            size
        }
    }
}
