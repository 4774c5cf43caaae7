/// Counters of a ``ResponseCache`` since it was created, and its current size.
public struct CacheStatistics: Sendable, Hashable {
    /// Lookups answered from the cache.
    public var hits = 0
    /// Lookups that found nothing usable (for `value(for:ttl:cost:load:)`: loads started).
    public var misses = 0
    /// Callers that waited for a load already running for the same key instead of starting one.
    public var coalesced = 0
    /// Entries dropped to make room (least recently used first).
    public var evictions = 0
    /// Entries dropped because their time to live had passed.
    public var expirations = 0
    /// Entries currently stored.
    public var entries = 0
    /// Sum of the stored entries' costs, never above the cache's `maxBytes`.
    public var bytes = 0

    public init() {}
}
