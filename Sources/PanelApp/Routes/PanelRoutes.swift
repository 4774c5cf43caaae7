import Adapters
import Foundation
import GatewayConfig
import GatewayHTTP
import Hummingbird
import Logging
import NIOCore
import Plugins

/// The conversation panel app of every tenant:
///
/// - `GET /panel/{tenant}/`: the page (no data, no secret), to paste in the iAdvize connector;
/// - `GET /panel/{tenant}/assets/{version}/{file}`: its scripts and style sheet, cached for a year;
/// - `GET /panel/{tenant}/api/products` and `/api/categories`: the tenant's catalog, with the
///   plugin routes' parameters and JSON, for callers that carry iAdvize's JWT.
package struct PanelRoutes<Context: RequestContext>: Sendable {
    private let resolve: @Sendable (String) -> PanelTenant?
    private let settings: @Sendable () -> PanelSettings
    private let assets: PanelAssets
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - resolve: the tenant named in the URL, read at each request (so reloads apply at once);
    ///     nil answers 404.
    ///   - settings: the deployment's panel settings, read at each request.
    ///   - assets: the web app; the module's bundled files unless a test gives others.
    package init(
        resolve: @escaping @Sendable (String) -> PanelTenant?, settings: @escaping @Sendable () -> PanelSettings,
        assets: PanelAssets = .bundled, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.resolve = resolve
        self.settings = settings
        self.assets = assets
        self.now = now
    }

    /// Fixed settings, for deployments that restart to change them.
    package init(resolve: @escaping @Sendable (String) -> PanelTenant?, settings: PanelSettings, assets: PanelAssets = .bundled) {
        self.init(resolve: resolve, settings: { settings }, assets: assets)
    }

    package func register(on router: Router<Context>) {
        router.get("panel/:tenant") { request, context in try page(request, context) }
        router.get("panel/:tenant/assets/:version/:file") { request, context in try asset(request, context) }
        router.get("panel/:tenant/api/products") { request, context in
            try await api(request, context) { tenant, query, operatorID, logger throws in
                let products = try PanelQueries.products(query, tenant: tenant, operatorID: operatorID)
                return PluginJSONWriter.encode(try await tenant.catalog.products(products, logger: logger))
            }
        }
        router.get("panel/:tenant/api/categories") { request, context in
            try await api(request, context) { tenant, query, operatorID, logger throws in
                let categories = try PanelQueries.categories(query, tenant: tenant, operatorID: operatorID)
                return PluginJSONWriter.encode(try await tenant.catalog.categories(categories, logger: logger))
            }
        }
    }

    // MARK: The page and its assets

    private func page(_ request: Request, _ context: Context) throws(GatewayRefusal) -> Response {
        let settings = settings()
        guard settings.enabled, let name = context.parameters.get("tenant"), resolve(name) != nil else {
            throw Self.unknownTenant
        }
        // Relative asset and API URLs need the trailing slash; the redirect keeps `?jwt=…`.
        guard request.uri.path.hasSuffix("/") else {
            var headers = HTTPFields()
            let query = request.uri.query.map { "?\($0)" } ?? ""
            headers[.location] = "\(Self.pathSegment(name))/\(query)"
            headers[.cacheControl] = "no-store"
            return Response(status: .permanentRedirect, headers: headers)
        }
        let bytes = Array(PanelPage.render(assets, settings: settings).utf8)
        let tag = "\"\(PanelAsset.digest(bytes).prefix(16))\""
        var headers = HTTPFields()
        headers[.contentSecurityPolicy] = PanelContentSecurityPolicy.header(settings: settings)
        headers[PanelHeaderNames.referrerPolicy] = "no-referrer"
        headers[.xContentTypeOptions] = "nosniff"
        // The URL may carry a token (`?jwt=`): never in a shared cache, always revalidated.
        headers[.cacheControl] = "private, no-cache"
        headers[.eTag] = tag
        if Self.matches(request.headers[.ifNoneMatch], tag: tag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private func asset(_ request: Request, _ context: Context) throws(GatewayRefusal) -> Response {
        guard settings().enabled, let name = context.parameters.get("tenant"), resolve(name) != nil else {
            throw Self.unknownTenant
        }
        guard let fileName = context.parameters.get("file"), let file = assets.files[fileName] else {
            throw GatewayRefusal(.notFound, code: "not_found", message: "no such panel asset")
        }
        var headers = HTTPFields()
        headers[.contentType] = file.contentType
        headers[.xContentTypeOptions] = "nosniff"
        headers[.eTag] = file.entityTag
        // The current version never changes: cache it for a year. A page of an older release
        // (during a deployment) still gets the file, but must revalidate it.
        headers[.cacheControl] =
            context.parameters.get("version") == assets.version ? "public, max-age=31536000, immutable" : "no-cache"
        if Self.matches(request.headers[.ifNoneMatch], tag: file.entityTag) {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }

    /// True when an `If-None-Match` header names `tag` (or is `*`).
    static func matches(_ header: String?, tag: String) -> Bool {
        guard let header else { return false }
        return header.split(separator: ",").contains { candidate in
            let value = candidate.trimmingCharacters(in: .whitespaces)
            return value == "*" || value == tag || value == "W/\(tag)"
        }
    }

    /// A tenant name as a relative URL path segment (names are URL-safe; this guards the rest).
    static func pathSegment(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/:?#"))) ?? name
    }

    // MARK: The API

    private typealias Answer = @Sendable (PanelTenant, String, String?, Logger) async throws -> [UInt8]

    static var unknownTenant: GatewayRefusal { .unknownTenant("no conversation panel app is served under this URL") }

    /// Resolves the tenant, checks the token and runs `answer`; what it throws is answered by the
    /// error layer (`GatewayError`). Upstream failures are logged here, where the tenant is known.
    private func api(_ request: Request, _ context: Context, answer: Answer) async throws -> Response {
        let settings = settings()
        guard settings.enabled, let name = context.parameters.get("tenant"), let tenant = resolve(name) else {
            throw Self.unknownTenant
        }
        var logger = context.logger
        logger[metadataKey: "tenant"] = .string(tenant.name)
        var operatorID: String?
        if tenant.authentication == .required {
            guard let audience = tenant.appURL, !tenant.secrets.isEmpty else {
                logger.warning("panel call refused: the tenant's panel has no app URL or no connector secret")
                throw GatewayRefusal(
                    .serviceUnavailable, code: "panel_not_configured",
                    message: "this panel needs its app URL and the connector's secret in DeskBridge's configuration")
            }
            let verifier = PanelTokenVerifier(secrets: tenant.secrets, audience: audience, clockSkew: settings.clockSkew, now: now)
            do {
                guard let token = Self.bearerToken(request.headers[.authorization]) else { throw PanelTokenError.missing }
                operatorID = try await verifier.verify(token)
            } catch let error as PanelTokenError {
                logger.notice("panel call refused: \(error.description)", metadata: ["reason": .string(error.code)])
                throw error
            } catch {
                throw PanelTokenError.malformed
            }
        }
        do {
            // Answers carry tokens' data: never kept by a cache on the way.
            return JSONAnswer.ok(
                try await answer(tenant, request.uri.query ?? "", operatorID, logger),
                headers: [.cacheControl: "no-store", .xContentTypeOptions: "nosniff"])
        } catch let error as AdapterError {
            logger.warning("upstream failure", metadata: ["error": "\(error)"])
            throw error
        }
    }

    /// The token of `Authorization: Bearer <token>` (the scheme is case-insensitive).
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
