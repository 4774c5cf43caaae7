import Synchronization

/// The cost-based leaky bucket of one access token: `maximumAvailable` points, refilled
/// continuously at `restoreRate` points per second.
struct CostBucket: Sendable {
    var maximumAvailable: Double
    var restoreRate: Double
    var currentlyAvailable: Double
    var refilledAt: ContinuousClock.Instant

    mutating func refill(now: ContinuousClock.Instant) {
        let elapsed = now - refilledAt
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if seconds > 0 {
            currentlyAvailable = min(maximumAvailable, currentlyAvailable + seconds * restoreRate)
        }
        refilledAt = now
    }

    var status: ThrottleStatus {
        ThrottleStatus(
            maximumAvailable: maximumAvailable, currentlyAvailable: Int(max(0, currentlyAvailable).rounded(.down)),
            restoreRate: restoreRate
        )
    }
}

/// The bucket state reported in `extensions.cost.throttleStatus`.
package struct ThrottleStatus: Sendable, Equatable {
    package var maximumAvailable: Double
    package var currentlyAvailable: Int
    package var restoreRate: Double
}

/// Buckets by access token, shared by concurrent requests.
final class CostBuckets: Sendable {
    enum Reservation {
        case granted(ThrottleStatus)
        case throttled(ThrottleStatus)
    }

    private struct State {
        var defaultSize: Double
        var defaultRestoreRate: Double
        var buckets: [String: CostBucket] = [:]
    }

    private let state: Mutex<State>

    init(size: Double, restoreRate: Double) {
        state = Mutex(State(defaultSize: size, defaultRestoreRate: restoreRate))
    }

    /// Takes `cost` points from the token's bucket, or refuses when fewer are available.
    func reserve(_ cost: Int, token: String) -> Reservation {
        let now = ContinuousClock.now
        return state.withLock { state in
            var bucket =
                state.buckets[token]
                ?? CostBucket(
                    maximumAvailable: state.defaultSize, restoreRate: state.defaultRestoreRate,
                    currentlyAvailable: state.defaultSize, refilledAt: now
                )
            bucket.refill(now: now)
            defer { state.buckets[token] = bucket }
            guard Double(cost) <= bucket.currentlyAvailable else { return .throttled(bucket.status) }
            bucket.currentlyAvailable -= Double(cost)
            return .granted(bucket.status)
        }
    }

    /// Gives back the points a request reserved but did not use.
    func refund(_ points: Int, token: String) -> ThrottleStatus? {
        let now = ContinuousClock.now
        return state.withLock { state in
            guard var bucket = state.buckets[token] else { return nil }
            bucket.refill(now: now)
            bucket.currentlyAvailable = min(bucket.maximumAvailable, bucket.currentlyAvailable + Double(max(0, points)))
            state.buckets[token] = bucket
            return bucket.status
        }
    }

    /// The token's bucket as it is now.
    func status(token: String) -> ThrottleStatus {
        let now = ContinuousClock.now
        return state.withLock { state in
            var bucket =
                state.buckets[token]
                ?? CostBucket(
                    maximumAvailable: state.defaultSize, restoreRate: state.defaultRestoreRate,
                    currentlyAvailable: state.defaultSize, refilledAt: now
                )
            bucket.refill(now: now)
            return bucket.status
        }
    }

    /// Changes the bucket parameters (for every token, present and future); nil leaves a value
    /// as it is. `currentlyAvailable` is clamped to the size.
    func configure(size: Double?, restoreRate: Double?, currentlyAvailable: Double?, token: String) {
        let now = ContinuousClock.now
        state.withLock { state in
            if let size { state.defaultSize = max(0, size) }
            if let restoreRate { state.defaultRestoreRate = max(0, restoreRate) }
            var buckets = state.buckets
            if buckets[token] == nil {
                buckets[token] = CostBucket(
                    maximumAvailable: state.defaultSize, restoreRate: state.defaultRestoreRate,
                    currentlyAvailable: state.defaultSize, refilledAt: now
                )
            }
            for (key, var bucket) in buckets {
                bucket.refill(now: now)
                if let size { bucket.maximumAvailable = max(0, size) }
                if let restoreRate { bucket.restoreRate = max(0, restoreRate) }
                bucket.currentlyAvailable = min(bucket.maximumAvailable, currentlyAvailable ?? bucket.currentlyAvailable)
                buckets[key] = bucket
            }
            state.buckets = buckets
        }
    }
}
