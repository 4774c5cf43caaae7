import Synchronization

/// An ``HTTPTransport`` that keeps one ``CircuitBreaker`` per upstream
/// (``UpstreamRequest/upstreamKey``) and fails fast with ``UpstreamError/circuitOpen(retryAfter:)``,
/// without any network call, while that upstream's breaker is open.
///
/// Failures are transport errors, timeouts and 5xx answers other than throttling (a 503 with
/// `Retry-After`); 4xx answers and throttling say the upstream is alive.
package final class CircuitBreakerTransport: HTTPTransport {
    /// The configuration of every breaker this transport creates.
    package let configuration: CircuitBreakerConfiguration
    private let inner: any HTTPTransport
    private let counters: UpstreamCounters?
    private let now: @Sendable () -> ContinuousClock.Instant
    private let onTransition: @Sendable (_ upstream: String, _ to: CircuitState) -> Void
    private let breakers = Mutex<[String: CircuitBreaker]>([:])

    /// - Parameters:
    ///   - inner: the transport that sends permitted calls.
    ///   - counters: where states, transitions and rejections are counted.
    ///   - now: the clock, injectable for tests.
    ///   - onTransition: told of every change of any breaker's state, e.g. to log it.
    package init(
        wrapping inner: any HTTPTransport,
        configuration: CircuitBreakerConfiguration = .init(),
        counters: UpstreamCounters? = nil,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
        onTransition: @escaping @Sendable (_ upstream: String, _ to: CircuitState) -> Void = { _, _ in }
    ) {
        self.inner = inner
        self.configuration = configuration
        self.counters = counters
        self.now = now
        self.onTransition = onTransition
    }

    /// Sends `request` unless its upstream's breaker is open; reports the outcome to the breaker.
    package func execute(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        let upstream = request.upstreamKey
        let breaker = breaker(for: upstream)
        let permit = breaker.acquire()
        if case .rejected(let retryAfter) = permit {
            counters?.update(upstream) { $0.circuitRejections += 1 }
            throw .circuitOpen(retryAfter: retryAfter)
        }
        do throws(UpstreamError) {
            let response = try await inner.execute(request)
            breaker.record(Self.classify(response), permit: permit)
            return response
        } catch {
            breaker.record(error.isUpstreamFailure ? .failure : .ignored, permit: permit)
            throw error
        }
    }

    /// The state of every upstream's breaker seen so far.
    package var states: [String: CircuitState] {
        breakers.withLock { $0 }.mapValues(\.circuitState)
    }

    /// The breaker of `upstream` (an upstream key or name), created closed if new.
    package func breaker(for upstream: String) -> CircuitBreaker {
        if let existing = breakers.withLock({ $0[upstream] }) { return existing }
        let counters = self.counters
        let onTransition = self.onTransition
        let created = CircuitBreaker(name: upstream, configuration: configuration, now: now) { name, state in
            counters?.update(name) { counts in
                counts.circuitState = state
                counts.circuitTransitions += 1
            }
            onTransition(name, state)
        }
        return breakers.withLock { breakers in
            if let existing = breakers[upstream] { return existing }
            breakers[upstream] = created
            return created
        }
    }

    /// A 5xx is a failure unless it is a throttling answer (a 503 with `Retry-After`).
    static func classify(_ response: UpstreamResponse) -> CircuitBreaker.CallResult {
        guard response.status >= 500 else { return .success }
        if response.status == 503, response.header("Retry-After") != nil { return .success }
        return .failure
    }
}
