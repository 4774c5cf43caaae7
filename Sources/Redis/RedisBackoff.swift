/// How long to wait before reconnecting: exponential with full jitter, capped, so that replicas
/// that lost Redis together do not all knock again at the same instant.
package struct RedisBackoff: Sendable, Hashable {
    /// The ceiling of the first wait.
    package var initial: Duration
    /// No wait exceeds this.
    package var maximum: Duration

    package init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(5)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The upper bound of the wait before reconnection attempt `attempt` (1 for the first).
    package func ceiling(beforeAttempt attempt: Int) -> Duration {
        let doublings = min(max(attempt - 1, 0), 30)
        let grown = initial * (1 << doublings)
        return grown > maximum ? maximum : grown
    }

    /// A wait drawn uniformly below ``ceiling(beforeAttempt:)``.
    func delay(beforeAttempt attempt: Int) -> Duration {
        ceiling(beforeAttempt: attempt) * Double.random(in: 0..<1)
    }
}
