import Foundation
import Testing

/// Convenience readers over a GraphQL answer. It keeps the raw text (so it can cross tasks) and
/// decodes it on each read.
struct GraphQLAnswer: Sendable {
    let status: Int
    let raw: String

    init(_ response: LoopbackResponse) throws {
        status = response.status
        raw = response.text
        _ = try #require(response.json, "not a JSON object: \(response.text.prefix(300))")
    }

    var root: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(raw.utf8))) as? [String: Any] ?? [:]
    }

    var data: [String: Any]? { root["data"] as? [String: Any] }
    var hasDataKey: Bool { root.keys.contains("data") }
    var errors: [[String: Any]] { root["errors"] as? [[String: Any]] ?? [] }
    var firstErrorCode: String? { (errors.first?["extensions"] as? [String: Any])?["code"] as? String }
    var firstErrorMessage: String? { errors.first?["message"] as? String }
    var cost: [String: Any]? { (root["extensions"] as? [String: Any])?["cost"] as? [String: Any] }
    var throttleStatus: [String: Any]? { cost?["throttleStatus"] as? [String: Any] }

    /// The object at a path of keys under `data`.
    func object(_ path: String...) -> [String: Any]? {
        var current: Any? = data
        for key in path { current = (current as? [String: Any])?[key] }
        return current as? [String: Any]
    }

    /// `nodes` of the connection at a path under `data`.
    func nodes(_ path: String...) -> [[String: Any]] {
        var current: Any? = data
        for key in path { current = (current as? [String: Any])?[key] }
        return (current as? [String: Any])?["nodes"] as? [[String: Any]] ?? []
    }
}

/// Posts a query and decodes the answer.
func ask(_ port: Int, _ query: String, variables: [String: Any]? = nil) async throws -> GraphQLAnswer {
    try GraphQLAnswer(await LoopbackHTTPClient.graphQL(port: port, query: query, variables: variables))
}

/// Walks a products-style connection page by page with `first` and `after`, returning the ids in
/// order. `connection` is a field expression such as `products(query: $q)`; the query declares
/// `$after: String`.
func walkIDs(
    port: Int, field: String, pageSize: Int, path: [String], extraVariables: [String: Any] = [:], declarations: String = ""
) async throws -> (ids: [String], pages: Int) {
    var ids: [String] = []
    var after: String?
    var pages = 0
    repeat {
        var variables = extraVariables
        variables["after"] = after ?? NSNull()
        let query =
            "query Walk($after: String\(declarations)) { \(field.replacingOccurrences(of: "$PAGING", with: "first: \(pageSize), after: $after")) }"
        let answer = try await ask(port, query, variables: variables)
        try #require(answer.errors.isEmpty, "errors: \(answer.raw.prefix(500))")
        var current: Any? = answer.data
        for key in path { current = (current as? [String: Any])?[key] }
        let connection = try #require(current as? [String: Any], "no connection in \(answer.raw.prefix(300))")
        let nodes = try #require(connection["nodes"] as? [[String: Any]])
        ids += nodes.compactMap { $0["id"] as? String }
        let pageInfo = try #require(connection["pageInfo"] as? [String: Any])
        pages += 1
        after = (pageInfo["hasNextPage"] as? Bool == true) ? pageInfo["endCursor"] as? String : nil
        try #require(pages < 200, "runaway pagination")
    } while after != nil
    return (ids, pages)
}
