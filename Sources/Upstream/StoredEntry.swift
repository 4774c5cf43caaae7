/// A value as the cache keeps it: whether it is a negative ("not found") answer, and until when
/// it is fresh, may be served stale while it is refreshed, and may stand in for a failed load.
struct StoredEntry<Value> {
    let value: Value
    let isNegative: Bool
    let storedAt: ContinuousClock.Instant
    let lifetime: EntryLifetime
}

/// The instants that bound what an entry may be used for, from a ``CachePolicy`` and the moment
/// it was stored.
struct EntryLifetime: Sendable, Hashable {
    /// Served as a fresh hit before this instant.
    let freshUntil: ContinuousClock.Instant
    /// Served stale, with one background refresh, before this instant (stale-while-revalidate).
    let revalidateUntil: ContinuousClock.Instant
    /// Served in place of a failed load before this instant (stale-if-error).
    let errorUntil: ContinuousClock.Instant

    /// After this instant the entry is useless and may be dropped.
    var keepUntil: ContinuousClock.Instant { max(freshUntil, revalidateUntil, errorUntil) }

    /// A positive answer's windows: fresh for `ttl`, then the stale windows on top of it.
    init(positiveFrom now: ContinuousClock.Instant, policy: CachePolicy) {
        freshUntil = now.advanced(by: max(policy.ttl, .zero))
        revalidateUntil = freshUntil.advanced(by: max(policy.staleWhileRevalidate, .zero))
        errorUntil = freshUntil.advanced(by: max(policy.staleIfError, .zero))
    }

    /// A negative answer's window: fresh for `negativeTTL` only, never served stale.
    init(negativeFrom now: ContinuousClock.Instant, policy: CachePolicy) {
        freshUntil = now.advanced(by: max(policy.negativeTTL, .zero))
        revalidateUntil = freshUntil
        errorUntil = freshUntil
    }
}
