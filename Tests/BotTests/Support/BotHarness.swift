import Adapters
import Bot
import Crypto
import Foundation
import GatewayConfig
import GatewayHTTP
import Hummingbird
import Logging
import Mapping
import Plugins
import Sandbox
import Synchronization
import Testing
import Upstream

/// The repository's `adapters/` folder, so tests run the adapter users run.
let repositoryAdapters = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("adapters").path

/// A Shopify simulator and a small Hummingbird app serving the bot routes with a real
/// HMAC-SHA256 signature check, both on ephemeral loopback ports, talked to over real sockets.
struct BotHarness: Sendable {
    static let secret = "bot-connector-secret"
    static let connectorVersion = "c008849d-7cb1-40ca-9503-d6df2c5cddd8"

    let sandbox: SandboxServer
    let port: Int
    let client: CurlHTTPClient
    /// The tenant the routes resolve, replaced by `restart()`.
    let current: TenantBox
    let configuration: BotConfiguration
    let catalog: DeclarativeCatalog
    let directory: URL

    struct Answer: Sendable {
        let status: Int
        let body: [UInt8]
        var json: JSON { (try? JSON(parsing: body)) ?? .null }
        var text: String { String(decoding: body, as: UTF8.self) }

        var replies: [JSON] { json["replies"]?.arrayValue ?? [] }
        /// The text of every text message of the replies.
        var texts: [String] {
            replies.compactMap { $0["payload"]?["contentType"]?.stringValue == "text" ? $0["payload"]?["value"]?.stringValue : nil }
        }
        /// The offers of the first carousel of the replies.
        var offers: [JSON] {
            replies.first { $0["payload"]?["contentType"]?.stringValue == "bundle/product-offer" }?["payload"]?["offers"]?.arrayValue ?? []
        }
        /// The quick replies of the last message.
        var quickReplies: [String] {
            (replies.last { $0["type"]?.stringValue == "message" }?["quickReplies"]?.arrayValue ?? []).compactMap { $0["value"]?.stringValue }
        }
        var types: [String] { replies.compactMap { $0["type"]?.stringValue } }
    }

    /// The tenant currently served; a "restart" builds a new state from the bindings file.
    final class TenantBox: Sendable {
        let tenant: Mutex<BotTenant>
        init(_ tenant: BotTenant) { self.tenant = Mutex(tenant) }
        var value: BotTenant { tenant.withLock { $0 } }
        func replace(_ tenant: BotTenant) { self.tenant.withLock { $0 = tenant } }
    }

    /// Simulates a restart: a new state (bindings read back from the file, no conversation).
    func restart() {
        let (name, websites) = (current.value.name, current.value.websites)
        // As when a process ends, the old state is gone before the new one reads the file (stores
        // of one process share an open bindings file): a state on an unused file stands in meanwhile.
        let unused = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-restart-\(UUID().uuidString).json").path
        current.replace(
            BotTenant(
                name: name, websites: websites, configuration: configuration,
                state: BotTenantState(
                    bindings: OperatorBindingStore(file: unused, logger: quietLogger),
                    conversations: ConversationMemory(capacity: 1, timeout: .seconds(1))),
                catalog: catalog))
        current.replace(
            BotTenant(
                name: name, websites: websites, configuration: configuration,
                state: BotTenantState(configuration: configuration, logger: quietLogger), catalog: catalog))
    }

    var bindingsFile: String { configuration.bindingsFile }

    // MARK: Calls

    /// A GET signed as iAdvize signs it: HMAC-SHA256 of the raw query string.
    func get(_ path: String, signature: String?? = .none) async throws -> Answer {
        let query = path.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        return try await send("GET", path, body: nil, signature: signature ?? Self.sign(Array(query.utf8)))
    }

    /// A POST or PUT of `json`, signed over the raw body unless `signature` says otherwise.
    func send(_ method: String, _ path: String, json: JSON, signature: String?? = .none) async throws -> Answer {
        let body = json.encoded()
        return try await send(method, path, body: body, signature: signature ?? Self.sign(body))
    }

    func send(_ method: String, _ path: String, body: [UInt8]?, signature: String?) async throws -> Answer {
        var headers: [HTTPHeader] = []
        if let signature { headers.append(HTTPHeader(name: "x-iadvize-signature", value: signature)) }
        if body != nil { headers.append(HTTPHeader(name: "Content-Type", value: "application/json")) }
        let response = try await client.execute(
            UpstreamRequest(method: method, url: "http://127.0.0.1:\(port)\(path)", headers: headers, body: body, timeout: .seconds(20)))
        return Answer(status: response.status, body: response.body)
    }

    static func sign(_ payload: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: payload, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    // MARK: The iAdvize conversation calls

    static let query = "idConnectorVersion=\(connectorVersion)&idWebsite=ha-123"

    func bind(_ idOperator: String, bot: String, language: String = "en", rules: [(String, String)] = []) async throws -> Answer {
        let body: JSON = [
            "name": .string("Bot \(idOperator)"), "pseudo": "Botty", "language": .string(language),
            "distributionRules": .array(rules.map { ["id": .string($0.0), "label": .string($0.1)] }),
            "external": ["idBot": .string(bot)],
        ]
        return try await send("PUT", "/bots/demo/bots/\(idOperator)?\(Self.query)", json: body)
    }

    func startConversation(_ id: String, operator idOperator: String) async throws -> Answer {
        try await send(
            "POST", "/bots/demo/conversations?\(Self.query)", json: ["idOperator": .string(idOperator), "idConversation": .string(id), "history": []])
    }

    /// A visitor's message in a conversation, signed over its body.
    ///
    /// A machine loaded by the rest of the suite can miss the bot's search deadline (at most 8 s:
    /// iAdvize waits 10): the apology is then the right answer, and the message is sent again (twice
    /// at most, the shop's answers now cached) unless the test is about that apology.
    func say(
        _ text: String, in conversation: String, operator idOperator: String, role: String = "visitor", retryingSlowSearches: Bool = true
    ) async throws -> Answer {
        var answer = try await sayOnce(text, in: conversation, operator: idOperator, role: role)
        for _ in 0..<2 where retryingSlowSearches && answer.texts.contains(where: { $0.contains("taking too long") }) {
            answer = try await sayOnce(text, in: conversation, operator: idOperator, role: role)
        }
        return answer
    }

    private func sayOnce(_ text: String, in conversation: String, operator idOperator: String, role: String) async throws -> Answer {
        let body: JSON = [
            "idOperator": .string(idOperator),
            "message": [
                "idMessage": .string(UUID().uuidString), "author": ["role": .string(role)],
                "payload": ["contentType": "text", "value": .string(text)], "createdAt": "2025-11-22T12:04:00.762Z",
            ],
        ]
        return try await send("POST", "/bots/demo/conversations/\(conversation)/messages?\(Self.query)", json: body)
    }

    /// The products the product list plugin gets for a search: the oracle for the bot's pages.
    func catalogProducts(_ search: String, limit: Int = 60) async throws -> [Plugins.Product] {
        try await catalog.products(
            ProductQuery(caller: PluginCaller(idWebsite: "ha-123"), searchQuery: search, window: PageWindow(offset: 0, limit: limit)),
            logger: quietLogger)
    }
}

let quietLogger: Logger = {
    var logger = Logger(label: "bot-tests")
    logger.logLevel = .critical
    return logger
}()

/// Distribution rules used by the test bots.
enum TestRules {
    static let advisors = "ef4670c3-d715-4a21-8226-ed17f354fc44"
    static let experts = "fab46f63-a61b-4aec-930b-21a438863a6c"
}

/// The bot configuration of the `demo` tenant, read from YAML as config.yaml would hold it.
func demoBotYAML(bindingsFile: String, searchDeadline: String) -> String {
    """
    bindingsFile: \(bindingsFile)
    searchDeadline: \(searchDeadline)
    operators: { ha-pinned: conseiller }
    bots:
      catalog-assistant:
        name: Catalog assistant
        description: Searches the shop and hands over to an advisor.
        editorUrl: https://shop.example.com/bots/catalog-assistant
        language: en
        transfer:
          distributionRule: { id: \(TestRules.advisors), label: Advisors }
          timeout: 30s
        availability: { strategy: customAvailability, availability: true }
      conseiller:
        name: Conseiller catalogue
        editorUrl: https://shop.example.com/bots/conseiller
        language: fr
        resultsPerPage: 2
        transfer: { timeout: 20s }
        availability: { strategy: atLeastOne }
      closed:
        name: Closed bot
        editorUrl: https://shop.example.com/bots/closed
        availability: { strategy: notAvailable }
        firstMessages:
          - We are closed today.
          - text: Leave us your question anyway.
            quickReplies: [Opening hours]
      experts-only:
        name: Experts
        editorUrl: https://shop.example.com/bots/experts
        availability: { strategy: all, distributionRulesToCheck: [\(TestRules.experts)] }
    """
}

extension BotHarness {
    /// An active, priced, pictured product of the demo catalog renamed `name` (and given ids of its
    /// own), for tests that need a product the demo data does not have, e.g. a name far over
    /// iAdvize's limits. Find it by a word of `name` that no other product has.
    static func extraProduct(named name: String, number: Int = 1) throws -> ShopifyProduct {
        let template = try #require(
            ShopifyCatalog.demo().products.first { $0.status == .active && $0.onlineStoreUrl != nil && !$0.images.isEmpty && !$0.variants.isEmpty })
        let id = 8_900_000_000 + number
        var product = template
        product.id = id
        product.title = name
        product.handle = "extra-product-\(number)"
        product.onlineStoreUrl = "https://demo-shop.example/products/extra-product-\(number)"
        product.images = template.images.enumerated().map { index, image in
            var image = image
            image.id = id * 10 + index
            image.altText = name
            return image
        }
        product.variants = template.variants.enumerated().map { index, variant in
            var variant = variant
            variant.id = id * 10 + index
            variant.productID = id
            return variant
        }
        return product
    }
}

/// Runs `body` against a fresh Shopify simulator and bot app, and stops both afterwards.
/// `extraProducts` are added to the demo catalog the simulator serves.
func withBotHarness(
    searchDeadline: String = "8s", bucketSize: Double = 100_000, extraProducts: [ShopifyProduct] = [], botYAML: String = "",
    _ body: (BotHarness) async throws -> Void
) async throws {
    var catalog = ShopifyCatalog.demo()
    catalog.products += extraProducts
    let sandbox = SandboxServer(
        configuration: SandboxConfiguration(
            host: "127.0.0.1", port: 0,
            shopify: ShopifySimulatorConfiguration(bucketSize: bucketSize, restoreRate: bucketSize, catalog: catalog)),
        logger: quietLogger)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-bot-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }

    let yamlPath = directory.appendingPathComponent("config.yaml").path
    // `botYAML`: more keys of the tenant's `bot:` mapping, one a line.
    let yaml = demoBotYAML(bindingsFile: "state/bindings.json", searchDeadline: searchDeadline) + (botYAML.isEmpty ? "" : "\n" + botYAML)
    let diagnostics = Diagnostics()
    let file = ConfigFile(path: yamlPath, text: yaml)
    let node = try #require(ConfigNode.parse(file, text: yaml, diagnostics: diagnostics))
    let configuration = try #require(BotConfiguration.read(node, tenant: "demo", diagnostics: diagnostics), "\(diagnostics.all)")
    let adapter = try #require(AdapterLoader.loadFile(repositoryAdapters + "/shopify.yaml", diagnostics: diagnostics), "\(diagnostics.all)")

    try await withThrowingTaskGroup(of: Void.self) { group in
        let (sandboxPorts, sandboxPort) = AsyncStream.makeStream(of: Int.self)
        group.addTask { try await sandbox.run { sandboxPort.yield($0) } }
        var sandboxIterator = sandboxPorts.makeAsyncIterator()
        let upstreamPort = try #require(await sandboxIterator.next())

        let transport = try CurlHTTPClient(logger: quietLogger)
        let gateway = UpstreamGateway(transport: transport, cacheBytes: 16 << 20)
        let upstream = TenantUpstream(
            tenant: "demo", baseURL: try #require(BaseURL("http://127.0.0.1:\(upstreamPort)")),
            credentials: ["accessToken": ShopifySimulatorConfiguration.demoAccessToken], settings: adapter.settings)
        let catalog = DeclarativeCatalog(adapter: adapter, upstream: upstream, gateway: gateway)
        let box = BotHarness.TenantBox(
            BotTenant(
                name: "demo", websites: ["ha-123", "sd-123"], configuration: configuration,
                state: BotTenantState(configuration: configuration, logger: quietLogger), catalog: catalog))

        let router = Router(context: BasicRequestContext.self)
        BotRoutes<BasicRequestContext>(
            resolve: { name in name == "demo" ? box.value : nil },
            authenticate: { request, _, body, _ in
                try SignatureVerifier.check(request, body: body, secret: BotHarness.secret)
            }
        ).register(on: router)
        let (appPorts, appPort) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in appPort.yield(channel.localAddress?.port ?? 0) }, logger: quietLogger)
        group.addTask { try await application.run() }
        var appIterator = appPorts.makeAsyncIterator()
        let port = try #require(await appIterator.next())

        let client = try CurlHTTPClient(logger: quietLogger)
        let harness = BotHarness(
            sandbox: sandbox, port: port, client: client, current: box, configuration: configuration, catalog: catalog, directory: directory)
        let failure: (any Error)?
        do {
            try await body(harness)
            failure = nil
        } catch {
            failure = error
        }
        group.cancelAll()
        await client.shutdown()
        await transport.shutdown()
        if let failure { throw failure }
    }
}

/// The test app's signature check, as the gateway does it: `sha256=<hex>` HMAC-SHA256 of the raw
/// query string (GET) or body (POST, PUT), compared in constant time.
enum SignatureVerifier {
    static func check(_ request: Request, body: [UInt8], secret: String) throws(GatewayRefusal) {
        guard let header = request.headers.first(where: { $0.name.canonicalName == "x-iadvize-signature" })?.value else {
            throw GatewayRefusal(.unauthorized, code: "signature_missing", message: "the x-iadvize-signature header is required")
        }
        let payload = BotRoutes<BasicRequestContext>.signedPayload(of: request, body: body)
        guard header.hasPrefix("sha256="), let mac = hexBytes(header.dropFirst(7)),
            HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: SymmetricKey(data: Data(secret.utf8)))
        else {
            throw GatewayRefusal(.unauthorized, code: "signature_invalid", message: "the signature does not match")
        }
    }

    private static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
