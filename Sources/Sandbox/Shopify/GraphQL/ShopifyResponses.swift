import Foundation
import GraphQL

/// The cost figures reported in `extensions.cost`.
struct QueryCostReport {
    let requested: Int
    /// Nil when the query was not executed.
    let actual: Int?
    let status: ThrottleStatus

    func write(to writer: inout JSONWriter) {
        writer.raw("\"cost\":{\"requestedQueryCost\":")
        writer.integer(requested)
        writer.raw(",\"actualQueryCost\":")
        if let actual { writer.integer(actual) } else { writer.raw("null") }
        writer.raw(",\"throttleStatus\":{\"maximumAvailable\":")
        writer.decimal(status.maximumAvailable)
        writer.raw(",\"currentlyAvailable\":")
        writer.integer(status.currentlyAvailable)
        writer.raw(",\"restoreRate\":")
        writer.decimal(status.restoreRate)
        writer.raw("}}")
    }
}

/// The bodies of Shopify's GraphQL answers, byte for byte where real responses are known.
enum ShopifyResponses {
    static let maximumQueryCost = 1000
    static let rateLimitDocumentation = "https://shopify.dev/api/usage/rate-limits"

    static func errors(_ errors: [GraphQLError]) -> [UInt8] {
        var writer = JSONWriter()
        writer.raw("{\"errors\":[")
        for (index, error) in errors.enumerated() {
            if index > 0 { writer.byte(UInt8(ascii: ",")) }
            writer.graphQLError(error)
        }
        writer.raw("]}")
        return writer.bytes
    }

    static func throttled(requested: Int, status: ThrottleStatus) -> [UInt8] {
        var writer = JSONWriter()
        writer.raw("{\"errors\":[{\"message\":\"Throttled\",\"extensions\":{\"code\":\"THROTTLED\",\"documentation\":")
        writer.string(rateLimitDocumentation)
        writer.raw("}}],\"extensions\":{")
        QueryCostReport(requested: requested, actual: nil, status: status).write(to: &writer)
        writer.raw("}}")
        return writer.bytes
    }

    static func maxCostExceeded(requested: Int, status: ThrottleStatus) -> [UInt8] {
        let message =
            "Query cost is \(requested), which exceeds the single query max cost limit (\(maximumQueryCost)).\n\n"
            + "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n"
            + "cost of a query is calculated.\n\n"
            + "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n"
            + "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n"
        var writer = JSONWriter()
        writer.raw("{\"errors\":[{\"message\":")
        writer.string(message)
        writer.raw(",\"extensions\":{\"code\":\"MAX_COST_EXCEEDED\",\"cost\":")
        writer.integer(requested)
        writer.raw(",\"maxCost\":")
        writer.integer(maximumQueryCost)
        writer.raw(",\"documentation\":")
        writer.string(rateLimitDocumentation)
        writer.raw("}}],\"extensions\":{")
        QueryCostReport(requested: requested, actual: nil, status: status).write(to: &writer)
        writer.raw("}}")
        return writer.bytes
    }

    /// An executed query: `data`, field `errors` if any, and `extensions` (cost, search warnings).
    static func result(_ result: GraphQLResult, cost: QueryCostReport, searches: [SearchLog.Entry]) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 16_384)
        writer.raw("{")
        if !result.errors.isEmpty {
            writer.raw("\"errors\":[")
            for (index, error) in result.errors.enumerated() {
                if index > 0 { writer.byte(UInt8(ascii: ",")) }
                writer.graphQLError(error)
            }
            writer.raw("],")
        }
        writer.raw("\"data\":")
        if let data = result.data { writer.map(data) } else { writer.raw("null") }
        writer.raw(",\"extensions\":{")
        cost.write(to: &writer)
        if !searches.isEmpty {
            writer.raw(",\"search\":[")
            for (index, entry) in searches.enumerated() {
                if index > 0 { writer.byte(UInt8(ascii: ",")) }
                writer.raw("{\"path\":")
                writer.value(.array(entry.path.map(JSONValue.string)))
                writer.raw(",\"query\":")
                writer.string(entry.query)
                writer.raw(",\"warnings\":[")
                for (offset, warning) in entry.warnings.enumerated() {
                    if offset > 0 { writer.byte(UInt8(ascii: ",")) }
                    writer.raw("{\"field\":")
                    writer.string(warning.field)
                    writer.raw(",\"message\":")
                    writer.string(warning.message)
                    writer.raw("}")
                }
                writer.raw("]}")
            }
            writer.raw("]")
        }
        writer.raw("}}")
        return writer.bytes
    }

    /// A syntax error reduced to its first line, with its location and a code.
    static func parseError(_ error: GraphQLError) -> GraphQLError {
        var description = String(error.message.prefix { $0 != "\n" })
        if description.hasPrefix("Syntax Error"), let close = description.firstIndex(of: ")") {
            description = String(description[description.index(after: close)...]).trimmingCharacters(in: .whitespaces)
        }
        let location = error.locations.first.map { " at [\($0.line), \($0.column)]" } ?? ""
        return GraphQLError(
            message: "Parse error: \(description)\(location)", locations: error.locations,
            extensions: ["code": "PARSE_ERROR"]
        )
    }

    /// A validation error with Shopify's (graphql-ruby's) wording and code where known.
    static func validationError(_ error: GraphQLError) -> GraphQLError {
        let quoted = error.message.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
        var message = error.message
        var extensions: [String: Map] = ["code": "GRAPHQL_VALIDATION_FAILED"]
        if error.message.hasPrefix("Cannot query field"), quoted.count >= 2 {
            message = "Field '\(quoted[0])' doesn't exist on type '\(quoted[1])'"
            extensions = ["code": "undefinedField", "typeName": .string(quoted[1]), "fieldName": .string(quoted[0])]
        } else if error.message.contains("does not have argument"), quoted.count >= 3 {
            // GraphQLSwift: Field "products" on type "QueryRoot" does not have argument "limit".
            message = "Field '\(quoted[0])' doesn't accept argument '\(quoted[2])'"
            extensions = ["code": "argumentNotAccepted", "name": .string(quoted[0]), "argumentName": .string(quoted[2])]
        } else if error.message.contains("argument"), error.message.contains("is required"), quoted.count >= 1 {
            extensions = ["code": "missingRequiredArguments"]
        } else if error.message.contains("must have a selection of subfields") {
            extensions = ["code": "selectionMismatch"]
        } else if error.message.hasPrefix("Variable") {
            extensions = ["code": "variableMismatch"]
        }
        return GraphQLError(message: message, locations: error.locations, extensions: extensions)
    }
}
