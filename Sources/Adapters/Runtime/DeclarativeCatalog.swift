import Logging
import Mapping
import Plugins
import Upstream

/// A catalog served by an adapter file: plans the upstream calls for a plugin call, walks the
/// upstream's pages to cover iAdvize's offset/limit window, and maps every item.
public struct DeclarativeCatalog: Catalog {
    public let adapter: AdapterDefinition
    public let upstream: TenantUpstream
    let gateway: UpstreamGateway

    public init(adapter: AdapterDefinition, upstream: TenantUpstream, gateway: UpstreamGateway) {
        self.adapter = adapter
        self.upstream = upstream
        self.gateway = gateway
    }

    public func categories(_ query: CategoryQuery, logger: Logger) async throws(AdapterError) -> [Category] {
        var params = Self.callerParams(query.caller, window: query.window)
        params.append(key: "idParent", value: query.idParent.map(JSON.string) ?? .null)
        return try await list(.categories, params: params, window: query.window, logger: logger) { fields throws(MappedItemError) in
            try Category(mapped: fields)
        }
    }

    public func products(_ query: ProductQuery, logger: Logger) async throws(AdapterError) -> [Product] {
        var params = Self.callerParams(query.caller, window: query.window)
        params.append(key: "idCategory", value: query.idCategory.map(JSON.string) ?? .null)
        params.append(key: "searchQuery", value: query.searchQuery.map(JSON.string) ?? .null)
        return try await list(.products, params: params, window: query.window, logger: logger) { fields throws(MappedItemError) in
            try Product(mapped: fields)
        }
    }

    private static func callerParams(_ caller: PluginCaller, window: PageWindow) -> JSONObject {
        var params = JSONObject()
        params.append(key: "idWebsite", value: .string(caller.idWebsite))
        params.append(key: "idOperator", value: caller.idOperator.map(JSON.string) ?? .null)
        params.append(key: "idConnectorVersion", value: caller.idConnectorVersion.map(JSON.string) ?? .null)
        params.append(key: "limit", value: .number(Double(window.limit)))
        params.append(key: "offset", value: .number(Double(window.offset)))
        return params
    }

    // MARK: Listing

    private func list<Model>(
        _ kind: PluginOperation, params: JSONObject, window: PageWindow, logger: Logger,
        make: @escaping (JSONObject) throws(MappedItemError) -> Model
    ) async throws(AdapterError) -> [Model] {
        guard let operation = adapter.operations[kind] else { throw .unsupported(operation: kind.rawValue) }
        var variables = [JSON](repeating: .null, count: adapter.layout.count + operation.fields.lets.count)
        variables[VariableLayout.params] = .object(params)
        variables[VariableLayout.settings] = .object(upstream.settings)
        if let emptyWhen = operation.emptyWhen, emptyWhen.evaluate(variables).isTruthy { return [] }
        guard window.limit > 0 else { return [] }
        for value in adapter.context {
            variables[value.slot] = try await contextValue(value, logger: logger)
        }
        guard let template = operation.requests.first(where: { $0.condition?.evaluate(variables).isTruthy ?? true }) else {
            throw .unsupported(operation: "\(kind.rawValue) with these parameters")
        }
        var mapper = ItemMapper(operation: operation, variables: variables, make: make)
        let ttl = upstream.ttlOverrides[kind] ?? operation.ttl
        switch operation.pagination {
        case .none:
            let document = try await fetch(template, variables: variables, ttl: ttl, logger: logger)
            let models = try mapper.keep(items(of: document, operation, variables))
            mapper.logSkipped(logger)
            return Array(models.dropFirst(window.offset).prefix(window.limit))
        case .cursor(let pageSize, let next, let hasNext):
            let models = try await walkCursorPages(
                template, operation: operation, kind: kind, pageSize: pageSize, next: next, hasNext: hasNext,
                variables: variables, window: window, ttl: ttl, mapper: &mapper, logger: logger)
            mapper.logSkipped(logger)
            return models
        }
    }

    /// Walks cursor pages from the nearest remembered page to the end of the window.
    private func walkCursorPages<Model>(
        _ template: RequestTemplate, operation: Operation, kind: PluginOperation, pageSize: Int, next: Expression,
        hasNext: Expression?, variables: [JSON], window: PageWindow, ttl: Duration, mapper: inout ItemMapper<Model>,
        logger: Logger
    ) async throws(AdapterError) -> [Model] {
        var variables = variables
        let renderer = RequestRenderer(adapter: adapter, upstream: upstream)
        variables[VariableLayout.page] = Self.page(number: 0, size: pageSize, cursor: .null)
        let first = renderer.render(template, variables: variables)
        let trailKey = CacheKey(
            tenant: upstream.tenant,
            parts: [adapter.name, kind.rawValue, first.method, first.url, String(decoding: first.body ?? [], as: UTF8.self)])
        var trail = gateway.cursors.value(for: trailKey) ?? CursorTrail()
        var (pageNumber, start) = trail.start(for: window.offset)
        var kept = start.keptBefore
        var cursor = start.cursor
        var models: [Model] = []
        var pagesWalked = 0
        defer { gateway.cursors.insert(trail, for: trailKey, ttl: .seconds(600), cost: trail.cost) }

        while models.count < window.limit {
            guard pagesWalked < operation.maxPages else { throw .tooManyPages(limit: operation.maxPages) }
            pagesWalked += 1
            variables[VariableLayout.page] = Self.page(number: pageNumber, size: pageSize, cursor: cursor)
            let document = try await fetch(template, variables: variables, ttl: ttl, logger: logger)
            for model in try mapper.keep(items(of: document, operation, variables)) {
                if kept >= window.offset && models.count < window.limit { models.append(model) }
                kept += 1
            }
            var pageVariables = variables
            pageVariables[VariableLayout.response] = document.body
            pageVariables[VariableLayout.headers] = .object(document.headers)
            let nextCursor = next.evaluate(pageVariables)
            let more = hasNext.map { $0.evaluate(pageVariables).isTruthy } ?? true
            guard more, !nextCursor.isNull, nextCursor != cursor else { break }
            pageNumber += 1
            cursor = nextCursor
            trail.record(page: pageNumber, .init(cursor: cursor, keptBefore: kept))
        }
        return models
    }

    static func page(number: Int, size: Int, cursor: JSON) -> JSON {
        var page = JSONObject()
        page.append(key: "number", value: .number(Double(number)))
        page.append(key: "size", value: .number(Double(size)))
        page.append(key: "offset", value: .number(Double(number * size)))
        page.append(key: "cursor", value: cursor)
        return .object(page)
    }

    // MARK: Upstream calls

    private func fetch(_ template: RequestTemplate, variables: [JSON], ttl: Duration, logger: Logger) async throws(AdapterError) -> UpstreamDocument {
        let request = RequestRenderer(adapter: adapter, upstream: upstream).render(template, variables: variables)
        let check = ResponseCheck(adapter: adapter, settings: upstream.settings, requestRules: template.errorRules)
        return try await gateway.fetch(request, tenant: upstream, ttl: ttl, logger: logger) { response throws(AdapterError) in
            try check.document(from: response)
        }
    }

    private func contextValue(_ value: ContextValue, logger: Logger) async throws(AdapterError) -> JSON {
        var variables = [JSON](repeating: .null, count: adapter.layout.count)
        variables[VariableLayout.settings] = .object(upstream.settings)
        let document = try await fetch(value.request, variables: variables, ttl: value.ttl, logger: logger)
        variables[VariableLayout.response] = document.body
        return value.result.evaluate(variables)
    }

    private func items(of document: UpstreamDocument, _ operation: Operation, _ variables: [JSON]) throws(AdapterError) -> (document: UpstreamDocument, items: [JSON]) {
        var variables = variables
        variables[VariableLayout.response] = document.body
        variables[VariableLayout.headers] = .object(document.headers)
        switch operation.items.evaluate(variables) {
        case .array(let items):
            return (document, items)
        case .null:
            throw .badResponse(message: "the answer has no item list at '\(operation.items.source)'")
        default:
            throw .badResponse(message: "'\(operation.items.source)' is not a list in the answer")
        }
    }
}

/// Maps upstream items to plugin models, leaving out those the adapter filters and those that lack
/// a required field (counted and logged, never silently dropped).
struct ItemMapper<Model> {
    let operation: Operation
    var variables: [JSON]
    let make: (JSONObject) throws(MappedItemError) -> Model
    private(set) var skipped: [MappedItemError] = []

    init(operation: Operation, variables: [JSON], make: @escaping (JSONObject) throws(MappedItemError) -> Model) {
        self.operation = operation
        self.variables = variables
        self.make = make
    }

    mutating func keep(_ page: (document: UpstreamDocument, items: [JSON])) throws(AdapterError) -> [Model] {
        variables[VariableLayout.response] = page.document.body
        var models: [Model] = []
        models.reserveCapacity(page.items.count)
        for item in page.items {
            variables[VariableLayout.item] = item
            if let filter = operation.filter, !filter.evaluate(variables).isTruthy { continue }
            let fields = operation.fields.map(&variables)
            do {
                models.append(try make(fields))
            } catch {
                skipped.append(error)
            }
        }
        return models
    }

    func logSkipped(_ logger: Logger) {
        guard let first = skipped.first else { return }
        logger.warning("upstream items left out", metadata: ["count": "\(skipped.count)", "first_reason": "\(first)"])
    }
}
