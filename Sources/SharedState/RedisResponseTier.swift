import Foundation
import Redis
import Upstream

/// Upstream answers shared by the fleet through Redis, with one loader per key fleet-wide.
///
/// A key's answer is stored under `u:<tenant>:<fingerprint>` (the fingerprint hashes the request
/// with the tenant and its credential identity, see `CacheKey`: no tenant reads another's entries)
/// for the answer's TTL. A replica that finds no answer takes the key's fill lock
/// (`SET … NX PX fillTimeout`) and loads it; the others poll for its answer until the lock goes
/// (answer stored, holder failed, or holder crashed and the lock expired), then load themselves if
/// no answer came. Any Redis failure falls back to loading here (see `SharedStore`).
package struct RedisResponseTier: SharedResponseTier {
    let store: SharedStore
    /// How often a waiting replica looks for the holder's answer.
    let pollInterval: Duration

    package init(store: SharedStore, pollInterval: Duration = .milliseconds(20)) {
        self.store = store
        self.pollInterval = pollInterval
    }

    /// Deletes the lock only if this replica still holds it (it may have expired and gone to another).
    private static let release = RedisScript(
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end")

    package func response(
        for key: CacheKey, ttl: Duration, isKept: @escaping @Sendable (UpstreamResponse) -> Bool,
        load: @escaping @Sendable () async throws -> UpstreamResponse
    ) async throws -> UpstreamResponse {
        // Nothing to share for answers not kept at all.
        guard ttl > .zero else { return try await load() }
        let valueKey = store.key("u:\(key.tenant):\(key.hexDigest)")
        let lockKey = valueKey + ":fill"
        if let stored = await storedResponse(valueKey) {
            store.counters.hits.add(1, ordering: .relaxed)
            return stored
        }
        let token = Array(UUID().uuidString.utf8)
        let fillTimeout = store.settings.fillTimeout
        guard let acquired = await store.attempt({ try await $0.set(lockKey, to: token, expiresIn: fillTimeout, onlyIfAbsent: true) }) else {
            return try await load()  // Redis failed: this replica alone
        }
        if acquired {
            // The previous holder may have stored the answer and let the lock go since the first look.
            if let stored = await storedResponse(valueKey) {
                await releaseLock(lockKey, token: token)
                store.counters.hits.add(1, ordering: .relaxed)
                return stored
            }
            return try await fill(valueKey, lockKey: lockKey, token: token, ttl: ttl, isKept: isKept, load: load)
        }
        store.counters.waits.add(1, ordering: .relaxed)
        if let stored = await waitForFill(valueKey, lockKey: lockKey, until: .now + fillTimeout) {
            store.counters.waitHits.add(1, ordering: .relaxed)
            return stored
        }
        return try await load()
    }

    /// Loads as the fleet's loader of the key, stores what is kept, and lets the waiters go.
    private func fill(
        _ valueKey: String, lockKey: String, token: [UInt8], ttl: Duration, isKept: @Sendable (UpstreamResponse) -> Bool,
        load: @Sendable () async throws -> UpstreamResponse
    ) async throws -> UpstreamResponse {
        store.counters.fills.add(1, ordering: .relaxed)
        let response: UpstreamResponse
        do {
            response = try await load()
        } catch {
            await releaseLock(lockKey, token: token)
            throw error
        }
        if isKept(response) {
            let encoded = SharedResponseCoding.encode(response)
            if encoded.count <= store.settings.maxEntryBytes {
                _ = await store.attempt { try await $0.set(valueKey, to: encoded, expiresIn: ttl) }
            } else {
                store.counters.tooLarge.add(1, ordering: .relaxed)
            }
        }
        await releaseLock(lockKey, token: token)
        return response
    }

    private func releaseLock(_ lockKey: String, token: [UInt8]) async {
        _ = await store.attempt { try await $0.eval(Self.release, keys: [lockKey], arguments: [token]) }
    }

    /// The holder's answer once stored; nil when the lock went without one (or Redis failed, or
    /// the deadline passed): then the caller loads itself.
    private func waitForFill(_ valueKey: String, lockKey: String, until deadline: ContinuousClock.Instant) async -> UpstreamResponse? {
        while ContinuousClock.now < deadline {
            try? await Task.sleep(for: pollInterval)
            if Task.isCancelled { return nil }
            if let stored = await storedResponse(valueKey) { return stored }
            guard let lockHeld = await store.attempt({ try await $0.get(lockKey) != nil }) else { return nil }
            // The lock went: one last look (the answer is stored before the lock is released).
            if !lockHeld { return await storedResponse(valueKey) }
        }
        return nil
    }

    private func storedResponse(_ valueKey: String) async -> UpstreamResponse? {
        guard let bytes = await store.attempt({ try await $0.get(valueKey) }) ?? nil else { return nil }
        return SharedResponseCoding.decode(bytes)
    }
}
