import Mapping

/// An upstream request with expressions in it; rendering it gives a concrete request.
struct RequestTemplate: Sendable {
    let condition: Expression?
    let method: String
    /// Appended to the tenant's base URL; every interpolated value is encoded as one path segment,
    /// so no value can change the host or climb to another path.
    let path: TextTemplate
    let query: [(name: String, value: Expression)]
    let headers: [(name: String, value: Expression)]
    let body: RequestBody?
    /// Failure rules for this request only, checked before the adapter's own.
    let errorRules: [ErrorRule]
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

    var pageSize: Int? {
        switch self {
        case .none: nil
        case .cursor(let pageSize, _, _): pageSize
        }
    }
}
