import Redis
import Upstream

/// Final plugin answers shared by the fleet through Redis, under each replica's in-memory cache:
/// an answer built through one replica is a hit on the others.
///
/// An answer is stored under `a:<tenant>:<fingerprint>` (the plugin-answer key: the tenant, its
/// configuration and the parameters its adapter reads) with its TTL and stale windows, and kept
/// in Redis until the last window ends. Its age comes from Redis' own clock (the key's remaining
/// PTTL), so replicas whose clocks differ still agree on whether it is fresh, may be served while
/// it is refreshed (stale-while-revalidate), or may stand in for a failed build (stale-if-error).
/// Redis failures are the `SharedStore`'s: the answer is simply not found, or not stored.
package struct SharedAnswerTier: Sendable {
    let store: SharedStore

    package init(store: SharedStore) {
        self.store = store
    }

    /// A stored answer and where it stands in its windows.
    package struct Stored: Sendable {
        package let body: [UInt8]
        /// How long ago it was stored, by Redis' clock.
        package let age: Duration
        package let policy: CachePolicy

        package var isFresh: Bool { age < policy.ttl }
        /// Fresh for this much longer.
        package var freshFor: Duration { policy.ttl - age }
        /// Past its TTL, may be served at once while one replica refreshes it.
        package var mayRevalidate: Bool { age < policy.ttl + policy.staleWhileRevalidate }
        /// Past its TTL, may stand in for a build that failed.
        package var mayStandInForError: Bool { age < policy.ttl + policy.staleIfError }
    }

    /// GET and PTTL at once, so the age is the value's own.
    private static let read = RedisScript(
        "local v = redis.call('get', KEYS[1]) if not v then return false end return {v, redis.call('pttl', KEYS[1])}")

    /// The fleet's answer for `key`, nil when there is none (or Redis failed).
    package func answer(for key: CacheKey) async -> Stored? {
        let valueKey = Self.valueKey(key, in: store)
        guard let reply = await store.attempt({ try await $0.eval(Self.read, keys: [valueKey]) }), let parts = reply.array, parts.count == 2,
            let bytes = parts[0].bytes, let remaining = parts[1].integer, remaining > 0,
            let (policy, body) = SharedAnswerCoding.decode(bytes)
        else { return nil }
        let age = Self.keptFor(policy) - .milliseconds(remaining)
        let stored = Stored(body: body, age: max(age, .zero), policy: policy)
        if stored.isFresh {
            store.counters.answerHits.add(1, ordering: .relaxed)
        } else {
            store.counters.answerStale.add(1, ordering: .relaxed)
        }
        return stored
    }

    /// Stores a fresh answer for the fleet, kept until its last window ends; answers over
    /// `shared.maxEntryBytes` stay in this replica's memory only.
    package func keep(_ body: [UInt8], for key: CacheKey, policy: CachePolicy) async {
        guard policy.ttl > .zero else { return }
        let encoded = SharedAnswerCoding.encode(body, policy: policy)
        guard encoded.count <= store.settings.maxEntryBytes else {
            store.counters.tooLarge.add(1, ordering: .relaxed)
            return
        }
        let valueKey = Self.valueKey(key, in: store)
        if await store.attempt({ try await $0.set(valueKey, to: encoded, expiresIn: Self.keptFor(policy)) }) != nil {
            store.counters.answerStores.add(1, ordering: .relaxed)
        }
    }

    /// True for the one replica of the fleet that refreshes a stale answer (for at most `lease`);
    /// false for the others, and when Redis fails (then no refresh starts from a stale answer
    /// Redis may no longer hold).
    package func claimRefresh(of key: CacheKey, lease: Duration) async -> Bool {
        let lockKey = Self.valueKey(key, in: store) + ":refresh"
        return await store.attempt({ try await $0.set(lockKey, to: [1], expiresIn: lease, onlyIfAbsent: true) }) ?? false
    }

    /// Counts an answer served stale because its build failed.
    package func countStaleOnError() {
        store.counters.answerStaleOnError.add(1, ordering: .relaxed)
    }

    private static func valueKey(_ key: CacheKey, in store: SharedStore) -> String {
        store.key("a:\(key.tenant):\(key.hexDigest)")
    }

    private static func keptFor(_ policy: CachePolicy) -> Duration {
        policy.ttl + max(policy.staleWhileRevalidate, policy.staleIfError, .zero)
    }
}

/// A plugin answer as Redis keeps it: a version byte, its TTL and stale windows in milliseconds
/// (big-endian 64-bit), then the body.
enum SharedAnswerCoding {
    private static let version: UInt8 = 1
    private static let headerCount = 1 + 3 * 8

    static func encode(_ body: [UInt8], policy: CachePolicy) -> [UInt8] {
        var bytes: [UInt8] = [version]
        bytes.reserveCapacity(headerCount + body.count)
        for window in [policy.ttl, policy.staleWhileRevalidate, policy.staleIfError] {
            withUnsafeBytes(of: milliseconds(window).bigEndian) { bytes.append(contentsOf: $0) }
        }
        bytes.append(contentsOf: body)
        return bytes
    }

    /// Whole milliseconds, rounded down, never negative (windows are minutes, not microseconds).
    private static func milliseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = max(duration, .zero).components
        return UInt64(seconds) * 1000 + UInt64(attoseconds / 1_000_000_000_000_000)
    }

    static func decode(_ bytes: [UInt8]) -> (CachePolicy, [UInt8])? {
        guard bytes.count >= headerCount, bytes[0] == version else { return nil }
        func window(_ index: Int) -> Duration {
            let start = 1 + index * 8
            return .milliseconds(Int64(truncatingIfNeeded: bytes[start..<start + 8].reduce(0) { $0 << 8 | UInt64($1) }))
        }
        let policy = CachePolicy(ttl: window(0), staleWhileRevalidate: window(1), staleIfError: window(2))
        return (policy, Array(bytes[headerCount...]))
    }
}
