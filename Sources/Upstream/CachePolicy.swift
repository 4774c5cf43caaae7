/// How long a ``ResponseCache`` may serve an answer, fresh or stale.
///
/// Windows add up from the moment the answer was stored: fresh during `ttl`; then, during
/// `staleWhileRevalidate`, served at once while one background refresh runs; and, during
/// `staleIfError`, served only when a new load fails. A "not found" answer (see
/// ``CacheLoad/notFound(_:)``) is kept for `negativeTTL` and never served stale.
package struct CachePolicy: Sendable, Hashable {
    /// How long an answer is fresh. Zero or less: nothing is stored.
    package var ttl: Duration
    /// How long past `ttl` an answer is served stale while a background refresh runs.
    package var staleWhileRevalidate: Duration
    /// How long past `ttl` the last good answer stands in for a load that failed.
    package var staleIfError: Duration
    /// How long a "not found" answer is kept. Zero: such answers are not stored.
    package var negativeTTL: Duration

    /// A policy; the stale windows and the negative TTL are off unless given.
    package init(
        ttl: Duration,
        staleWhileRevalidate: Duration = .zero,
        staleIfError: Duration = .zero,
        negativeTTL: Duration = .zero
    ) {
        self.ttl = ttl
        self.staleWhileRevalidate = staleWhileRevalidate
        self.staleIfError = staleIfError
        self.negativeTTL = negativeTTL
    }
}

/// What a cache load produced: an answer to keep under the policy's TTL, or a "not found" kind
/// of answer (an empty search, a 404 the caller expects) to keep for the shorter `negativeTTL`.
package enum CacheLoad<Value: Sendable>: Sendable {
    /// A positive answer: fresh for `ttl`, then eligible for the stale windows.
    case found(Value)
    /// A negative answer: kept for `negativeTTL` only.
    case notFound(Value)

    /// The answer, whichever kind it is.
    package var value: Value {
        switch self {
        case .found(let value), .notFound(let value): value
        }
    }

    /// True for ``notFound(_:)``.
    package var isNegative: Bool {
        if case .notFound = self { true } else { false }
    }
}
