import Logging
import Mapping
import Plugins
import Upstream

/// A catalog served by an adapter file: plans the upstream calls for a plugin call, walks the
/// upstream's pages to cover iAdvize's offset/limit window, enriches and maps every item.
public struct DeclarativeCatalog: Catalog {
    package let adapter: AdapterDefinition
    package let upstream: TenantUpstream
    let gateway: UpstreamGateway
    /// What each operation's expressions read of `params`, found once in the compiled adapter.
    private let reads: [PluginOperation: ParametersRead]
    /// The adapter file and the tenant's upstream (URL, settings, credentials), as one number that
    /// every replica of a fleet computes alike: answers of another configuration never match.
    private let identity: String

    public init(adapter: AdapterDefinition, upstream: TenantUpstream, gateway: UpstreamGateway) {
        self.adapter = adapter
        self.upstream = upstream
        self.gateway = gateway
        reads = Dictionary(uniqueKeysWithValues: adapter.supportedOperations.map { ($0, adapter.parametersRead(by: $0)) })
        identity = String(
            StableFingerprint.of(
                adapter.name, String(adapter.fingerprint), upstream.baseURL.description, JSON.object(upstream.settings).jsonText,
                upstream.credentialIdentity),
            radix: 16)
    }

    /// The window and the parameters the adapter's categories expressions read, with their values.
    package func answerKeyParts(_ query: CategoryQuery) -> [String] {
        keyParts(CallParameterValues.categories(query), of: .categories)
    }

    /// The window and the parameters the adapter's products expressions read, with their values.
    package func answerKeyParts(_ query: ProductQuery) -> [String] {
        keyParts(CallParameterValues.products(query), of: .products)
    }

    private func keyParts(_ params: JSONObject, of kind: PluginOperation) -> [String] {
        let read = reads[kind] ?? .all
        return [identity] + params.keyParts { CallParameterValues.window.contains($0) || read.contains($0) }
    }

    package func categories(_ query: CategoryQuery, logger: Logger) async throws(AdapterError) -> [Category] {
        let params = CallParameterValues.categories(query)
        return try await list(.categories, params: params, window: query.window, logger: logger) { fields throws(MappedItemError) in
            try Category(mapped: fields)
        }
    }

    public func products(_ query: ProductQuery, logger: Logger) async throws(AdapterError) -> [Product] {
        let params = CallParameterValues.products(query)
        return try await list(.products, params: params, window: query.window, logger: logger) { fields throws(MappedItemError) in
            try Product(mapped: fields)
        }
    }

    package func checkIdentifiers(_ query: CategoryQuery) throws(ParameterError) {
        try adapter.ids?.check(query.idParent, parameter: "idParent")
    }

    package func checkIdentifiers(_ query: ProductQuery) throws(ParameterError) {
        try adapter.ids?.check(query.idCategory, parameter: "idCategory")
    }

    // MARK: Listing

    private func list<Model>(
        _ kind: PluginOperation, params: JSONObject, window: PageWindow, logger: Logger,
        make: (JSONObject) throws(MappedItemError) -> Model
    ) async throws(AdapterError) -> [Model] {
        guard let operation = adapter.operations[kind] else { throw .unsupported(operation: kind.rawValue) }
        var variables = [JSON](repeating: .null, count: operation.layout.count)
        variables[VariableLayout.params] = .object(params)
        variables[VariableLayout.settings] = .object(upstream.settings)
        if let emptyWhen = operation.emptyWhen, emptyWhen.evaluate(variables).isTruthy { return [] }
        guard window.limit > 0 else { return [] }

        let fetcher = UpstreamFetcher(adapter: adapter, upstream: upstream, gateway: gateway, logger: logger)
        for value in adapter.context {
            variables[value.slot] = try await Self.contextValue(value, adapter: adapter, upstream: upstream, fetcher: fetcher)
        }
        for value in operation.prepared where value.condition?.evaluate(variables).isTruthy ?? true {
            let document = try await fetcher.fetch(value.request, variables: variables, ttl: value.ttl)
            // The parent category is gone (its request's `emptyWhen`): it has no sub-categories.
            if document.isEmptyList { return [] }
            var scope = variables
            scope[VariableLayout.response] = document.body
            variables[value.slot] = value.result.evaluate(scope)
        }
        guard let template = operation.requests.first(where: { $0.condition?.evaluate(variables).isTruthy ?? true }) else {
            throw .unsupported(operation: "\(kind.rawValue) with these parameters")
        }
        let read = reads[kind] ?? .all
        let walker = PageWalker(
            fetcher: fetcher, operation: operation, kind: kind, ttl: upstream.ttlOverrides[kind] ?? operation.ttl,
            readParameters: params.keyParts { !CallParameterValues.window.contains($0) && read.contains($0) })
        let items = try await walker.window(window, template: template, variables: variables) { fields throws(MappedItemError) in
            _ = try make(fields)
        }
        let enrichments = try await ItemEnricher(fetcher: fetcher, operation: operation).values(for: items, variables: variables)

        var models: [Model] = []
        models.reserveCapacity(items.count)
        var skipped: [MappedItemError] = []
        for (index, kept) in items.enumerated() {
            let fields: JSONObject
            if let mapped = kept.mapped {
                // Every field was mapped while walking, to check it: not mapped twice.
                fields = mapped
            } else {
                variables[VariableLayout.item] = kept.item
                variables[VariableLayout.response] = kept.response
                for (enrichment, value) in zip(operation.enrichments, enrichments[index]) {
                    variables[enrichment.slot] = value
                }
                fields = operation.fields.map(&variables)
            }
            do {
                models.append(try make(fields))
            } catch {
                skipped.append(error)
            }
        }
        if let first = skipped.first {
            // Left out, never silently. Items the model cannot read were left out while walking (the
            // page is filled); only a field that reads an enrichment no required field reads (fetched
            // for the window's items alone) can still fail here, and then the page is one item short.
            logger.warning("upstream items left out", metadata: ["count": "\(skipped.count)", "first_reason": "\(first)"])
            for error in skipped {
                UpstreamCallLog.current?.record(droppedItem: .init(plugin: kind.rawValue, reason: error.droppedReason))
            }
        }
        return models
    }

    /// A value of the adapter's `context`, fetched once per tenant and kept for its TTL.
    static func contextValue(
        _ value: ContextValue, adapter: AdapterDefinition, upstream: TenantUpstream, fetcher: UpstreamFetcher
    ) async throws(AdapterError) -> JSON {
        var variables = [JSON](repeating: .null, count: adapter.layout.count)
        variables[VariableLayout.settings] = .object(upstream.settings)
        let document = try await fetcher.fetch(value.request, variables: variables, ttl: value.ttl)
        variables[VariableLayout.response] = document.body
        return value.result.evaluate(variables)
    }
}
