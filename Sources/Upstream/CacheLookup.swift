/// What a ``ResponseCache`` lookup returned and how it came by it.
package struct CacheLookup<Value: Sendable>: Sendable {
    /// The answer handed to the caller.
    package let value: Value
    /// Where the answer came from.
    package let outcome: CacheOutcome
    /// True when the answer is a "not found" kind of answer (``CacheLoad/notFound(_:)``).
    package let isNegative: Bool
    /// How long ago the answer was loaded (zero for an answer this lookup loaded).
    package let age: Duration
    /// For ``CacheOutcome/staleOnError``: the load failure that the stale answer stands in for.
    package let hiddenError: (any Error)?

    /// True when no load ran for this caller: a fresh, stale or negative hit.
    package var isHit: Bool {
        switch outcome {
        case .fresh, .stale, .negativeHit: true
        case .staleOnError, .loaded, .coalesced: false
        }
    }

    /// True when the answer is older than its time to live.
    package var isStale: Bool { outcome == .stale || outcome == .staleOnError }
}

/// How a ``ResponseCache`` lookup was answered.
package enum CacheOutcome: String, Sendable, Hashable, CaseIterable {
    /// A stored answer within its time to live.
    case fresh
    /// A stored answer past its time to live but within its stale-while-revalidate window; one
    /// background refresh is running (started by this lookup or an earlier one).
    case stale
    /// The load failed, and the last good answer (within its stale-if-error window) stands in.
    case staleOnError
    /// Nothing usable was stored; this caller ran the load.
    case loaded
    /// Nothing usable was stored; this caller waited for a load another caller was running.
    case coalesced
    /// A stored "not found" answer within its negative time to live.
    case negativeHit
}
