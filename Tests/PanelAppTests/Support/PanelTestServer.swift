import Adapters
import Foundation
import GatewayConfig
import Hummingbird
import Logging
import Mapping
import NIOCore
import PanelApp
import Plugins
import Sandbox
import ServiceLifecycle
import Synchronization
import Testing
import Upstream

/// The repository's root, so tests run the adapters and the browser driver users run.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A Shopify simulator and a Hummingbird server with the panel routes, both on ephemeral loopback
/// ports: the real DeclarativeCatalog (adapters/shopify.yaml) over real sockets, plus `/test/…`
/// routes for the browser tests (the idzcpa stand-in, token minting, framing pages).
///
/// Tenants: `demo` (the Shopify catalog, authentication required, secrets rotating), `showcase`
/// (the same with drawn images, for screenshots), `open` (authentication off), `unset` (no app
/// URL), `down` and `garbled` (catalogs failing with 503 and 502 answers).
struct PanelTestServer: Sendable {
    let port: Int
    let sandbox: SandboxServer
    let sandboxPort: Int
    let client: CurlHTTPClient

    /// The connector secret (short on purpose: shorter than jwt-kit's preferred 32 bytes).
    static let secret = "panel-test-secret"
    /// The next secret, accepted beside the current one during a rotation.
    static let nextSecret = "panel-next-secret-0123456789-abcdefghij"

    var base: String { "http://127.0.0.1:\(port)" }

    func appURL(_ tenant: String) -> String { "\(base)/panel/\(tenant)/" }

    struct Answer: Sendable {
        let status: Int
        let headers: [HTTPHeader]
        let body: [UInt8]
        var json: JSON { (try? JSON(parsing: body)) ?? .null }
        var text: String { String(decoding: body, as: UTF8.self) }

        /// Every value of a header, case-insensitively.
        func values(_ name: String) -> [String] {
            headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
        }

        func header(_ name: String) -> String? { values(name).first }
    }

    func get(_ path: String, headers: [HTTPHeader] = []) async throws -> Answer {
        let response = try await client.execute(UpstreamRequest(method: "GET", url: base + path, headers: headers))
        return Answer(status: response.status, headers: response.headers, body: response.body)
    }

    /// A GET with `Authorization: Bearer <token>`.
    func get(_ path: String, token: String) async throws -> Answer {
        try await get(path, headers: [HTTPHeader(name: "Authorization", value: "Bearer \(token)")])
    }

    /// A valid token for a tenant.
    func token(_ tenant: String = "demo", secret: String = PanelTestServer.secret) async throws -> String {
        try await TestTokens.make(secret: secret, audience: appURL(tenant))
    }
}

/// A catalog that always fails, for the API's error paths.
struct FailingCatalog: Catalog {
    let error: AdapterError

    func categories(_ query: CategoryQuery, logger: Logger) async throws(AdapterError) -> [Plugins.Category] { throw error }
    func products(_ query: ProductQuery, logger: Logger) async throws(AdapterError) -> [Product] { throw error }
}

/// The demo catalog with each image replaced by a drawn tile (a data: URL), so screenshots show
/// pictures although the demo's CDN is not reachable from the test machine.
struct ShowcaseCatalog: Catalog {
    let base: any Catalog

    func categories(_ query: CategoryQuery, logger: Logger) async throws(AdapterError) -> [Plugins.Category] {
        try await base.categories(query, logger: logger)
    }

    func products(_ query: ProductQuery, logger: Logger) async throws(AdapterError) -> [Product] {
        try await base.products(query, logger: logger).map { product in
            var product = product
            if !product.imageUrl.isEmpty { product.imageUrl = Self.tile(for: product.id) }
            return product
        }
    }

    static func tile(for id: String) -> String {
        let hue = id.unicodeScalars.reduce(0) { ($0 &* 31 &+ Int($1.value)) % 360 }
        let svg = """
            <svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 64 64'><rect width='64' height='64' fill='hsl(\(hue),45%,82%)'/>\
            <circle cx='32' cy='28' r='14' fill='hsl(\(hue),55%,55%)'/><rect x='14' y='46' width='36' height='6' rx='3' fill='hsl(\(hue),40%,45%)'/></svg>
            """
        return "data:image/svg+xml," + (svg.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }
}

/// Options of a test server.
struct PanelServerOptions: Sendable {
    /// Extra origins allowed to frame the panel (given the server's port).
    var extraFrameAncestors: @Sendable (Int) -> [String] = { _ in [] }
    /// The idzcpa library the page loads (given the server's port); the test stand-in by default.
    var libraryURL: @Sendable (Int) -> String = { "http://127.0.0.1:\($0)/test/idzcpa.js" }
}

/// Runs `body` against a fresh Shopify simulator and panel server, and stops both afterwards.
func withPanelServer(_ options: PanelServerOptions = .init(), _ body: (PanelTestServer) async throws -> Void) async throws {
    var logger = Logger(label: "panel-test")
    logger.logLevel = .critical
    let sandbox = SandboxServer(configuration: SandboxConfiguration(host: "127.0.0.1", port: 0), logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        let (sandboxPorts, sandboxPort) = AsyncStream.makeStream(of: Int.self)
        group.addTask { try await sandbox.run { sandboxPort.yield($0) } }
        var sandboxIterator = sandboxPorts.makeAsyncIterator()
        let upstreamPort = try #require(await sandboxIterator.next())

        let client = try CurlHTTPClient(logger: logger)
        let gateway = UpstreamGateway(transport: client, cacheBytes: 16 << 20)
        let diagnostics = Diagnostics()
        let adapter = try #require(
            AdapterLoader.loadFile(repositoryRoot.appendingPathComponent("adapters/shopify.yaml").path, diagnostics: diagnostics),
            "\(diagnostics.all)")
        let upstream = TenantUpstream(
            tenant: "demo", baseURL: try #require(BaseURL("http://127.0.0.1:\(upstreamPort)")),
            credentials: ["accessToken": ShopifySimulatorConfiguration.demoAccessToken], settings: adapter.settings)
        let shopify = DeclarativeCatalog(adapter: adapter, upstream: upstream, gateway: gateway)

        let port = Mutex(0)
        let appURL: @Sendable (String) -> String = { "http://127.0.0.1:\(port.withLock { $0 })/panel/\($0)/" }
        let secrets = [PanelTestServer.secret, PanelTestServer.nextSecret]
        let resolve: @Sendable (String) -> PanelTenant? = { name in
            let catalog: any Catalog
            var authentication = PanelAuthentication.required
            var url: String? = appURL(name)
            switch name {
            case "demo": catalog = shopify
            case "showcase": catalog = ShowcaseCatalog(base: shopify)
            case "open":
                catalog = shopify
                authentication = .off
            case "unset":
                catalog = shopify
                url = nil
            case "down": catalog = FailingCatalog(error: .unavailable(message: "the shop answered HTTP 503"))
            case "garbled": catalog = FailingCatalog(error: .badResponse(message: "not JSON"))
            default: return nil
            }
            return PanelTenant(name: name, catalog: catalog, idWebsite: "ha-123", secrets: secrets, appURL: url, authentication: authentication)
        }
        let settings: @Sendable () -> PanelSettings = {
            let current = port.withLock { $0 }
            return PanelSettings(
                libraryURL: options.libraryURL(current),
                frameAncestors: PanelSettings.iAdvizeDeskOrigins + options.extraFrameAncestors(current))
        }
        let router = Router(context: BasicRequestContext.self)
        PanelRoutes(resolve: resolve, settings: settings).register(on: router)
        BrowserTestRoutes(secrets: secrets, appURL: appURL).register(on: router)

        let (serverPorts, serverPort) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "panel-test"),
            onServerRunning: { channel in serverPort.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let services = ServiceGroup(configuration: .init(services: [application], logger: logger))
        group.addTask { try await services.run() }
        var serverIterator = serverPorts.makeAsyncIterator()
        let bound = try #require(await serverIterator.next())
        port.withLock { $0 = bound }

        let failure: (any Error)?
        do {
            try await body(PanelTestServer(port: bound, sandbox: sandbox, sandboxPort: upstreamPort, client: client))
            failure = nil
        } catch {
            failure = error
        }
        group.cancelAll()
        await client.shutdown()
        if let failure { throw failure }
    }
}
