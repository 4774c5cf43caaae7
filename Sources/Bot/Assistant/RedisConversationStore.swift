import Foundation
import Logging
import Mapping
import Redis
import SharedState

/// The assistant's conversations in the fleet's Redis (`shared:`), so that a conversation's next
/// message may reach another replica and still "Show more" of the last search.
///
/// One key per conversation, `<prefix>bot:<tenant>:conversation:<idConversation>`, holding the
/// state's JSON (`createdAt`, the last search) and expiring after `conversationTimeout` of silence
/// (`PX`): each read (`GET` then `PEXPIRE`, one script) and each write restarts it, as in memory.
/// Every state is also kept in this replica's memory (`ConversationMemory`, bounded by
/// `conversationLimit`): while Redis fails (see `SharedStore`), conversations carry on from there.
package final class RedisConversationStore: ConversationStore {
    private let store: SharedStore
    private let prefix: String
    private let timeout: Duration
    private let local: ConversationMemory
    private let logger: Logger

    /// Reads a conversation and restarts its expiry, in one round trip.
    private static let touch = RedisScript(
        "local value = redis.call('get', KEYS[1]) if value then redis.call('pexpire', KEYS[1], ARGV[1]) end return value")

    package init(store: SharedStore, tenant: String, capacity: Int, timeout: Duration, logger: Logger) {
        self.store = store
        self.prefix = store.key("bot:\(tenant):conversation:")
        self.timeout = timeout
        self.local = ConversationMemory(capacity: capacity, timeout: timeout)
        self.logger = logger
    }

    /// The Redis key of a conversation.
    package func key(_ idConversation: String) -> String { prefix + idConversation }

    package func state(of idConversation: String) async -> ConversationState? {
        let key = key(idConversation)
        let milliseconds = Array(String(Self.milliseconds(timeout)).utf8)
        guard let reply = await store.attempt({ try await $0.eval(Self.touch, keys: [key], arguments: [milliseconds]) }) else {
            return local.state(of: idConversation)  // Redis failed: this replica's memory
        }
        guard case .bulk(let bytes) = reply else {
            // Unknown to the fleet (expired, or Redis lost it): this replica may still know it.
            return local.state(of: idConversation)
        }
        guard let state = Self.decode(bytes) else {
            logger.warning("a bot conversation in Redis is not one DeskBridge wrote: ignored", metadata: ["key": "\(key)"])
            return local.state(of: idConversation)
        }
        local.remember(state, for: idConversation)
        return state
    }

    package func remember(_ state: ConversationState, for idConversation: String) async {
        local.remember(state, for: idConversation)
        let key = key(idConversation)
        let value = Self.encode(state)
        let timeout = self.timeout
        _ = await store.attempt { try await $0.set(key, to: value, expiresIn: timeout) }
    }

    // MARK: Coding

    /// `{"createdAt": "…Z", "lastSearch": null | {"query", "offset", "outcome": "shown" | "failed", "hasMore"}}`.
    static func encode(_ state: ConversationState) -> [UInt8] {
        var object = JSONObject()
        object.append(key: "createdAt", value: .string(ISOTimestamp.string(state.createdAt)))
        if let last = state.lastSearch {
            var search = JSONObject()
            search.append(key: "query", value: .string(last.query))
            search.append(key: "offset", value: .number(Double(last.offset)))
            switch last.outcome {
            case .shown(let hasMore):
                search.append(key: "outcome", value: "shown")
                search.append(key: "hasMore", value: .bool(hasMore))
            case .failed:
                search.append(key: "outcome", value: "failed")
            }
            object.append(key: "lastSearch", value: .object(search))
        } else {
            object.append(key: "lastSearch", value: .null)
        }
        return JSON.object(object).encoded()
    }

    static func decode(_ bytes: [UInt8]) -> ConversationState? {
        guard let json = try? JSON(parsing: bytes), let createdAt = json["createdAt"]?.stringValue.flatMap(ISOTimestamp.date) else { return nil }
        guard let search = json["lastSearch"], !search.isNull else { return ConversationState(createdAt: createdAt) }
        guard let query = search["query"]?.stringValue, let offset = search["offset"]?.intValue, offset >= 0 else { return nil }
        let outcome: ConversationState.LastSearch.Outcome
        switch search["outcome"]?.stringValue {
        case "shown": outcome = .shown(hasMore: search["hasMore"]?.boolValue ?? false)
        case "failed": outcome = .failed
        default: return nil
        }
        return ConversationState(createdAt: createdAt, lastSearch: .init(query: query, offset: offset, outcome: outcome))
    }

    /// Whole milliseconds for PEXPIRE, rounded up and at least 1 (0 would delete the key).
    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let fraction = attoseconds / 1_000_000_000_000_000 + (attoseconds % 1_000_000_000_000_000 > 0 ? 1 : 0)
        return max(seconds * 1_000 + fraction, 1)
    }
}
