/// Exponential back-off with full jitter: before retry `n` (1-based) wait a uniformly random
/// time in `0 ..< min(maximum, initial × 2^(n−1))`, so that clients that failed together do
/// not retry together.
package struct Backoff: Sendable, Hashable {
    /// The ceiling of the first wait.
    package var initial: Duration
    /// The ceiling no wait exceeds.
    package var maximum: Duration

    /// A back-off whose first wait is below `initial` and no wait above `maximum`.
    package init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(5)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The wait before retry number `retry` (1 for the first retry), drawn from `random`.
    package func delay(beforeRetry retry: Int, using random: inout some RandomNumberGenerator) -> Duration {
        let ceiling = self.ceiling(beforeRetry: retry)
        let nanoseconds = ceiling.nanoseconds
        guard nanoseconds > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0..<nanoseconds, using: &random))
    }

    /// The upper bound of the wait before retry number `retry`.
    package func ceiling(beforeRetry retry: Int) -> Duration {
        let doublings = min(max(retry - 1, 0), 40)
        let grown = initial.nanoseconds.multipliedReportingOverflow(by: Int64(1) << doublings)
        let capped = grown.overflow ? maximum.nanoseconds : min(grown.partialValue, maximum.nanoseconds)
        return .nanoseconds(max(capped, 0))
    }
}

/// A small, fast, seedable random number generator (SplitMix64), so that tests can replay the
/// exact jitter of a ``RetryingTransport``.
package struct SeededRandom: RandomNumberGenerator, Sendable, Hashable {
    private var state: UInt64

    /// A generator that always yields the same sequence for the same seed.
    package init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return whole.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}
