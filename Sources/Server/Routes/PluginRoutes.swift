import Adapters
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
            await serve(request, context) { call in
                let query = try CategoryQuery(call.query)
                try call.admit(query.caller)
                let parts = ["categories", query.idParent ?? "", String(query.window.offset), String(query.window.limit)]
                return try await call.cached(.categories, parts: parts, in: cache) {
                    try await call.tenant.categoriesAnswer(query, logger: call.logger)
                }
            }
        }
        plugins.get("products") { request, context in
            await serve(request, context) { call in
                let query = try ProductQuery(call.query)
                try call.admit(query.caller)
                let parts = ["products", query.idCategory ?? "", query.searchQuery ?? "", String(query.window.offset), String(query.window.limit)]
                return try await call.cached(.products, parts: parts, in: cache) {
                    try await call.tenant.productsAnswer(query, logger: call.logger)
                }
            }
        }
        plugins.get("customer") { request, context in
            await serve(request, context) { call in
                let query = try CustomerQuery(call.query)
                try call.admit(query.caller)
                return ByteBuffer(bytes: try await call.tenant.customerAnswer(query, logger: call.logger))
            }
        }
        plugins.get("closing-form") { request, context in
            await serve(request, context) { call in
                let query = try ClosingFormQuery(call.query)
                try call.admit(query.caller)
                return ByteBuffer(bytes: try await call.tenant.closingFormAnswer(query, logger: call.logger))
            }
        }
        plugins.post("customer/action") { request, context in
            await ActionRoute(store: store).serve(request, context)
        }
    }

    /// What a route handler gets once the call is authenticated.
    final class Call: @unchecked Sendable {
        // Created, used and dropped by one request handler, never shared across tasks: the
        // class only lets `cached` note a plugin-cache hit for the response header.
        let tenant: Snapshot.Tenant
        let version: Int
        let query: QueryString
        let logger: Logger
        var pluginCacheHit = false

        init(tenant: Snapshot.Tenant, version: Int, query: QueryString, logger: Logger) {
            self.tenant = tenant
            self.version = version
            self.query = query
            self.logger = logger
        }

        /// The answer from the plugin-response cache, or computed and kept for the route's TTL.
        func cached(_ operation: PluginOperation, parts: [String], in cache: PluginResponseCache, compute: () async throws -> [UInt8]) async throws -> ByteBuffer {
            let ttl = tenant.ttls[operation] ?? .zero
            let (body, hit) = try await cache.answer(tenant: tenant.name, version: version, parts: parts, ttl: ttl, compute: compute)
            pluginCacheHit = hit
            return body
        }

        /// Checks the caller's website and connector version against the tenant's lists.
        func admit(_ caller: PluginCaller) throws(CallRefused) {
            guard tenant.websites.contains(caller.idWebsite) else { throw .website }
            guard tenant.access.allowsConnectorVersion(caller.idConnectorVersion) else { throw .connectorVersion }
        }
    }

    /// Resolves the tenant, authenticates the call (source address, then signature over the raw
    /// query string), parses the query, runs `answer`, and turns every failure into a JSON error.
    private func serve(
        _ request: Request, _ context: GatewayRequestContext, answer: (Call) async throws -> ByteBuffer
    ) async -> Response {
        let snapshot = store.snapshot
        guard let name = context.parameters.get("tenant"), let tenant = snapshot.tenants[name] else {
            return JSONResponses.error(.notFound, code: "unknown_tenant", message: "no tenant is configured under this URL")
        }
        var logger = context.logger
        logger[metadataKey: "tenant"] = .string(tenant.name)
        let rawQuery = request.uri.query ?? ""
        if let refusal = Self.authenticate(request, context, tenant: tenant, payload: Array(rawQuery.utf8), snapshot: snapshot, logger: logger) {
            return refusal.response
        }
        do {
            let query = try QueryString(parsing: rawQuery)
            let call = Call(tenant: tenant, version: snapshot.version, query: query, logger: logger)
            let body = try await answer(call)
            return JSONResponses.ok(body, headers: call.pluginCacheHit ? [.deskBridgeCache: "hit"] : [:])
        } catch let error as ParameterError {
            return JSONResponses.error(.badRequest, code: "invalid_parameter", message: error.description, parameter: error.parameter)
        } catch let error as CallRefused {
            return error.response
        } catch let error as AdapterError {
            logger.warning("upstream failure", metadata: ["error": "\(error)"])
            return UpstreamFailureResponse.response(for: error)
        } catch {
            logger.error("unexpected failure", metadata: ["error": "\(error)"])
            return JSONResponses.error(.internalServerError, code: "internal_error", message: "DeskBridge failed to answer this call")
        }
    }

    /// Source address first, then the signature over `payload` (the raw query string, or the raw
    /// body of a POST); nil when the call may go on.
    static func authenticate(
        _ request: Request, _ context: GatewayRequestContext, tenant: Snapshot.Tenant, payload: [UInt8], snapshot: Snapshot, logger: Logger
    ) -> CallRefused? {
        let source = ClientAddress.resolve(
            peer: context.peerAddress, forwardedFor: request.headers[.xForwardedFor],
            trustedProxies: snapshot.configuration.listener.trustedProxies)
        guard tenant.access.allowsSource(source) else {
            logger.notice("call refused: source address not allowed", metadata: ["source": "\(source ?? "unknown")"])
            return .source
        }
        guard !tenant.access.insecure else { return nil }
        let header = request.headers[.iAdvizeSignature]
        guard tenant.access.signature.isValid(header: header, payload: payload) else {
            logger.notice("call refused: \(header == nil ? "missing" : "invalid") signature")
            return header == nil ? .missingSignature : .invalidSignature
        }
        return nil
    }
}

/// Calls the tenant does not accept, whatever their parameters.
enum CallRefused: Error {
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

    var message: String {
        switch self {
        case .missingSignature: "the x-iadvize-signature header is required"
        case .invalidSignature: "the x-iadvize-signature header does not match this connector's secret"
        case .source: "calls from this address are not accepted"
        case .website: "this tenant does not serve the iAdvize website given in idWebsite"
        case .connectorVersion: "this tenant does not accept this idConnectorVersion"
        }
    }

    var response: Response {
        switch self {
        case .missingSignature:
            JSONResponses.error(
                .unauthorized, code: "signature_missing", message: "the x-iadvize-signature header is required")
        case .invalidSignature:
            JSONResponses.error(
                .unauthorized, code: "signature_invalid",
                message: "the x-iadvize-signature header does not match this connector's secret")
        case .source:
            JSONResponses.error(.forbidden, code: "source_not_allowed", message: "calls from this address are not accepted")
        case .website:
            JSONResponses.error(
                .forbidden, code: "website_not_allowed", message: "this tenant does not serve the iAdvize website given in idWebsite",
                parameter: "idWebsite")
        case .connectorVersion:
            JSONResponses.error(
                .forbidden, code: "connector_version_not_allowed", message: "this tenant does not accept this idConnectorVersion",
                parameter: "idConnectorVersion")
        }
    }
}
