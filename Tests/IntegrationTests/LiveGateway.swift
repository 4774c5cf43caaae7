import Adapters
import Foundation
import GatewayConfig
import Logging
import Mapping
import Plugins
import Sandbox
import Server
import ServiceLifecycle
import Testing
import Upstream

/// The repository's `adapters/` folder, so tests run the adapters users run.
let repositoryAdapters = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("adapters").path

/// A sandbox upstream and a gateway, both listening on ephemeral loopback ports, talked to over
/// real sockets with the libcurl client.
struct LiveGateway: Sendable {
    let sandbox: SandboxServer
    /// Further upstreams, when the options ask for them (`GatewayOptions.otherUpstreams`).
    let others: [SandboxServer]
    let port: Int
    let client: CurlHTTPClient
    let runtime: GatewayRuntime
    /// The config.yaml the gateway loaded, in a temporary folder: tests may edit it.
    let configPath: String

    var shopify: ShopifySimulator { sandbox.shopify }
    var catalog: ShopifyCatalog { sandbox.shopify.catalog }

    struct Answer: Sendable {
        let status: Int
        let headers: [HTTPHeader]
        let body: [UInt8]
        var json: JSON { (try? JSON(parsing: body)) ?? .null }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// The connector secret the test tenant signs with.
    static let secret = "test-connector-secret"
    static let adminToken = "test-admin-token-0123456789"

    /// A GET signed as iAdvize signs it: HMAC-SHA256 of the raw query string.
    func get(_ path: String, headers: [HTTPHeader] = []) async throws -> Answer {
        let query = path.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        let signature = HTTPHeader(name: "x-iadvize-signature", value: SignatureCheck.sign(Array(query.utf8), secret: Self.secret))
        return try await send("GET", path, headers: [signature] + headers)
    }

    /// A request sent exactly as given, without a signature unless `headers` has one.
    func send(_ method: String, _ path: String, headers: [HTTPHeader] = [], body: [UInt8]? = nil) async throws -> Answer {
        let response = try await client.execute(
            UpstreamRequest(method: method, url: "http://127.0.0.1:\(port)\(path)", headers: headers, body: body))
        return Answer(status: response.status, headers: response.headers, body: response.body)
    }

    /// Product ids of a products call that must succeed.
    func productIDs(_ query: String) async throws -> [String] {
        let answer = try await get("/plugins/demo/products?idWebsite=ha-123&\(query)")
        try #require(answer.status == 200, "\(query): \(answer.status) \(answer.text)")
        #expect(PluginContractCheck.products(answer.json).isEmpty, "\(query)")
        return answer.json.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }
}

/// Contract checks, named for readable test failures.
enum PluginContractCheck {
    static func products(_ json: JSON) -> [String] { PluginContract.products.violations(in: json) }
    static func categories(_ json: JSON) -> [String] { PluginContract.categories.violations(in: json) }
}

/// Options of a test gateway.
struct GatewayOptions: Sendable {
    var productsTTL = "60s"
    var idleTimeout = "30s"
    /// More keys of the `server` section, each starting with ", ".
    var serverExtra = ""
    /// More keys of the `cache` and `upstream` sections, each starting with ", ".
    var cacheExtra = ""
    var upstreamExtra = ""
    /// Far above what a loaded machine takes to answer, so that no test meets a retry it did not ask for.
    var firstByteTimeout = "15s"
    /// The budget of one upstream call, retries and pacing included.
    var requestTimeout = "20s"
    /// The `admin` section, as YAML.
    var admin = "{ token: \(LiveGateway.adminToken) }"
    /// How often the gateway looks for edits of its files; 0s (no watching) unless a test needs it.
    var watchInterval = "0s"
    var categoriesTTL = "5m"
    var locale = "null"
    var accessToken = ShopifySimulatorConfiguration.demoAccessToken
    /// Extra YAML lines for the `demo` tenant (indented by four spaces), e.g. allow-lists.
    var tenantExtra = "secret: \(LiveGateway.secret)"
    /// Shopify simulators started besides the demo one, for more tenants.
    var otherUpstreams: [ShopifySimulatorConfiguration] = []
    /// YAML of more tenants (indented by two spaces), given the upstream ports: the demo sandbox's
    /// (which also serves WooCommerce, Shopify REST and HubSpot) first, then `otherUpstreams`'.
    var otherTenants: @Sendable ([Int]) -> String = { _ in "" }
    /// The adapters folder (the repository's by default; a test may add adapter files of its own).
    var adapters = repositoryAdapters
}

/// Runs `body` against a fresh sandbox and gateway, and stops both afterwards.
func withLiveGateway(_ options: GatewayOptions = .init(), _ body: (LiveGateway) async throws -> Void) async throws {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    let sandbox = SandboxServer(configuration: SandboxConfiguration(host: "127.0.0.1", port: 0), logger: logger)
    let others = options.otherUpstreams.map {
        SandboxServer(configuration: SandboxConfiguration(host: "127.0.0.1", port: 0, shopify: $0), logger: logger)
    }
    try await withThrowingTaskGroup(of: Void.self) { group in
        var upstreamPorts: [Int] = []
        for server in [sandbox] + others {
            let (ports, port) = AsyncStream.makeStream(of: Int.self)
            group.addTask { try await server.run { port.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            upstreamPorts.append(try #require(await iterator.next()))
        }
        let upstreamPort = upstreamPorts[0]

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configPath = directory.appendingPathComponent("config.yaml").path
        try """
        server: { host: 127.0.0.1, port: 0, idleTimeout: \(options.idleTimeout), watchInterval: \(options.watchInterval)\(options.serverExtra) }
        admin: \(options.admin)
        adapters: \(options.adapters)
        cache: { maxBytes: 16MiB\(options.cacheExtra) }
        upstream: { connectTimeout: 5s, requestTimeout: \(options.requestTimeout), firstByteTimeout: \(options.firstByteTimeout)\(options.upstreamExtra) }
        tenants:
          demo:
            websites: [ha-123, sd-123]
            adapter: shopify
            upstream: http://127.0.0.1:\(upstreamPort)
            credentials: { accessToken: "\(options.accessToken)" }
            settings: { locale: \(options.locale) }
            ttl: { products: \(options.productsTTL), categories: \(options.categoriesTTL) }
            \(options.tenantExtra)
        \(options.otherTenants(upstreamPorts))
        """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let diagnostics = Diagnostics()
        let configuration = try #require(
            ConfigurationLoader.load(path: configPath, environment: [:], diagnostics: diagnostics), "\(diagnostics.all)")

        let runtime = try GatewayRuntime(configuration: configuration, environment: [:], logger: logger)
        let (gatewayPorts, gatewayPort) = AsyncStream.makeStream(of: Int.self)
        let services = ServiceGroup(
            configuration: .init(services: runtime.services(logger: logger) { gatewayPort.yield($0) }, logger: logger))
        group.addTask { try await services.run() }
        var listening = gatewayPorts.makeAsyncIterator()
        let port = try #require(await listening.next())

        // Generous deadlines: these machines are shared, and a test must fail on behaviour, not load.
        let client = try CurlHTTPClient(configuration: CurlClientConfiguration(requestTimeout: .seconds(60)), logger: logger)
        let failure: (any Error)?
        do {
            try await body(LiveGateway(sandbox: sandbox, others: others, port: port, client: client, runtime: runtime, configPath: configPath))
            failure = nil
        } catch {
            failure = error
        }
        group.cancelAll()
        await client.shutdown()
        await runtime.shutdown()
        if let failure { throw failure }
    }
}
