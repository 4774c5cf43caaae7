import Adapters
import NIOCore
import Upstream

/// Final plugin answers, by tenant, configuration version, route and the parameters that change
/// the answer: a hit costs one lookup and no mapping. Each is kept as the encoded JSON's
/// `ByteBuffer`, which a hit writes out as is.
///
/// Only answers built from fresh upstream data are kept: one that leaned on a stale-if-error
/// upstream answer is sent, marked, and not kept, so staleness never outlives its window.
package final class PluginResponseCache: Sendable {
    let cache: ResponseCache<ByteBuffer>

    package init(maxBytes: Int) {
        cache = ResponseCache(maxBytes: maxBytes)
    }

    package var statistics: CacheStatistics { cache.statistics }

    /// The cached answer for `parts`, or `compute`'s, kept for `ttl` when it is fresh.
    func answer(
        tenant: String, version: Int, parts: [String], ttl: Duration, compute: () async throws -> PluginAnswer
    ) async throws -> ServedAnswer {
        let key = CacheKey(tenant: tenant, parts: [String(version)] + parts)
        if let body = cache.value(for: key) { return ServedAnswer(body: body, cacheLabel: "hit") }
        let served = ServedAnswer.computed(try await compute())
        if served.cacheLabel == nil {
            cache.insert(served.body, for: key, ttl: ttl, cost: served.body.capacity + 64)
        }
        return served
    }
}
