import Synchronization

/// A rate an upstream enforces (HubSpot's search: 5 requests per second per account), which
/// DeskBridge stays under by holding calls back rather than meeting the upstream's 429.
package struct PaceLimit: Sendable, Hashable {
    /// What shares the limit: the upstream, the credential and the rate's name. Calls with the same
    /// key share one queue.
    package var key: String
    /// Requests at most in any `window`.
    package var requests: Int
    package var window: Duration

    package init(key: String, requests: Int, window: Duration) {
        self.key = key
        self.requests = requests
        self.window = window
    }
}

/// Hands out send times under ``PaceLimit``s, first come first served: a call gets the earliest
/// instant at which no window of any of its limits holds more than `requests` sends.
///
/// Per process: replicas of a fleet each pace on their own (see docs/adapters.md, `rates`).
package final class RatePacer: Sendable {
    /// What a caller is told.
    package enum Slot: Sendable, Equatable {
        /// Send at this instant (now or later).
        case at(ContinuousClock.Instant)
        /// No slot leaves time for the call before its deadline; the next one is this far away.
        case refused(nextIn: Duration)
    }

    /// Added to every window: the upstream counts arrivals, and two sends one window apart can
    /// arrive a little less than a window apart.
    package let margin: Duration
    /// A slot closer to the deadline than this is refused: the call itself needs time too.
    package let leastCallTime: Duration
    private let sent = Mutex<[String: [ContinuousClock.Instant]]>([:])

    package init(margin: Duration = .milliseconds(100), leastCallTime: Duration = .milliseconds(250)) {
        self.margin = margin
        self.leastCallTime = leastCallTime
    }

    /// Reserves the earliest slot under every limit that leaves `leastCallTime` before `deadline`.
    package func reserve(_ limits: [PaceLimit], deadline: ContinuousClock.Instant, now: ContinuousClock.Instant = .now) -> Slot {
        sent.withLock { sent in
            var slot = now
            for limit in limits {
                let window = limit.window + margin
                var times = sent[limit.key, default: []]
                times.removeAll { $0 <= now - window }
                sent[limit.key] = times
                // First come, first served: never before a slot already handed out.
                if let last = times.last { slot = max(slot, last) }
                if times.count >= limit.requests {
                    slot = max(slot, times[times.count - limit.requests] + window)
                }
            }
            guard slot + leastCallTime <= deadline else { return .refused(nextIn: slot - now) }
            for limit in limits { sent[limit.key, default: []].append(slot) }
            return .at(slot)
        }
    }
}

/// An ``HTTPTransport`` that holds each request back until its ``UpstreamRequest/paceLimits``
/// allow it, within the request's deadline; when no slot fits, it fails at once with
/// ``UpstreamError/paced(retryAfter:)`` instead of sending a request bound to be refused.
///
/// Wrap it with the ``RetryingTransport`` so that each attempt, retries included, takes a slot.
package final class PacingTransport: HTTPTransport {
    private let inner: any HTTPTransport
    package let pacer: any PaceBackend
    private let counters: UpstreamCounters?
    private let defaultBudget: Duration

    package init(
        wrapping inner: any HTTPTransport, pacer: any PaceBackend = RatePacer(), counters: UpstreamCounters? = nil,
        defaultBudget: Duration = .seconds(10)
    ) {
        self.inner = inner
        self.pacer = pacer
        self.counters = counters
        self.defaultBudget = defaultBudget
    }

    package func execute(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        guard !request.paceLimits.isEmpty else { return try await inner.execute(request) }
        let now = ContinuousClock.now
        let deadline = request.deadline ?? now.advanced(by: request.timeout ?? defaultBudget)
        switch await pacer.reserve(request.paceLimits, deadline: deadline, now: now) {
        case .refused(let nextIn):
            counters?.update(request.upstreamKey) { $0.pacedRefusals += 1 }
            throw .paced(retryAfter: nextIn)
        case .at(let slot):
            if slot > now {
                counters?.update(request.upstreamKey) { counts in
                    counts.pacedWaits += 1
                    counts.pacedWaitTime += slot - now
                }
                do {
                    try await Task.sleep(until: slot, clock: .continuous)
                } catch {
                    throw .cancelled
                }
            }
            return try await inner.execute(request)
        }
    }
}
