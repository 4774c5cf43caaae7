import Adapters
import Foundation
import GatewayConfig
import Logging
import Mapping
import RedisServerSupport
import Sandbox
import Server
import ServiceLifecycle
import Testing
import Upstream

/// Several gateway replicas sharing one real redis-server (`shared:`) and one sandbox shop, over
/// real sockets: the fleet makes the upstream calls of one gateway, and Redis going away never
/// fails a request.
@Suite struct FleetTests {
    @Test func concurrentColdCallsOverThreeReplicasMakeOneUpstreamCallPerKey() async throws {
        try await RedisServer.with { redis in
            try await withFleet(replicas: 3, redisPort: redis.port) { fleet in
                let before = fleet.sandbox.shopify.requestCount
                let statuses = await fleet.send(300) { _ in "idWebsite=ha-123&limit=5&searchQuery=robe" }
                #expect(statuses == [200: 300], "\(statuses)")
                // The shop's context and the search itself: each asked once by the whole fleet.
                #expect(fleet.sandbox.shopify.requestCount - before == 2)
                let shared = fleet.replicas.compactMap { $0.runtime.shared?.statistics }
                #expect(shared.map(\.fills).reduce(0, +) == 2, "\(shared)")
                #expect(shared.allSatisfy { $0.isShared })
                // Another replica's memory is cold for a new key, the fleet's is not: one fill, then hits.
                _ = await fleet.send(1, replica: 0) { _ in "idWebsite=ha-123&limit=5&searchQuery=lin" }
                let afterFirst = fleet.sandbox.shopify.requestCount
                _ = await fleet.send(2, replica: 1) { _ in "idWebsite=ha-123&limit=5&searchQuery=lin" }
                #expect(fleet.sandbox.shopify.requestCount == afterFirst)
                #expect((fleet.replicas[1].runtime.shared?.statistics.answerHits ?? 0) >= 1)
            }
        }
    }

    @Test func redisGoingAwayFailsNoRequestAndSharingResumesWhenItReturns() async throws {
        let redis = try await RedisServer.start()
        let port = redis.port
        try await withFleet(replicas: 2, redisPort: port) { fleet in
            var statuses = await fleet.send(60) { index in "idWebsite=ha-123&limit=5&searchQuery=a\(index % 20)" }
            await redis.stop()
            statuses.merge(await fleet.send(60) { index in "idWebsite=ha-123&limit=5&searchQuery=b\(index % 20)" }) { $0 + $1 }
            #expect(statuses == [200: 120], "\(statuses)")
            #expect(fleet.replicas.allSatisfy { $0.runtime.shared?.isShared == false })
            #expect(fleet.replicas.allSatisfy { ($0.runtime.shared?.statistics.failures ?? 0) > 0 })
            // The probe (one a second) finds Redis again, and the fleet shares once more.
            let restarted = try await RedisServer.start(port: port)
            defer { Task { await restarted.stop() } }
            let deadline = ContinuousClock.now + .seconds(30)
            var index = 0
            while fleet.replicas.contains(where: { $0.runtime.shared?.isShared != true }) {
                try #require(ContinuousClock.now < deadline, "the fleet never shared again")
                index += 1
                let search = "c\(index)"
                let round = await fleet.send(4) { _ in "idWebsite=ha-123&limit=5&searchQuery=\(search)" }
                #expect(round == [200: 4], "\(round)")
                try await Task.sleep(for: .milliseconds(100))
            }
            let fillsBefore = fleet.replicas.compactMap { $0.runtime.shared?.statistics.fills }.reduce(0, +)
            _ = await fleet.send(2) { _ in "idWebsite=ha-123&limit=5&searchQuery=after" }
            #expect(fleet.replicas.compactMap { $0.runtime.shared?.statistics.fills }.reduce(0, +) > fillsBefore)
            #expect(
                await fleet.metrics(replica: 0).contains("deskbridge_shared_up 1"),
                "/metrics reports the shared tier back")
        }
        await redis.stop()
    }

    @Test func tenantsNeverReadEachOthersSharedAnswers() async throws {
        try await RedisServer.with { redis in
            try await withFleet(replicas: 2, redisPort: redis.port) { fleet in
                _ = await fleet.send(1, replica: 0) { _ in "idWebsite=ha-123&limit=5&searchQuery=robe" }
                // The same query for the other tenant (its own token): filled for it, not a hit.
                let hitsBefore = fleet.replicas[1].runtime.shared?.statistics.hits ?? 0
                let answer = await fleet.send(1, replica: 1, tenant: "other") { _ in "idWebsite=ha-456&limit=5&searchQuery=robe" }
                #expect(answer == [200: 1], "\(answer)")
                #expect(fleet.replicas[1].runtime.shared?.statistics.hits == hitsBefore)
            }
        }
    }
}

/// Gateway replicas in this process, each on its own port, sharing one config file (and so one
/// Redis) and one sandbox shop.
struct Fleet: Sendable {
    struct Replica: Sendable {
        let runtime: GatewayRuntime
        let port: Int
    }

    let sandbox: SandboxServer
    let replicas: [Replica]
    let client: CurlHTTPClient

    /// `count` signed product searches of `tenant`, spread over the replicas (or all to `replica`),
    /// all at once; their statuses counted (0: no answer).
    func send(_ count: Int, replica: Int? = nil, tenant: String = "demo", query: @Sendable @escaping (Int) -> String) async -> [Int: Int] {
        await withTaskGroup(of: Int.self) { group in
            for index in 0..<count {
                let port = replicas[replica ?? index % replicas.count].port
                group.addTask {
                    let text = query(index)
                    let secret = tenant == "demo" ? LiveGateway.secret : "other-secret"
                    let signature = HTTPHeader(name: "x-iadvize-signature", value: SignatureCheck.sign(Array(text.utf8), secret: secret))
                    let request = UpstreamRequest(url: "http://127.0.0.1:\(port)/plugins/\(tenant)/products?\(text)", headers: [signature])
                    return (try? await client.execute(request).status) ?? 0
                }
            }
            return await group.reduce(into: [:]) { $0[$1, default: 0] += 1 }
        }
    }

    /// A bot call of the demo tenant to `replica`, signed as iAdvize signs it: over the raw query
    /// for GET, over the raw body for POST and PUT.
    func bot(
        _ method: String, _ path: String, replica: Int, query: String = "idWebsite=ha-123&idConnectorVersion=v1", body: String? = nil
    ) async throws -> LiveGateway.Answer {
        let bytes = body.map { Array($0.utf8) }
        var headers = [HTTPHeader(name: "x-iadvize-signature", value: SignatureCheck.sign(bytes ?? Array(query.utf8), secret: LiveGateway.secret))]
        if bytes != nil { headers.append(HTTPHeader(name: "Content-Type", value: "application/json")) }
        let response = try await client.execute(
            UpstreamRequest(
                method: method, url: "http://127.0.0.1:\(replicas[replica].port)/bots/demo\(path)?\(query)", headers: headers, body: bytes))
        return LiveGateway.Answer(status: response.status, headers: response.headers, body: response.body)
    }

    /// The demo tenant's `bot:` section for `withFleet(demoBot:)`: one bot, no bindings file named
    /// (with `shared:`, bindings are in Redis).
    static let demoBot = """
            bot:
              searchDeadline: 8s
              bots:
                catalog-assistant:
                  name: Catalog assistant
                  editorUrl: https://shop.example/bots
                  language: en
                  transfer: { distributionRule: { id: ef4670c3-d715-4a21-8226-ed17f354fc44, label: Advisors } }
        """

    /// A signed GET of the demo tenant (or `tenant`) through `replica`: `path` with `query`.
    func get(_ path: String, _ query: String, replica: Int, tenant: String = "demo") async throws -> LiveGateway.Answer {
        let secret = tenant == "demo" ? LiveGateway.secret : "other-secret"
        let signature = HTTPHeader(name: "x-iadvize-signature", value: SignatureCheck.sign(Array(query.utf8), secret: secret))
        let response = try await client.execute(
            UpstreamRequest(url: "http://127.0.0.1:\(replicas[replica].port)/plugins/\(tenant)\(path)?\(query)", headers: [signature]))
        return LiveGateway.Answer(status: response.status, headers: response.headers, body: response.body)
    }

    func metrics(replica: Int) async -> String {
        let request = UpstreamRequest(
            url: "http://127.0.0.1:\(replicas[replica].port)/metrics",
            headers: [HTTPHeader(name: "Authorization", value: "Bearer \(LiveGateway.adminToken)")])
        return (try? await client.execute(request)).map { String(decoding: $0.body, as: UTF8.self) } ?? ""
    }
}

/// Runs `body` against `replicas` gateways with `shared:` on the Redis at `redisPort`, then stops them.
///
/// - Parameters:
///   - keyPrefix: `shared.keyPrefix`; a new one by default, so tests never see each other's keys.
///     A fleet started again with the same prefix (and Redis) finds what the previous one stored.
///   - demoBot: more keys of the demo tenant (e.g. `Fleet.demoBot`), indented under it.
///   - redisPort: nil runs the replicas without `shared:` (independent gateways, for comparison).
///   - adapters: the adapters folder (the repository's by default).
///   - shop: the sandbox's Shopify store (its bucket, its catalog).
///   - demoExtra: YAML lines for the demo tenant (indented by four spaces), e.g. `websites:`.
///   - otherShop: a store of its own for the `other` tenant (its token, its catalog); by default
///     it calls the demo's shop with the demo's token.
func withFleet(
    replicas count: Int, redisPort: Int?, keyPrefix: String = "fleet-\(UUID().uuidString.prefix(8)):", demoBot: String = "",
    adapters: String = repositoryAdapters, shop: ShopifySimulatorConfiguration = ShopifySimulatorConfiguration(),
    demoExtra: String = "websites: [ha-123]", upstreamExtra: String = "", cache: String = "{ maxBytes: 16MiB }",
    otherShop: ShopifySimulatorConfiguration? = nil,
    _ body: (Fleet) async throws -> Void
) async throws {
    var logger = Logger(label: "fleet")
    logger.logLevel = .critical
    let sandbox = SandboxServer(configuration: SandboxConfiguration(host: "127.0.0.1", port: 0, shopify: shop), logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        group.addTask { try await sandbox.run { portContinuation.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        let upstreamPort = try #require(await iterator.next())
        var otherPort = upstreamPort
        if let otherShop {
            let other = SandboxServer(configuration: SandboxConfiguration(host: "127.0.0.1", port: 0, shopify: otherShop), logger: logger)
            let (otherPorts, otherContinuation) = AsyncStream.makeStream(of: Int.self)
            group.addTask { try await other.run { otherContinuation.yield($0) } }
            var otherIterator = otherPorts.makeAsyncIterator()
            otherPort = try #require(await otherIterator.next())
        }
        let otherToken = otherShop?.accessToken ?? ShopifySimulatorConfiguration.demoAccessToken
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-fleet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configPath = directory.appendingPathComponent("config.yaml").path
        // Redis' 200 ms default deadline is met on a calm machine, not always with the whole suite on
        // two cores: a timeout would put a replica in degraded mode in tests that are not about it.
        // Without otherShop both tenants call the same shop with the same token, so only the tenant
        // tells their keys apart.
        try """
        server: { host: 127.0.0.1, port: 0, watchInterval: 0s }
        admin: { token: \(LiveGateway.adminToken) }
        adapters: \(adapters)
        cache: \(cache)
        upstream: { connectTimeout: 5s, requestTimeout: 20s\(upstreamExtra) }
        \(redisPort.map { "shared: { url: \"redis://127.0.0.1:\($0)\", keyPrefix: \"\(keyPrefix)\", commandTimeout: 2s }" } ?? "")
        tenants:
          demo:
            \(demoExtra)
            adapter: shopify
            upstream: http://127.0.0.1:\(upstreamPort)
            credentials: { accessToken: "\(ShopifySimulatorConfiguration.demoAccessToken)" }
            secret: \(LiveGateway.secret)
        \(demoBot)
          other:
            websites: [ha-456]
            adapter: shopify
            upstream: http://127.0.0.1:\(otherPort)
            credentials: { accessToken: "\(otherToken)" }
            secret: other-secret
        """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let diagnostics = Diagnostics()
        let configuration = try #require(
            ConfigurationLoader.load(path: configPath, environment: [:], diagnostics: diagnostics), "\(diagnostics.all)")
        try #require((configuration.shared != nil) == (redisPort != nil))

        var replicas: [Fleet.Replica] = []
        for _ in 0..<count {
            let runtime = try GatewayRuntime(configuration: configuration, environment: [:], logger: logger)
            let (gatewayPorts, gatewayPort) = AsyncStream.makeStream(of: Int.self)
            let services = ServiceGroup(
                configuration: .init(services: runtime.services(logger: logger) { gatewayPort.yield($0) }, logger: logger))
            group.addTask { try await services.run() }
            var listening = gatewayPorts.makeAsyncIterator()
            replicas.append(Fleet.Replica(runtime: runtime, port: try #require(await listening.next())))
        }
        let client = try CurlHTTPClient(
            configuration: CurlClientConfiguration(requestTimeout: .seconds(60), maxConnectionsPerHost: 300), logger: logger)
        let failure: (any Error)?
        do {
            try await body(Fleet(sandbox: sandbox, replicas: replicas, client: client))
            failure = nil
        } catch {
            failure = error
        }
        // Calls the replicas still make must end before the sandbox stops (apple/swift-nio#2637).
        for replica in replicas {
            while replica.runtime.client.pool.running > 0 { try await Task.sleep(for: .milliseconds(20)) }
        }
        group.cancelAll()
        await client.shutdown()
        for replica in replicas { await replica.runtime.shutdown() }
        if let failure { throw failure }
    }
}
