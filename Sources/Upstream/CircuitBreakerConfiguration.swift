/// When a ``CircuitBreaker`` opens, how long it stays open and how it probes for recovery.
package struct CircuitBreakerConfiguration: Sendable, Hashable {
    /// Opens after this many failures in a row.
    package var consecutiveFailures: Int
    /// Opens when failures make up at least this share (0…1) of the calls in `window`…
    package var failureRateThreshold: Double
    /// …counted over this rolling window…
    package var window: Duration
    /// …once the window holds at least this many calls.
    package var minimumCalls: Int
    /// How long the breaker stays open the first time.
    package var cooldown: Duration
    /// Each re-opening after a failed probe multiplies the cooldown by this factor…
    package var cooldownGrowth: Double
    /// …up to this bound.
    package var maxCooldown: Duration
    /// Requests let through at once while half-open.
    package var halfOpenProbes: Int

    /// A configuration; every field has a default suited to shop and CRM APIs.
    package init(
        consecutiveFailures: Int = 5,
        failureRateThreshold: Double = 0.5,
        window: Duration = .seconds(30),
        minimumCalls: Int = 20,
        cooldown: Duration = .seconds(5),
        cooldownGrowth: Double = 2,
        maxCooldown: Duration = .seconds(60),
        halfOpenProbes: Int = 1
    ) {
        self.consecutiveFailures = consecutiveFailures
        self.failureRateThreshold = failureRateThreshold
        self.window = window
        self.minimumCalls = minimumCalls
        self.cooldown = cooldown
        self.cooldownGrowth = cooldownGrowth
        self.maxCooldown = maxCooldown
        self.halfOpenProbes = halfOpenProbes
    }
}

/// The state of a ``CircuitBreaker``.
package enum CircuitState: String, Sendable, Hashable {
    /// Calls go through; failures are counted.
    case closed
    /// Calls fail fast with ``UpstreamError/circuitOpen(retryAfter:)`` until the cooldown ends.
    case open
    /// A limited number of probe calls go through; the first result decides.
    case halfOpen
}
