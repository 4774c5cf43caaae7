import Foundation
import Mapping
import RedisServerSupport
import Sandbox
import Testing
import Upstream

/// Final plugin answers through the fleet's Redis tier, and plugin-answer keys that hold every
/// parameter the adapter reads, over real sockets against a real redis-server.
@Suite struct FleetAnswerTests {
    private static let search = "idWebsite=ha-123&limit=5&searchQuery=robe"

    @Test func aPluginAnswerCachedThroughOneReplicaIsAHitOnTheOthers() async throws {
        try await RedisServer.with { redis in
            try await withFleet(replicas: 3, redisPort: redis.port) { fleet in
                let first = try await fleet.get("/products", Self.search, replica: 0)
                #expect(first.status == 200)
                #expect(first.header("x-deskbridge-cache") == nil, "built, not found")
                let calls = fleet.sandbox.shopify.requestCount
                for replica in [1, 2] {
                    let answer = try await fleet.get("/products", Self.search, replica: replica)
                    #expect(answer.status == 200)
                    #expect(answer.header("x-deskbridge-cache") == "hit", "replica \(replica)")
                    #expect(answer.body == first.body)
                    #expect(fleet.replicas[replica].runtime.shared?.statistics.answerHits == 1)
                }
                #expect(fleet.sandbox.shopify.requestCount == calls, "no replica went to the shop again")
                // The next call on B is its own memory's hit: Redis is asked once per key and replica.
                _ = try await fleet.get("/products", Self.search, replica: 1)
                #expect(fleet.replicas[1].runtime.shared?.statistics.answerHits == 1)
            }
        }
    }

    @Test func pastItsTTLAnAnswerIsServedStaleByAnotherReplicaWhileOneRebuildsIt() async throws {
        try await RedisServer.with { redis in
            try await withFleet(replicas: 2, redisPort: redis.port, demoExtra: "websites: [ha-123]\n    ttl: { products: 1s }") { fleet in
                let first = try await fleet.get("/products", Self.search, replica: 0)
                #expect(first.status == 200)
                try await Task.sleep(for: .milliseconds(1_300))  // the answer's TTL passing is what is tested
                let stale = try await fleet.get("/products", Self.search, replica: 1)
                #expect(stale.status == 200)
                #expect(stale.header("x-deskbridge-cache") == "stale")
                #expect(stale.body == first.body)
                // The rebuild started by that call stores a fresh answer for the fleet.
                let deadline = ContinuousClock.now + .seconds(20)
                while fleet.replicas.compactMap({ $0.runtime.shared?.statistics.answerStores }).reduce(0, +) < 2 {
                    try #require(ContinuousClock.now < deadline, "the stale answer was never rebuilt")
                    try await Task.sleep(for: .milliseconds(20))
                }
                let rebuilt = try await fleet.get("/products", Self.search, replica: 0)
                #expect(rebuilt.status == 200)
                #expect(rebuilt.header("x-deskbridge-cache") == "hit")
            }
        }
    }

    @Test func whenTheShopFailsAnotherReplicaServesTheFleetsLastGoodAnswer() async throws {
        try await RedisServer.with { redis in
            try await withFleet(
                replicas: 2, redisPort: redis.port, demoExtra: "websites: [ha-123]\n    ttl: { products: 1s }",
                upstreamExtra: ", attempts: 1", cache: "{ maxBytes: 16MiB, staleWhileRevalidate: 0s, staleIfError: 10m }"
            ) { fleet in
                let first = try await fleet.get("/products", Self.search, replica: 0)
                #expect(first.status == 200)
                try await Task.sleep(for: .milliseconds(1_300))  // the answer's TTL passing is what is tested
                fleet.sandbox.faults.add(.status(503, body: "{}"), to: .simulator(.shopify), trigger: .next(1_000))
                let standIn = try await fleet.get("/products", Self.search, replica: 1)
                #expect(standIn.status == 200, "\(standIn.text)")
                #expect(standIn.header("x-deskbridge-cache") == "stale-if-error")
                #expect(standIn.body == first.body)
                #expect(fleet.replicas[1].runtime.shared?.statistics.answerStaleOnError == 1)
                // Another search, never answered: the shop's failure is the answer.
                let other = try await fleet.get("/products", "idWebsite=ha-123&limit=5&searchQuery=lin", replica: 1)
                #expect(other.status >= 500)
            }
        }
    }

    /// The shop's adapter with a product URL that depends on the website asking (a tracking
    /// parameter), and nothing that reads `idOperator`.
    private static func websiteDependentAdapters() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-adapters-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let original = try String(contentsOfFile: repositoryAdapters + "/shopify.yaml", encoding: .utf8)
        let line = #"    productUrl: item.onlineStoreUrl ?? "{shop.primaryDomain.url}/products/{item.handle}""#
        try #require(original.contains(line))
        let adapted = original.replacingOccurrences(
            of: line, with: #"    productUrl: '"{shop.primaryDomain.url}/products/{item.handle}?ref={params.idWebsite}"'"#)
        try adapted.write(to: directory.appendingPathComponent("shopify.yaml"), atomically: true, encoding: .utf8)
        return directory
    }

    @Test(arguments: [false, true])
    func twoWebsitesOfOneTenantWithAWebsiteDependentAdapterNeverShareAnAnswer(shared: Bool) async throws {
        let adapters = try Self.websiteDependentAdapters()
        defer { try? FileManager.default.removeItem(at: adapters) }
        try await RedisServer.with { redis in
            try await withFleet(
                replicas: 2, redisPort: shared ? redis.port : nil, adapters: adapters.path, demoExtra: "websites: [ha-123, ha-124]"
            ) { fleet in
                func urls(_ website: String, operator idOperator: String = "7", replica: Int) async throws -> (String?, [String]) {
                    let answer = try await fleet.get(
                        "/products", "idWebsite=\(website)&idOperator=\(idOperator)&limit=5&searchQuery=robe", replica: replica)
                    try #require(answer.status == 200, "\(answer.text)")
                    return (answer.header("x-deskbridge-cache"), answer.json.arrayValue?.compactMap { $0["productUrl"]?.stringValue } ?? [])
                }
                let (_, first) = try await urls("ha-123", replica: 0)
                try #require(!first.isEmpty)
                #expect(first.allSatisfy { $0.hasSuffix("?ref=ha-123") }, "\(first)")
                // The other website, through the same replica and through the other one: its own answer.
                for replica in [0, 1] {
                    let (label, second) = try await urls("ha-124", replica: replica)
                    #expect(second.count == first.count)
                    #expect(second.allSatisfy { $0.hasSuffix("?ref=ha-124") }, "replica \(replica): \(second)")
                    if replica == 0 { #expect(label == nil, "built for ha-124, not ha-123's answer") }
                }
                // What the adapter does not read does not split the cache: another operator shares it.
                let (label, again) = try await urls("ha-123", operator: "8", replica: 0)
                #expect(label == "hit")
                #expect(again == first)
            }
        }
    }
}

extension LiveGateway.Answer {
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name }?.value
    }
}
