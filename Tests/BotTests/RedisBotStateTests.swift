import Bot
import Foundation
import GatewayConfig
import Logging
import Redis
import RedisServerSupport
import SharedState
import Testing

/// The bot's state in a real redis-server (`shared:`): two stores on one Redis stand for two
/// replicas; whatever one writes the other reads, and Redis failing loses nothing silently.
@Suite struct RedisBotStateTests {
    let rules = [DistributionRule(id: "ef4670c3-d715-4a21-8226-ed17f354fc44", label: "Advisors")]

    /// A replica's connection to `redis` under `prefix`, shut down after `body`.
    func withStores<T>(
        _ redis: RedisServer, prefix: String, count: Int = 2, _ body: ([SharedStore]) async throws -> T
    ) async throws -> T {
        let stores = (0..<count).map { _ in
            SharedStore(settings: SharedSettings(redis: redis.configuration(), keyPrefix: prefix), logger: quietLogger)
        }
        do {
            let result = try await body(stores)
            for store in stores { await store.shutdown() }
            return result
        } catch {
            for store in stores { await store.shutdown() }
            throw error
        }
    }

    static func prefix() -> String { "bot-test-\(UUID().uuidString.prefix(8)):" }

    @Test func aBindingWrittenByOneReplicaIsReadByAnotherAndKeepsItsCreationTime() async throws {
        try await RedisServer.with { redis in
            let prefix = Self.prefix()
            try await withStores(redis, prefix: prefix) { stores in
                let clock = TestDates(start: Date(timeIntervalSince1970: 1_700_000_000.75))
                let first = RedisBindingStore(store: stores[0], tenant: "demo", logger: quietLogger, now: { clock.now })
                let second = RedisBindingStore(
                    store: stores[1], tenant: "demo", pinned: ["ha-9": "pinned-bot"], logger: quietLogger, now: { clock.now })
                #expect(await second.binding(for: "ha-1") == nil)
                let created = try await first.bind(
                    idOperator: "ha-1", idBot: "assistant", name: "Bot", pseudo: "Botty", language: "fr", distributionRules: rules)
                #expect(created.createdAt == Date(timeIntervalSince1970: 1_700_000_000), "whole seconds, as stored")
                #expect(await second.binding(for: "ha-1") == created)
                clock.advance(60)
                let updated = try await second.bind(
                    idOperator: "ha-1", idBot: "assistant", name: "Bot 2", pseudo: nil, language: "en", distributionRules: [])
                #expect(updated.createdAt == created.createdAt && updated.updatedAt == Date(timeIntervalSince1970: 1_700_000_060))
                #expect(await first.binding(for: "ha-1") == updated)
                // Pinned operators are known without Redis holding them; a PUT wins over them.
                #expect(await second.binding(for: "ha-9")?.idBot == "pinned-bot")
                #expect(await first.binding(for: "ha-9") == nil, "pinned in the other replica's configuration only")
                try await first.bind(idOperator: "ha-9", idBot: "assistant", name: nil, pseudo: nil, language: nil, distributionRules: [])
                #expect(await second.binding(for: "ha-9")?.idBot == "assistant")

                // One hash per tenant, a field per operator, the value as the bindings file writes it.
                try await withClient(redis.configuration()) { client in
                    let fields = try await client.hgetall(prefix + "bot:demo:bindings")
                    #expect(Set(fields.keys) == ["ha-1", "ha-9"])
                    let value = String(decoding: try #require(fields["ha-1"]), as: UTF8.self)
                    #expect(value.contains(#""idBot":"assistant""#) && value.contains(#""createdAt":"2023-11-14T22:13:20Z""#), "\(value)")
                    #expect(try await client.send(["PTTL", prefix + "bot:demo:bindings"]) == .integer(-1), "bindings do not expire")
                }
                // Another tenant's hash is another key.
                let other = RedisBindingStore(store: stores[1], tenant: "other", logger: quietLogger)
                #expect(await other.binding(for: "ha-1") == nil)
            }
        }
    }

    @Test func concurrentWritesThroughTwoReplicasAreAllKept() async throws {
        try await RedisServer.with { redis in
            try await withStores(redis, prefix: Self.prefix()) { stores in
                let replicas = stores.map { RedisBindingStore(store: $0, tenant: "demo", logger: quietLogger) }
                let rules = self.rules
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<100 {
                        group.addTask {
                            try await replicas[index % 2].bind(
                                idOperator: "ha-\(index)", idBot: "assistant", name: "Bot \(index)", pseudo: nil, language: nil,
                                distributionRules: rules)
                        }
                    }
                    try await group.waitForAll()
                }
                let restarted = RedisBindingStore(store: stores[0], tenant: "demo", logger: quietLogger)
                for index in 0..<100 {
                    #expect(await restarted.binding(for: "ha-\(index)")?.name == "Bot \(index)")
                }
            }
        }
    }

    @Test func withRedisDownReadsAnswerFromTheLastSeenCopyAndWritesFail() async throws {
        let redis = try await RedisServer.start()
        do {
            try await withStores(redis, prefix: Self.prefix()) { stores in
                let writer = RedisBindingStore(store: stores[0], tenant: "demo", logger: quietLogger)
                let reader = RedisBindingStore(store: stores[1], tenant: "demo", pinned: ["ha-9": "pinned-bot"], logger: quietLogger)
                let bound = try await writer.bind(
                    idOperator: "ha-1", idBot: "assistant", name: nil, pseudo: nil, language: nil, distributionRules: [])
                try await writer.bind(idOperator: "ha-2", idBot: "assistant", name: nil, pseudo: nil, language: nil, distributionRules: [])
                // The reader's first read takes the whole hash: it knows ha-2 without having asked for it.
                #expect(await reader.binding(for: "ha-1") == bound)
                await redis.stop()

                #expect(await reader.binding(for: "ha-1") == bound)
                #expect(await reader.binding(for: "ha-2")?.idOperator == "ha-2")
                #expect(await reader.binding(for: "ha-9")?.idBot == "pinned-bot")
                #expect(await writer.binding(for: "ha-1") == bound, "the writer keeps what it wrote")
                #expect(stores[1].isShared == false)
                await #expect(throws: BindingStoreError.sharedStateUnavailable(key: writer.key)) {
                    try await writer.bind(idOperator: "ha-3", idBot: "assistant", name: nil, pseudo: nil, language: nil, distributionRules: [])
                }
                #expect(await writer.binding(for: "ha-3") == nil, "a failed write is not kept here either")
                #expect((stores[0].statistics.failures + stores[0].statistics.skipped) > 0)
            }
        } catch {
            await redis.stop()
            throw error
        }
    }

    @Test func conversationsAreSharedWithTheirTimeout() async throws {
        try await RedisServer.with { redis in
            let prefix = Self.prefix()
            try await withStores(redis, prefix: prefix) { stores in
                let first = RedisConversationStore(store: stores[0], tenant: "demo", capacity: 100, timeout: .seconds(300), logger: quietLogger)
                let second = RedisConversationStore(store: stores[1], tenant: "demo", capacity: 100, timeout: .seconds(300), logger: quietLogger)
                let state = ConversationState(
                    createdAt: Date(timeIntervalSince1970: 1_700_000_000),
                    lastSearch: .init(query: "robe d'été", offset: 3, outcome: .shown(hasMore: true)))
                #expect(await second.state(of: "c-1") == nil)
                await first.remember(state, for: "c-1")
                #expect(await second.state(of: "c-1") == state)
                var failed = state
                failed.lastSearch = .init(query: "lamp", offset: 0, outcome: .failed)
                await second.remember(failed, for: "c-1")
                #expect(await first.state(of: "c-1") == failed)
                let fresh = ConversationState(createdAt: Date(timeIntervalSince1970: 1_700_000_001))
                await second.remember(fresh, for: "c-2")
                #expect(await first.state(of: "c-2") == fresh)

                try await withClient(redis.configuration()) { client in
                    let key = first.key("c-1")
                    #expect(key == prefix + "bot:demo:conversation:c-1")
                    let ttl = try #require(try await client.send(["PTTL", key]).integer)
                    #expect(ttl > 290_000 && ttl <= 300_000, "the conversation timeout: \(ttl) ms")
                    // A read restarts the timeout, as a message does.
                    try await client.send(["PEXPIRE", key, "100000"])
                    _ = await second.state(of: "c-1")
                    let restarted = try #require(try await client.send(["PTTL", key]).integer)
                    #expect(restarted > 290_000, "\(restarted) ms")
                }
            }
        }
    }

    @Test func aSilentConversationIsForgottenByTheWholeFleet() async throws {
        try await RedisServer.with { redis in
            try await withStores(redis, prefix: Self.prefix()) { stores in
                let first = RedisConversationStore(store: stores[0], tenant: "demo", capacity: 100, timeout: .milliseconds(300), logger: quietLogger)
                let second = RedisConversationStore(store: stores[1], tenant: "demo", capacity: 100, timeout: .milliseconds(300), logger: quietLogger)
                await first.remember(ConversationState(createdAt: Date(timeIntervalSince1970: 0)), for: "c-1")
                // Redis drops the key after the timeout (looked at without reading the conversation,
                // which would restart it).
                try await withClient(redis.configuration()) { client in
                    let deadline = ContinuousClock.now + .seconds(10)
                    while try await client.get(first.key("c-1")) != nil {
                        try #require(ContinuousClock.now < deadline, "the conversation never expired")
                        try await Task.sleep(for: .milliseconds(50))
                    }
                }
                #expect(await second.state(of: "c-1") == nil)
            }
        }
    }

    @Test func withRedisDownConversationsCarryOnFromThisReplicasMemory() async throws {
        let redis = try await RedisServer.start()
        do {
            try await withStores(redis, prefix: Self.prefix(), count: 1) { stores in
                let memory = RedisConversationStore(store: stores[0], tenant: "demo", capacity: 100, timeout: .seconds(300), logger: quietLogger)
                let state = ConversationState(
                    createdAt: Date(timeIntervalSince1970: 0), lastSearch: .init(query: "lamp", offset: 0, outcome: .failed))
                await memory.remember(state, for: "c-1")
                await redis.stop()
                #expect(await memory.state(of: "c-1") == state)
                var next = state
                next.lastSearch = .init(query: "lamp", offset: 0, outcome: .shown(hasMore: false))
                await memory.remember(next, for: "c-1")
                #expect(await memory.state(of: "c-1") == next)
                #expect(stores[0].isShared == false)
            }
        } catch {
            await redis.stop()
            throw error
        }
    }

    @Test func everyConversationStateRoundTripsThroughItsRedisValue() async throws {
        try await RedisServer.with { redis in
            try await withStores(redis, prefix: Self.prefix()) { stores in
                let first = RedisConversationStore(store: stores[0], tenant: "demo", capacity: 100, timeout: .seconds(60), logger: quietLogger)
                let second = RedisConversationStore(store: stores[1], tenant: "demo", capacity: 100, timeout: .seconds(60), logger: quietLogger)
                let created = Date(timeIntervalSince1970: 1_700_000_000)
                let states: [ConversationState] = [
                    ConversationState(createdAt: created),
                    ConversationState(createdAt: created, lastSearch: .init(query: "", offset: 0, outcome: .failed)),
                    ConversationState(createdAt: created, lastSearch: .init(query: #"quote " \ 🎉 é"#, offset: 9, outcome: .shown(hasMore: false))),
                    ConversationState(createdAt: created, lastSearch: .init(query: "robe", offset: 30, outcome: .shown(hasMore: true))),
                ]
                for (index, state) in states.enumerated() {
                    await first.remember(state, for: "c-\(index)")
                    #expect(await second.state(of: "c-\(index)") == state)
                }
                // A value DeskBridge did not write is ignored (the conversation starts afresh).
                try await withClient(redis.configuration()) { client in
                    try await client.set(second.key("c-foreign"), to: Array("not json".utf8))
                }
                #expect(await second.state(of: "c-foreign") == nil)
            }
        }
    }
}
