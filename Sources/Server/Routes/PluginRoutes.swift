import Adapters
import GatewayHTTP
import Hummingbird
import Logging
import NIOCore
import Plugins

/// The iAdvize plugin endpoints of every tenant: `/plugins/{tenant}/…`.
struct PluginRoutes: Sendable {
    let store: SnapshotStore
    let cache: PluginResponseCache

    func register(on router: Router<GatewayRequestContext>) {
        let plugins = router.group("plugins/:tenant")
        plugins.get("categories") { request, context in
            try await serve(request, context) { call in
                let query = try CategoryQuery(call.query)
                try call.admit(query.caller)
                return try await call.cached(.categories, parts: call.tenant.catalog.answerKeyParts(query), in: cache) {
                    try await call.tenant.categoriesAnswer(query, logger: call.logger)
                }
            }
        }
        plugins.get("products") { request, context in
            try await serve(request, context) { call in
                let query = try ProductQuery(call.query)
                try call.admit(query.caller)
                return try await call.cached(.products, parts: call.tenant.catalog.answerKeyParts(query), in: cache) {
                    try await call.tenant.productsAnswer(query, logger: call.logger)
                }
            }
        }
        plugins.get("customer") { request, context in
            try await serve(request, context) { call in
                let query = try CustomerQuery(call.query)
                try call.admit(query.caller)
                return .computed(try await call.tenant.customerAnswer(query, logger: call.logger))
            }
        }
        plugins.get("closing-form") { request, context in
            try await serve(request, context) { call in
                let query = try ClosingFormQuery(call.query)
                try call.admit(query.caller)
                return .computed(try await call.tenant.closingFormAnswer(query, logger: call.logger))
            }
        }
        plugins.post("customer/action") { request, context in
            await ActionRoute(store: store).serve(request, context)
        }
    }

    /// What a route handler gets once the call is authenticated.
    struct Call: Sendable {
        let tenant: Snapshot.Tenant
        let query: QueryString
        let logger: Logger

        /// The answer from the plugin-response cache, or computed (and kept for the route's TTL
        /// when it was built from fresh upstream data). `parts` are what the answer depends on
        /// (the catalog's configuration and the parameters its adapter reads, `answerKeyParts`).
        func cached(
            _ operation: PluginOperation, parts: [String], in cache: PluginResponseCache,
            compute: @escaping @Sendable () async throws -> PluginAnswer
        ) async throws -> ServedAnswer {
            let ttl = tenant.ttls[operation] ?? .zero
            return try await cache.answer(tenant: tenant.name, parts: [operation.rawValue] + parts, ttl: ttl, compute: compute)
        }

        /// Checks the caller's website and connector version against the tenant's lists.
        func admit(_ caller: PluginCaller) throws(CallRefused) {
            guard tenant.websites.contains(caller.idWebsite) else { throw .website }
            guard tenant.access.allowsConnectorVersion(caller.idConnectorVersion) else { throw .connectorVersion }
        }
    }

    /// Resolves the tenant, authenticates the call (source address, then signature over the raw
    /// query string), parses the query and runs `answer`. What it throws is answered by the error
    /// layer (`GatewayError`); upstream failures are logged here, where the tenant is known.
    private func serve(
        _ request: Request, _ context: GatewayRequestContext, answer: (Call) async throws -> ServedAnswer
    ) async throws -> Response {
        let snapshot = store.snapshot
        guard let name = context.parameters.get("tenant"), let tenant = snapshot.tenants[name] else {
            throw GatewayRefusal.unknownTenant()
        }
        var logger = context.logger
        logger[metadataKey: "tenant"] = .string(tenant.name)
        let rawQuery = request.uri.query ?? ""
        try Self.authenticate(request, context, tenant: tenant, payload: Array(rawQuery.utf8), snapshot: snapshot, logger: logger)
        let call = Call(tenant: tenant, query: try QueryString(parsing: rawQuery), logger: logger)
        let served: ServedAnswer
        do {
            served = try await answer(call)
        } catch let error as AdapterError {
            logger.warning("upstream failure", metadata: ["error": "\(error)"])
            throw error
        }
        var headers = HTTPFields()
        if let label = served.cacheLabel { headers[.deskBridgeCache] = label }
        return JSONAnswer.ok(served.body, headers: headers)
    }

    /// Source address first, then the signature over `payload` (the raw query string, or the raw
    /// body of a POST); returns when the call may go on.
    static func authenticate(
        _ request: Request, _ context: GatewayRequestContext, tenant: Snapshot.Tenant, payload: [UInt8], snapshot: Snapshot, logger: Logger
    ) throws(CallRefused) {
        let source = ClientAddress.resolve(
            peer: context.peerAddress, forwardedFor: request.headers[.xForwardedFor],
            trustedProxies: snapshot.configuration.listener.trustedProxies)
        guard tenant.access.allowsSource(source) else {
            logger.notice("call refused: source address not allowed", metadata: ["source": "\(source ?? "unknown")"])
            throw .source
        }
        guard !tenant.access.insecure else { return }
        let header = request.headers[.iAdvizeSignature]
        guard tenant.access.signature.isValid(header: header, payload: payload) else {
            logger.notice("call refused: \(header == nil ? "missing" : "invalid") signature")
            throw header == nil ? .missingSignature : .invalidSignature
        }
    }
}

/// Calls the tenant does not accept, whatever their parameters.
enum CallRefused: GatewayError {
    case missingSignature
    case invalidSignature
    case source
    case website
    case connectorVersion

    var status: HTTPResponse.Status {
        switch self {
        case .missingSignature, .invalidSignature: .unauthorized
        case .source, .website, .connectorVersion: .forbidden
        }
    }

    var code: String {
        switch self {
        case .missingSignature: "signature_missing"
        case .invalidSignature: "signature_invalid"
        case .source: "source_not_allowed"
        case .website: "website_not_allowed"
        case .connectorVersion: "connector_version_not_allowed"
        }
    }

    var message: String {
        switch self {
        case .missingSignature: "the x-iadvize-signature header is required"
        case .invalidSignature: "the x-iadvize-signature header does not match this connector's secret"
        case .source: "calls from this address are not accepted"
        case .website: "this tenant does not serve the iAdvize website given in idWebsite"
        case .connectorVersion: "this tenant does not accept this idConnectorVersion"
        }
    }

    var parameter: String? {
        switch self {
        case .website: "idWebsite"
        case .connectorVersion: "idConnectorVersion"
        case .missingSignature, .invalidSignature, .source: nil
        }
    }
}
