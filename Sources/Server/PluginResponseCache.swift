import Adapters
import GatewayHTTP
import NIOCore
import SharedState
import Synchronization
import Upstream

/// Final plugin answers, by tenant and the parts that change the answer (the tenant's
/// configuration, the route and the parameters its adapter reads): a hit costs one lookup and no
/// mapping. Each is kept as the encoded JSON's `ByteBuffer`, which a hit writes out as is.
///
/// Only answers built from fresh upstream data are kept: one that leaned on a stale-if-error
/// upstream answer is sent, marked, and not kept, so staleness never outlives its window.
///
/// With `shared:`, the fleet's answers in Redis are the tier under this memory: an answer built
/// through another replica is a hit here; past its TTL it is served at once while one replica of
/// the fleet rebuilds it (stale-while-revalidate), or stands in when the rebuild fails with a
/// 5xx (stale-if-error), within the same windows as upstream answers.
package final class PluginResponseCache: Sendable {
    let cache: ResponseCache<ByteBuffer>
    let shared: SharedAnswerTier?
    /// The stale windows of answers in the shared tier (`cache.staleness`).
    let staleness: StalenessPolicy
    /// Keys this replica is rebuilding in the background, so a burst of stale hits starts one.
    private let refreshing = Mutex<Set<CacheKey>>([])

    package init(maxBytes: Int, shared: SharedAnswerTier? = nil, staleness: StalenessPolicy = StalenessPolicy()) {
        cache = ResponseCache(maxBytes: maxBytes)
        self.shared = shared
        self.staleness = staleness
    }

    package var statistics: CacheStatistics { cache.statistics }

    /// The cached answer for `parts`, or `compute`'s, kept for `ttl` when it is fresh.
    func answer(
        tenant: String, parts: [String], ttl: Duration, compute: @escaping @Sendable () async throws -> PluginAnswer
    ) async throws -> ServedAnswer {
        let key = CacheKey(tenant: tenant, parts: parts)
        if let body = cache.value(for: key) { return ServedAnswer(body: body, cacheLabel: "hit") }
        guard let shared, ttl > .zero else { return try await build(key, ttl: ttl, compute: compute) }
        let stored = await shared.answer(for: key)
        if let stored, stored.isFresh {
            let body = ByteBuffer(bytes: stored.body)
            cache.insert(body, for: key, ttl: stored.freshFor, cost: body.capacity + 64)
            return ServedAnswer(body: body, cacheLabel: "hit")
        }
        if let stored, stored.mayRevalidate {
            refresh(key, ttl: ttl, in: shared, compute: compute)
            return ServedAnswer(body: ByteBuffer(bytes: stored.body), cacheLabel: UpstreamCallLog.CacheOutcome.stale.rawValue)
        }
        do {
            return try await build(key, ttl: ttl, compute: compute)
        } catch let error as any GatewayError where error.status.code >= 500 {
            guard let stored, stored.mayStandInForError else { throw error }
            shared.countStaleOnError()
            return ServedAnswer(body: ByteBuffer(bytes: stored.body), cacheLabel: UpstreamCallLog.CacheOutcome.staleOnError.rawValue)
        }
    }

    /// `compute`'s answer, kept here and for the fleet when it was built from fresh data.
    private func build(_ key: CacheKey, ttl: Duration, compute: () async throws -> PluginAnswer) async throws -> ServedAnswer {
        let answer = try await compute()
        let served = ServedAnswer.computed(answer)
        if served.cacheLabel == nil {
            cache.insert(served.body, for: key, ttl: ttl, cost: served.body.capacity + 64)
            await shared?.keep(answer.body, for: key, policy: policy(ttl: ttl))
        }
        return served
    }

    /// Rebuilds a stale answer in the background: once per key in this replica, and only in the
    /// replica of the fleet that claims it. The request that found it stale has its answer already,
    /// so the rebuild's upstream calls are logged on their own, not in that request's log.
    private func refresh(_ key: CacheKey, ttl: Duration, in shared: SharedAnswerTier, compute: @escaping @Sendable () async throws -> PluginAnswer) {
        guard refreshing.withLock({ $0.insert(key).inserted }) else { return }
        Task {
            defer { _ = refreshing.withLock { $0.remove(key) } }
            guard await shared.claimRefresh(of: key, lease: max(min(staleness.staleWhileRevalidate, ttl), .seconds(1))) else { return }
            _ = try? await UpstreamCallLog.$current.withValue(nil) { try await build(key, ttl: ttl, compute: compute) }
        }
    }

    private func policy(ttl: Duration) -> CachePolicy {
        CachePolicy(ttl: ttl, staleWhileRevalidate: staleness.staleWhileRevalidate, staleIfError: staleness.staleIfError)
    }
}
