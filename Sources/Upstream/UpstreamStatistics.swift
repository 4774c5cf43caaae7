import Synchronization

/// A snapshot of what the upstream layer did, ready to export as metrics: per upstream (see
/// ``UpstreamRequest/upstreamKey``), and the response cache when one is given.
package struct UpstreamStatistics: Sendable, Hashable {
    /// Counters per upstream key (`scheme://host:port` or the caller's upstream name).
    package var upstreams: [String: UpstreamCounts]
    /// The response cache's counters, when the snapshot was taken with one.
    package var cache: CacheStatistics?

    /// A snapshot of the given counters.
    package init(upstreams: [String: UpstreamCounts] = [:], cache: CacheStatistics? = nil) {
        self.upstreams = upstreams
        self.cache = cache
    }
}

/// What happened with one upstream since the counters were created.
package struct UpstreamCounts: Sendable, Hashable {
    /// Attempts the client sent on the network (retries included; fast failures excluded).
    package var requests = 0
    /// Responses by status class: key 2 counts 2xx, 4 counts 4xx…
    package var responsesByStatusClass: [Int: Int] = [:]
    /// Attempts that produced no response, by ``UpstreamError/kindName``.
    package var errors: [String: Int] = [:]
    /// Time per attempt that produced a response or an error.
    package var latency = LatencyHistogram()
    /// Retries a ``RetryingTransport`` made (after an error, a 5xx or a throttling answer).
    package var retries = 0
    /// Responses recognised as throttling (see ``ThrottleSignal``).
    package var throttled = 0
    /// Waits made because of throttling, and their total time.
    package var throttleWaits = 0
    /// Sum of the throttling waits.
    package var throttleWaitTime: Duration = .zero
    /// Throttled calls given up on (wait too long for the deadline, daily quota, not idempotent).
    package var throttleGiveUps = 0
    /// The circuit breaker's state, as last reported.
    package var circuitState: CircuitState = .closed
    /// Changes of the circuit breaker's state.
    package var circuitTransitions = 0
    /// Calls refused without a network call because the circuit was open.
    package var circuitRejections = 0
    /// Calls held back to stay under the upstream's declared rate (``PacingTransport``), and the
    /// total time they waited.
    package var pacedWaits = 0
    package var pacedWaitTime: Duration = .zero
    /// Calls refused at once because no slot under the declared rate fitted their deadline.
    package var pacedRefusals = 0

    /// All counters at zero.
    package init() {}
}

/// The counters behind ``UpstreamStatistics``, shared by the client, the retrying transport and
/// the circuit breaker. One short lock per update; ``snapshot(cache:)`` copies them out.
public final class UpstreamCounters: Sendable {
    private let state = Mutex<[String: UpstreamCounts]>([:])

    /// Counters with nothing counted yet.
    public init() {}

    /// A copy of every counter, with the cache's counters when given.
    package func snapshot(cache: CacheStatistics? = nil) -> UpstreamStatistics {
        UpstreamStatistics(upstreams: state.withLock { $0 }, cache: cache)
    }

    /// The counters of one upstream (all zero when it was never seen).
    package func counts(for upstream: String) -> UpstreamCounts {
        state.withLock { $0[upstream] } ?? UpstreamCounts()
    }

    func update(_ upstream: String, _ change: (inout UpstreamCounts) -> Void) {
        state.withLock { upstreams in
            change(&upstreams[upstream, default: UpstreamCounts()])
        }
    }

    func recordAttempt(_ upstream: String, outcome: Result<UpstreamResponse, UpstreamError>, latency: Duration) {
        update(upstream) { counts in
            counts.requests += 1
            counts.latency.record(latency)
            switch outcome {
            case .success(let response): counts.responsesByStatusClass[response.status / 100, default: 0] += 1
            case .failure(let error): counts.errors[error.kindName, default: 0] += 1
            }
        }
    }
}
