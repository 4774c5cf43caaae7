/// Counters of a ``ResponseCache`` since it was created, and its current size.
package struct CacheStatistics: Sendable, Hashable {
    /// Lookups answered with a fresh stored answer (negative hits not included).
    package var hits = 0
    /// Lookups that found nothing usable and started a load.
    package var misses = 0
    /// Callers that waited for a load already running for the same key instead of starting one.
    package var coalesced = 0
    /// Lookups answered with a stale answer while a background refresh ran.
    package var staleHits = 0
    /// Lookups answered with the last good answer because the load failed.
    package var staleOnError = 0
    /// Lookups answered with a stored "not found" answer.
    package var negativeHits = 0
    /// Background refreshes started by stale-while-revalidate.
    package var refreshes = 0
    /// Loads (foreground or background) that failed; each one was reported to the failure hook.
    package var loadFailures = 0
    /// Entries dropped to make room (least recently used first).
    package var evictions = 0
    /// Entries dropped because every window (fresh, stale, stale-if-error) had passed.
    package var expirations = 0
    /// Entries currently stored, stale ones included.
    package var entries = 0
    /// Sum of the stored entries' costs, stale ones included; never above the cache's `maxBytes`.
    package var bytes = 0

    /// All counters at zero.
    package init() {}
}
