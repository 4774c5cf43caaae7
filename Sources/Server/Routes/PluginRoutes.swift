import Adapters
import Hummingbird
import Logging
import Plugins

/// The iAdvize plugin endpoints of every tenant: `/plugins/{tenant}/…`.
struct PluginRoutes: Sendable {
    let store: SnapshotStore

    func register(on router: Router<GatewayRequestContext>) {
        let plugins = router.group("plugins/:tenant")
        plugins.get("categories") { request, context in
            await serve(request, context) { call in
                let query = try CategoryQuery(call.query)
                try call.admit(query.caller)
                return PluginJSONWriter.encode(try await call.tenant.catalog.categories(query, logger: call.logger))
            }
        }
        plugins.get("products") { request, context in
            await serve(request, context) { call in
                let query = try ProductQuery(call.query)
                try call.admit(query.caller)
                return PluginJSONWriter.encode(try await call.tenant.catalog.products(query, logger: call.logger))
            }
        }
    }

    /// What a route handler gets once the call is authenticated.
    struct Call {
        let tenant: Snapshot.Tenant
        let query: QueryString
        let logger: Logger

        /// Checks the caller's website and connector version against the tenant's lists.
        func admit(_ caller: PluginCaller) throws(CallRefused) {
            guard tenant.websites.contains(caller.idWebsite) else { throw .website }
            guard tenant.access.allowsConnectorVersion(caller.idConnectorVersion) else { throw .connectorVersion }
        }
    }

    /// Resolves the tenant, authenticates the call (source address, then signature over the raw
    /// query string), parses the query, runs `answer`, and turns every failure into a JSON error.
    private func serve(
        _ request: Request, _ context: GatewayRequestContext, answer: (Call) async throws -> [UInt8]
    ) async -> Response {
        let snapshot = store.snapshot
        guard let name = context.parameters.get("tenant"), let tenant = snapshot.tenants[name] else {
            return JSONResponses.error(.notFound, code: "unknown_tenant", message: "no tenant is configured under this URL")
        }
        var logger = context.logger
        logger[metadataKey: "tenant"] = .string(tenant.name)
        let rawQuery = request.uri.query ?? ""
        let source = ClientAddress.resolve(
            peer: context.peerAddress, forwardedFor: request.headers[.xForwardedFor],
            trustedProxies: snapshot.configuration.listener.trustedProxies)
        guard tenant.access.allowsSource(source) else {
            logger.notice("call refused: source address not allowed", metadata: ["source": "\(source ?? "unknown")"])
            return CallRefused.source.response
        }
        if !tenant.access.insecure {
            let header = request.headers[.iAdvizeSignature]
            guard tenant.access.signature.isValid(header: header, payload: Array(rawQuery.utf8)) else {
                logger.notice("call refused: \(header == nil ? "missing" : "invalid") signature")
                return (header == nil ? CallRefused.missingSignature : .invalidSignature).response
            }
        }
        do {
            let query = try QueryString(parsing: rawQuery)
            return JSONResponses.ok(try await answer(Call(tenant: tenant, query: query, logger: logger)))
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
}

/// Calls the tenant does not accept, whatever their parameters.
enum CallRefused: Error {
    case missingSignature
    case invalidSignature
    case source
    case website
    case connectorVersion

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
