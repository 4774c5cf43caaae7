import Foundation
import Synchronization

/// An ``HTTPTransport`` that retries idempotent requests on connection failures, timeouts,
/// 502/503/504 and throttling answers, waiting with jittered exponential back-off or as long as
/// the upstream asks (``ThrottleSignal``), and never past the request's deadline.
///
/// When it gives up it returns the last response, so a caller still sees the 429 or the THROTTLED
/// body, with ``UpstreamResponse/throttle`` telling how long to hold off; or it throws the last
/// error. Wrap a ``CircuitBreakerTransport`` with it, so that every attempt counts for the breaker
/// and an open circuit fails fast without being retried.
package final class RetryingTransport: HTTPTransport {
    /// Attempts, back-off and budgets.
    package let policy: RetryPolicy
    private let inner: any HTTPTransport
    private let recognisers: [ThrottleSignal.Recogniser]
    private let counters: UpstreamCounters?
    private let random: Mutex<SeededRandom>
    private let wallClock: @Sendable () -> Date

    /// - Parameters:
    ///   - inner: the transport that sends each attempt.
    ///   - policy: attempts, back-off and budgets.
    ///   - recognisers: how throttling answers are told apart (``ThrottleSignal/standardRecognisers``).
    ///   - counters: where retries and throttling waits are counted.
    ///   - seed: seeds the jitter, for reproducible tests; nil draws a random seed.
    ///   - wallClock: the time of day, for `Retry-After` HTTP-dates.
    package init(
        wrapping inner: any HTTPTransport,
        policy: RetryPolicy = RetryPolicy(),
        recognisers: [ThrottleSignal.Recogniser] = ThrottleSignal.standardRecognisers,
        counters: UpstreamCounters? = nil,
        seed: UInt64? = nil,
        wallClock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.inner = inner
        self.policy = policy
        self.recognisers = recognisers
        self.counters = counters
        self.random = Mutex(SeededRandom(seed: seed ?? UInt64.random(in: .min ... .max)))
        self.wallClock = wallClock
    }

    /// The final response (see ``UpstreamResponse/attempts`` and ``UpstreamResponse/throttle``)
    /// or the last error.
    package func execute(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        let outcome = await perform(request)
        switch outcome.result {
        case .success(var response):
            response.attempts = outcome.attempts
            if outcome.gaveUpThrottled { response.throttle = outcome.throttle }
            return response
        case .failure(let error):
            throw error
        }
    }

    /// Runs the attempts and reports everything about how the call ended.
    package func perform(_ request: UpstreamRequest) async -> RetryOutcome {
        let start = ContinuousClock.now
        let deadline = request.deadline ?? start.advanced(by: request.timeout ?? policy.defaultBudget)
        var attemptRequest = request
        attemptRequest.deadline = deadline
        if let attemptTimeout = policy.attemptTimeout {
            attemptRequest.timeout = min(request.timeout ?? attemptTimeout, attemptTimeout)
        }
        var attempts = 0
        var waited = Duration.zero
        while true {
            attempts += 1
            let result: Result<UpstreamResponse, UpstreamError>
            do throws(UpstreamError) {
                result = .success(try await inner.execute(attemptRequest))
            } catch {
                result = .failure(error)
            }
            let decision = decide(result, request: request, attempts: attempts, deadline: deadline)
            guard case .retry(let delay, let signal) = decision.next else {
                if decision.signal != nil, decision.ending != .final { count(request) { $0.throttleGiveUps += 1 } }
                return RetryOutcome(result: result, attempts: attempts, ending: decision.ending, throttle: decision.signal, waited: waited)
            }
            count(request) { counts in
                counts.retries += 1
                if signal != nil {
                    counts.throttleWaits += 1
                    counts.throttleWaitTime += delay
                }
            }
            do {
                try await Task.sleep(for: delay)
            } catch {
                return RetryOutcome(result: .failure(.cancelled), attempts: attempts, ending: .cancelled, throttle: signal, waited: waited)
            }
            waited += delay
        }
    }

    // MARK: Decision

    private struct Decision {
        enum Next {
            case stop
            case retry(after: Duration, signal: ThrottleSignal?)
        }

        var next: Next
        var ending: RetryOutcome.Ending
        var signal: ThrottleSignal?

        static func stop(_ ending: RetryOutcome.Ending, _ signal: ThrottleSignal? = nil) -> Decision {
            Decision(next: .stop, ending: ending, signal: signal)
        }
    }

    private func decide(
        _ result: Result<UpstreamResponse, UpstreamError>, request: UpstreamRequest, attempts: Int, deadline: ContinuousClock.Instant
    ) -> Decision {
        let delay: Duration
        var signal: ThrottleSignal?
        switch result {
        case .failure(let error):
            guard error.isUpstreamFailure else { return .stop(.notRetryable) }
            guard request.isIdempotent else { return .stop(.notIdempotent) }
            delay = backoff(beforeRetry: attempts)
        case .success(let response):
            if let found = throttleSignal(in: response) {
                signal = found
                count(request) { $0.throttled += 1 }
                guard found.isRetryable else { return .stop(.notRetryable, found) }
                guard request.isIdempotent else { return .stop(.notIdempotent, found) }
                delay = found.wait ?? backoff(beforeRetry: attempts)
                guard delay <= policy.maxThrottleWait else { return .stop(.throttleWaitTooLong, found) }
            } else if policy.retryableStatuses.contains(response.status) {
                guard request.isIdempotent else { return .stop(.notIdempotent) }
                delay = backoff(beforeRetry: attempts)
            } else {
                return .stop(.final)
            }
        }
        guard attempts < policy.maxAttempts else { return .stop(.attemptsExhausted, signal) }
        // Never sleep past the deadline, nor wake up with too little time left for an attempt.
        guard ContinuousClock.now.advanced(by: delay + policy.minimumAttemptTime) <= deadline else {
            return .stop(.deadline, signal)
        }
        return Decision(next: .retry(after: delay, signal: signal), ending: .final, signal: signal)
    }

    private func throttleSignal(in response: UpstreamResponse) -> ThrottleSignal? {
        // Only these statuses can carry a throttling answer in the known conventions.
        guard response.status == 200 || response.status == 429 || response.status == 503 else { return nil }
        let now = wallClock()
        for recogniser in recognisers {
            if let signal = recogniser(response, now) { return signal }
        }
        return nil
    }

    private func backoff(beforeRetry retry: Int) -> Duration {
        random.withLock { policy.backoff.delay(beforeRetry: retry, using: &$0) }
    }

    private func count(_ request: UpstreamRequest, _ change: (inout UpstreamCounts) -> Void) {
        counters?.update(request.upstreamKey, change)
    }
}
