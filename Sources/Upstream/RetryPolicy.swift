/// When and how a ``RetryingTransport`` tries a request again.
package struct RetryPolicy: Sendable, Hashable {
    /// Attempts at most, the first included.
    package var maxAttempts: Int
    /// The jittered exponential wait between attempts when the upstream gives no wait of its own.
    package var backoff: Backoff
    /// The longest wait a throttling answer may ask for; a longer one fails fast.
    package var maxThrottleWait: Duration
    /// Statuses worth retrying (besides throttling, which is recognised separately).
    package var retryableStatuses: Set<Int>
    /// The time budget of a request that has neither ``UpstreamRequest/deadline`` nor
    /// ``UpstreamRequest/timeout``.
    package var defaultBudget: Duration
    /// The least time worth starting an attempt with: no retry when less remains after the wait.
    package var minimumAttemptTime: Duration
    /// Per-attempt time limit, so that a hung attempt leaves time for another; nil lets one
    /// attempt use the whole remaining budget.
    package var attemptTimeout: Duration?

    /// A policy; the defaults suit interactive calls (4 attempts, 100 ms to 5 s back-off, 10 s budget).
    package init(
        maxAttempts: Int = 4,
        backoff: Backoff = Backoff(),
        maxThrottleWait: Duration = .seconds(30),
        retryableStatuses: Set<Int> = [502, 503, 504],
        defaultBudget: Duration = .seconds(10),
        minimumAttemptTime: Duration = .milliseconds(50),
        attemptTimeout: Duration? = nil
    ) {
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.maxThrottleWait = maxThrottleWait
        self.retryableStatuses = retryableStatuses
        self.defaultBudget = defaultBudget
        self.minimumAttemptTime = minimumAttemptTime
        self.attemptTimeout = attemptTimeout
    }
}

/// How a ``RetryingTransport`` call ended, with the details a caller may log or act upon.
package struct RetryOutcome: Sendable {
    /// Why no further attempt was made.
    package enum Ending: String, Sendable, Hashable {
        /// The last attempt's answer is final: a success, or a status not worth retrying.
        case final
        /// The request is not idempotent, so it was tried once.
        case notIdempotent
        /// The error or throttling answer cannot improve by retrying (bad request, daily quota…).
        case notRetryable
        /// ``RetryPolicy/maxAttempts`` were made.
        case attemptsExhausted
        /// The next wait would end too close to, or past, the deadline.
        case deadline
        /// The upstream asked for a wait longer than ``RetryPolicy/maxThrottleWait``.
        case throttleWaitTooLong
        /// The calling task was cancelled while waiting.
        case cancelled
    }

    /// The last response (possibly a 429, a 503 or a THROTTLED answer) or the last error.
    package var result: Result<UpstreamResponse, UpstreamError>
    /// Attempts made.
    package var attempts: Int
    /// Why the transport stopped.
    package var ending: Ending
    /// The throttling signal of the last response, if it was one.
    package var throttle: ThrottleSignal?
    /// Time spent waiting between attempts.
    package var waited: Duration

    /// How long the caller should hold off before calling again, when the upstream said so.
    package var suggestedRetryAfter: Duration? { throttle?.wait }
    /// True when the call ended on a throttling answer that the transport did not wait out.
    package var gaveUpThrottled: Bool { throttle != nil && ending != .final }
}
