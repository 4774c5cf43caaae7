import Foundation
import GatewayConfig
import Mapping
import RedisServerSupport
import SharedState
import Testing
import Upstream

@testable import Bot

/// iAdvize signs a bot PUT's body, not its path: one captured `PUT /bots/{t}/bots/:idOperator`
/// replays under any operator id. What a replay can do is bounded: `bot.maxBindings` operators
/// per tenant, `bot.bindingWritesPerMinute` writes, over real sockets.
@Suite struct BindingLimitTests {
    static let capturedBody: JSON = [
        "name": "Bot", "pseudo": "Botty", "language": "en", "distributionRules": [], "external": ["idBot": "catalog-assistant"],
    ]

    /// The captured call replayed under `idOperator`: the same body, the same signature.
    static func replay(_ harness: BotHarness, as idOperator: String) async throws -> UpstreamResponse {
        let body = capturedBody.encoded()
        return try await harness.client.execute(
            UpstreamRequest(
                method: "PUT", url: "http://127.0.0.1:\(harness.port)/bots/demo/bots/\(idOperator)?\(BotHarness.query)",
                headers: [
                    HTTPHeader(name: "x-iadvize-signature", value: BotHarness.sign(body)),
                    HTTPHeader(name: "Content-Type", value: "application/json"),
                ], body: body, timeout: .seconds(20)))
    }

    static func savedOperators(_ harness: BotHarness) throws -> [String] {
        Array(try savedBindings(harness.bindingsFile).keys)
    }

    @Test func aReplayedPutBindsAtMostMaxBindingsOperators() async throws {
        try await withBotHarness(botYAML: "maxBindings: 3") { harness in
            for index in 1...3 {
                let answer = try await Self.replay(harness, as: "ha-\(index)")
                #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
            }
            let refused = try await Self.replay(harness, as: "ha-4")
            #expect(refused.status == 409)
            let error = try JSON(parsing: refused.body)
            #expect(error["error"] == "too_many_bindings", "\(error)")
            #expect(error["message"]?.stringValue?.contains("bot.maxBindings") == true)
            #expect(try Self.savedOperators(harness).sorted() == ["ha-1", "ha-2", "ha-3"])
            #expect(try await harness.get("/bots/demo/bots/ha-4?\(BotHarness.query)").status == 404)
            // A bound operator may always be bound again, and the cap holds after a restart.
            #expect(try await harness.bind("ha-2", bot: "conseiller").status == 200)
            harness.restart()
            #expect(try await Self.replay(harness, as: "ha-5").status == 409)
            #expect(try await harness.bind("ha-3", bot: "conseiller").status == 200)
            #expect(try Self.savedOperators(harness).sorted() == ["ha-1", "ha-2", "ha-3"])
        }
    }

    @Test func writesBeyondTheRateAreRefusedWithRetryAfter() async throws {
        try await withBotHarness(botYAML: "bindingWritesPerMinute: 5") { harness in
            for index in 1...5 {
                #expect(try await Self.replay(harness, as: "ha-\(index)").status == 200)
            }
            let refused = try await Self.replay(harness, as: "ha-6")
            #expect(refused.status == 429)
            #expect(try JSON(parsing: refused.body)["error"] == "binding_rate_limited")
            // One write comes back every 12 s.
            let retryAfter = try #require(refused.header("Retry-After").flatMap { Int($0) })
            #expect((1...12).contains(retryAfter), "Retry-After: \(retryAfter)")
            #expect(try Self.savedOperators(harness).count == 5)
            // Re-binding a bound operator is a write too.
            #expect(try await harness.bind("ha-1", bot: "conseiller").status == 429)
        }
    }

    @Test func theLimitsAreReadFromConfigYAML() async throws {
        try await withBotHarness(botYAML: "maxBindings: 7\nbindingWritesPerMinute: 90") { harness in
            #expect(harness.configuration.bindingLimits == BindingLimits(maxBindings: 7, writesPerMinute: 90))
        }
        try await withBotHarness { harness in
            #expect(harness.configuration.bindingLimits == BindingLimits(maxBindings: 1000, writesPerMinute: 60))
        }
    }
}

/// The same bounds with the bindings in a real redis-server (`shared:`): the cap counts what the
/// whole fleet bound (two stores stand for two replicas).
@Suite struct RedisBindingLimitTests {
    @Test func theCapCountsEveryReplicasBindingsAndWritesArePaced() async throws {
        try await RedisServer.with { redis in
            let prefix = "bot-limit-\(UUID().uuidString.prefix(8)):"
            let stores = (0..<2).map { _ in
                SharedStore(settings: SharedSettings(redis: redis.configuration(), keyPrefix: prefix), logger: quietLogger)
            }
            defer { Task { for store in stores { await store.shutdown() } } }
            let limits = BindingLimits(maxBindings: 3, writesPerMinute: 1000)
            let first = RedisBindingStore(store: stores[0], tenant: "demo", limits: limits, logger: quietLogger)
            let second = RedisBindingStore(store: stores[1], tenant: "demo", limits: limits, logger: quietLogger)
            func bind(_ store: RedisBindingStore, _ idOperator: String) async throws(BindingStoreError) {
                try await store.bind(idOperator: idOperator, idBot: "assistant", name: nil, pseudo: nil, language: nil, distributionRules: [])
            }
            try await bind(first, "ha-1")
            try await bind(second, "ha-2")
            try await bind(first, "ha-3")
            await #expect(throws: BindingStoreError.tooManyBindings(maximum: 3)) { try await bind(second, "ha-4") }
            await #expect(throws: BindingStoreError.tooManyBindings(maximum: 3)) { try await bind(first, "ha-5") }
            try await bind(second, "ha-1")  // re-binding is allowed
            #expect(await first.binding(for: "ha-4") == nil)
            #expect(await second.binding(for: "ha-1")?.idBot == "assistant")

            let paced = RedisBindingStore(
                store: stores[0], tenant: "paced", limits: BindingLimits(maxBindings: 100, writesPerMinute: 2), logger: quietLogger)
            try await bind(paced, "ha-1")
            try await bind(paced, "ha-2")
            do throws(BindingStoreError) {
                try await bind(paced, "ha-3")
                Issue.record("a third write within the minute was accepted")
            } catch {
                guard case .writesTooFrequent(let wait) = error else { throw error }
                #expect(wait > .zero && wait <= .seconds(30))
            }
            #expect(await paced.binding(for: "ha-3") == nil)
        }
    }
}
