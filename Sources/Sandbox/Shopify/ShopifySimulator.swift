import GraphQL

/// A simulated Shopify Admin GraphQL API, as strict as the real one: token auth, real GraphQL
/// parsing and validation, cost-based throttling answered with HTTP 200, opaque cursors,
/// `first` ≤ 250, and drafts returned to anyone who does not filter them out.
package final class ShopifySimulator: Sendable {
    package let configuration: ShopifySimulatorConfiguration
    let store: ShopifyStore
    /// The customers, shared with the REST simulator so both APIs see the same tags.
    let customerBook: ShopifyCustomerBook
    private let buckets: CostBuckets
    private let log: RequestLog<RecordedRequest>

    package init(configuration: ShopifySimulatorConfiguration) {
        self.configuration = configuration
        store = ShopifyStore(catalog: configuration.catalog)
        customerBook = ShopifyCustomerBook(customers: configuration.customers)
        buckets = CostBuckets(size: configuration.bucketSize, restoreRate: configuration.restoreRate)
        log = RequestLog(limit: configuration.requestLogLimit)
    }

    /// The catalog this simulator serves.
    package var catalog: ShopifyCatalog { store.catalog }

    /// The customers as they are now (with the tags `tagsAdd` added), in ascending id order.
    package var customers: [ShopifyCustomer] { customerBook.snapshot.customers }

    /// GraphQL requests received, including refused ones.
    package var requestCount: Int { log.count }

    /// The most recent GraphQL requests, oldest first.
    package var requests: [RecordedRequest] { log.entries }

    package func resetStatistics() {
        log.reset()
    }

    /// Changes the rate limit; nil leaves a value unchanged. Tests use it to force throttling.
    package func setBucket(size: Double?, restoreRate: Double?, currentlyAvailable: Double?) {
        buckets.configure(size: size, restoreRate: restoreRate, currentlyAvailable: currentlyAvailable, token: configuration.accessToken)
    }

    /// The access token's bucket as it is now.
    package var throttleStatus: ThrottleStatus { buckets.status(token: configuration.accessToken) }

    /// Answers one HTTP request. `path` may carry a query string; `method` defaults to POST.
    package func handle(body: [UInt8], headers: [(String, String)], path: String, method: String = "POST") async -> SimulatedResponse {
        let pathOnly = String(path.prefix { $0 != "?" })
        guard method.uppercased() == "POST", let version = Self.apiVersion(inGraphQLPath: pathOnly) else {
            return .json(404, #"{"errors":"Not Found"}"#)
        }
        var record = RecordedRequest(path: pathOnly, status: 200, outcome: .answered)
        let response = await answer(body: body, headers: headers, version: version, record: &record)
        record.status = response.status
        log.record(record)
        return response
    }

    /// The version in `/admin/api/<version>/graphql.json`, or nil for any other path.
    static func apiVersion(inGraphQLPath path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "admin", parts[2] == "api", !parts[3].isEmpty,
            parts[4] == "graphql.json"
        else { return nil }
        return String(parts[3])
    }

    private func answer(body: [UInt8], headers: [(String, String)], version: String, record: inout RecordedRequest) async -> SimulatedResponse {
        let versionHeader = [("X-Shopify-API-Version", Self.servedVersion(for: version))]
        guard let token = headers.first(where: { $0.0.lowercased() == "x-shopify-access-token" })?.1,
            token == configuration.accessToken
        else {
            record.outcome = .unauthorized
            return .json(401, #"{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}"#)
        }
        let contentType = headers.first { $0.0.lowercased() == "content-type" }?.1.lowercased() ?? ""
        guard let request = GraphQLRequestBody(body: body, contentType: contentType) else {
            record.outcome = .badRequest
            return .json(400, #"{"errors":{"query":"Required parameter missing or invalid"}}"#, headers: versionHeader)
        }
        record.query = request.query
        record.operationName = request.operationName
        record.variables = request.variablesJSON

        let schema: ShopifySchema
        switch ShopifySchema.shared {
        case .success(let built): schema = built
        case .failure(let error):
            return .json(500, ShopifyResponses.errors([GraphQLError(message: "Schema unavailable: \(error)")]), headers: versionHeader)
        }
        let execution: PreparedExecution
        switch prepare(request, schema: schema) {
        case .success(let prepared): execution = prepared
        case .failure(let refusal):
            record.outcome = .invalidQuery
            return .json(200, ShopifyResponses.errors(refusal.errors), headers: versionHeader)
        }

        let calculator = QueryCostCalculator(
            model: schema.costModel, document: execution.document, operation: execution.operation, variables: request.variables
        )
        let requested = calculator.requestedCost(of: execution.operation)
        record.requestedCost = requested
        if requested > ShopifyResponses.maximumQueryCost {
            record.outcome = .maxCostExceeded
            let status = buckets.status(token: token)
            return .json(200, ShopifyResponses.maxCostExceeded(requested: requested, status: status), headers: versionHeader)
        }
        switch buckets.reserve(requested, token: token) {
        case .throttled(let status):
            record.outcome = .throttled
            return .json(200, ShopifyResponses.throttled(requested: requested, status: status), headers: versionHeader)
        case .granted:
            break
        }

        let context = ShopifyResolverContext(store: store, customerBook: customerBook, searchLog: SearchLog())
        let result: GraphQLResult
        do {
            result = try await execute(
                schema: schema.schema, documentAST: execution.document, rootValue: ShopifyRoot(), context: context,
                variableValues: request.variables, operationName: request.operationName
            )
        } catch let error as GraphQLError {
            result = GraphQLResult(errors: [error])
        } catch {
            result = GraphQLResult(errors: [GraphQLError(message: String(describing: error))])
        }
        let actual = min(requested, result.data.map { calculator.actualCost(of: execution.operation, data: $0) } ?? 0)
        record.actualCost = actual
        let status = buckets.refund(requested - actual, token: token) ?? buckets.status(token: token)
        let cost = QueryCostReport(requested: requested, actual: actual, status: status)
        return .json(200, ShopifyResponses.result(result, cost: cost, searches: context.searchLog.all), headers: versionHeader)
    }

    /// Shopify answers with the version it actually served; an unknown one falls back.
    static func servedVersion(for requested: String) -> String {
        let isDated =
            requested.count == 7
            && requested.enumerated().allSatisfy { offset, character in
                offset == 4 ? character == "-" : character.isASCII && character.isNumber
            }
        return isDated || requested == "unstable" ? requested : "2025-01"
    }

    private struct PreparedExecution {
        let document: Document
        let operation: OperationDefinition
    }

    private struct Refusal: Error {
        let errors: [GraphQLError]
    }

    /// Parses and validates the document and picks the operation to run.
    private func prepare(_ request: GraphQLRequestBody, schema: ShopifySchema) -> Result<PreparedExecution, Refusal> {
        let depth = QueryNesting.depth(of: request.query)
        guard depth <= QueryNesting.limit else {
            return .failure(
                Refusal(errors: [
                    GraphQLError(
                        message: "Query has depth of \(depth), which exceeds max depth of \(QueryNesting.limit)",
                        extensions: ["code": "MAX_DEPTH_EXCEEDED"]
                    )
                ]))
        }
        let document: Document
        do {
            document = try parse(source: Source(body: request.query, name: "GraphQL request"))
        } catch let error as GraphQLError {
            return .failure(Refusal(errors: [ShopifyResponses.parseError(error)]))
        } catch {
            return .failure(Refusal(errors: [GraphQLError(message: String(describing: error), extensions: ["code": "PARSE_ERROR"])]))
        }
        let validationErrors = validate(schema: schema.schema, ast: document)
        guard validationErrors.isEmpty else {
            return .failure(Refusal(errors: validationErrors.map(ShopifyResponses.validationError)))
        }
        let operations = document.definitions.compactMap { $0 as? OperationDefinition }
        let operation: OperationDefinition
        if let name = request.operationName {
            guard let named = operations.first(where: { $0.name?.value == name }) else {
                return .failure(Refusal(errors: [GraphQLError(message: "No operation named \"\(name)\"", extensions: ["code": "operationNotFound"])]))
            }
            operation = named
        } else {
            guard operations.count == 1, let only = operations.first else {
                return .failure(
                    Refusal(errors: [
                        GraphQLError(
                            message: operations.isEmpty ? "No operations in query document" : "An operation name is required",
                            extensions: ["code": "operationNotFound"]
                        )
                    ]))
            }
            operation = only
        }
        guard operation.operation == .query || operation.operation == .mutation else {
            return .failure(
                Refusal(errors: [
                    GraphQLError(
                        message: "Schema is not configured for \(operation.operation.rawValue)s", nodes: [operation],
                        extensions: ["code": "missingRootType"]
                    )
                ]))
        }
        return .success(PreparedExecution(document: document, operation: operation))
    }
}
