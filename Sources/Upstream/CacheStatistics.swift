/// Counters of a ``ResponseCache`` since it was created, and its current size.
public struct CacheStatistics: Sendable, Hashable {
    /// Lookups answered with a fresh stored answer (negative hits not included).
    public var hits = 0
    /// Lookups that found nothing usable and started a load.
    public var misses = 0
    /// Callers that waited for a load already running for the same key instead of starting one.
    public var coalesced = 0
    /// Lookups answered with a stale answer while a background refresh ran.
    public var staleHits = 0
    /// Lookups answered with the last good answer because the load failed.
    public var staleOnError = 0
    /// Lookups answered with a stored "not found" answer.
    public var negativeHits = 0
    /// Background refreshes started by stale-while-revalidate.
    public var refreshes = 0
    /// Loads (foreground or background) that failed; each one was reported to the failure hook.
    public var loadFailures = 0
    /// Entries dropped to make room (least recently used first).
    public var evictions = 0
    /// Entries dropped because every window (fresh, stale, stale-if-error) had passed.
    public var expirations = 0
    /// Entries currently stored, stale ones included.
    public var entries = 0
    /// Sum of the stored entries' costs, stale ones included; never above the cache's `maxBytes`.
    public var bytes = 0

    /// All counters at zero.
    public init() {}
}
