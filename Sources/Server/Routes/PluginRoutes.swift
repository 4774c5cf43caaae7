import Adapters
import Hummingbird
import Logging
import Plugins

/// The iAdvize plugin endpoints of every tenant: `/plugins/{tenant}/…`.
struct PluginRoutes<Context: RequestContext>: Sendable {
    let store: SnapshotStore

    func register(on router: Router<Context>) {
        let plugins = router.group("plugins/:tenant")
        plugins.get("categories") { request, context in
            await serve(request, context) { tenant, query, logger in
                let categoryQuery = try CategoryQuery(query)
                try checkWebsite(categoryQuery.caller, tenant)
                return PluginJSONWriter.encode(try await tenant.catalog.categories(categoryQuery, logger: logger))
            }
        }
        plugins.get("products") { request, context in
            await serve(request, context) { tenant, query, logger in
                let productQuery = try ProductQuery(query)
                try checkWebsite(productQuery.caller, tenant)
                return PluginJSONWriter.encode(try await tenant.catalog.products(productQuery, logger: logger))
            }
        }
    }

    /// Resolves the tenant, parses the query string, runs `answer`, and turns every failure into a
    /// JSON error with the right status.
    private func serve(
        _ request: Request, _ context: Context,
        answer: (Snapshot.Tenant, QueryString, Logger) async throws -> [UInt8]
    ) async -> Response {
        let snapshot = store.snapshot
        guard let name = context.parameters.get("tenant"), let tenant = snapshot.tenants[name] else {
            return JSONResponses.error(.notFound, code: "unknown_tenant", message: "no tenant is configured under this URL")
        }
        var logger = context.logger
        logger[metadataKey: "tenant"] = .string(tenant.name)
        do {
            let query = try QueryString(parsing: request.uri.query ?? "")
            return JSONResponses.ok(try await answer(tenant, query, logger), headers: [.cacheControl: "no-store"])
        } catch let error as ParameterError {
            return JSONResponses.error(.badRequest, code: "invalid_parameter", message: error.description, parameter: error.parameter)
        } catch let error as WebsiteRefused {
            return JSONResponses.error(.forbidden, code: "website_not_allowed", message: error.description, parameter: "idWebsite")
        } catch let error as AdapterError {
            logger.warning("upstream failure", metadata: ["error": "\(error)"])
            return UpstreamFailureResponse.response(for: error)
        } catch {
            logger.error("unexpected failure", metadata: ["error": "\(error)"])
            return JSONResponses.error(.internalServerError, code: "internal_error", message: "DeskBridge failed to answer this call")
        }
    }

    private func checkWebsite(_ caller: PluginCaller, _ tenant: Snapshot.Tenant) throws(WebsiteRefused) {
        guard tenant.websites.contains(caller.idWebsite) else { throw WebsiteRefused() }
    }
}

/// A call for an iAdvize website the tenant does not serve.
struct WebsiteRefused: Error, CustomStringConvertible {
    var description: String { "this tenant does not serve the iAdvize website given in idWebsite" }
}

/// How each upstream failure reaches the Desk: never an empty list, always a status that says what happened.
enum UpstreamFailureResponse {
    static func response(for error: AdapterError) -> Response {
        switch error {
        case .throttled(_, let retryAfter):
            var headers: HTTPFields = [:]
            if let retryAfter { headers[.retryAfter] = String(max(1, retryAfter.components.seconds + (retryAfter.components.attoseconds > 0 ? 1 : 0))) }
            return JSONResponses.error(.serviceUnavailable, code: "upstream_throttled", message: error.description, headers: headers)
        case .unavailable:
            return JSONResponses.error(.serviceUnavailable, code: "upstream_unavailable", message: error.description)
        case .timedOut:
            return JSONResponses.error(.gatewayTimeout, code: "upstream_timeout", message: error.description)
        case .authFailed:
            return JSONResponses.error(.badGateway, code: "upstream_auth_failed", message: error.description)
        case .badResponse:
            return JSONResponses.error(.badGateway, code: "upstream_bad_response", message: error.description)
        case .notFound:
            return JSONResponses.error(.notFound, code: "not_found", message: error.description)
        case .tooManyPages:
            return JSONResponses.error(.badRequest, code: "offset_too_deep", message: error.description, parameter: "offset")
        case .unsupported:
            return JSONResponses.error(.notFound, code: "plugin_not_served", message: error.description)
        }
    }
}
