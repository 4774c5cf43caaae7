import Synchronization

/// A token bucket: `writesPerMinute` tokens, refilled continuously.
final class BindingWriteRate: Sendable {
    private struct Bucket {
        var tokens: Double
        var refilled: ContinuousClock.Instant
    }

    private let capacity: Double
    private let bucket: Mutex<Bucket>

    init(writesPerMinute: Int) {
        capacity = Double(max(writesPerMinute, 1))
        bucket = Mutex(Bucket(tokens: Double(max(writesPerMinute, 1)), refilled: .now))
    }

    /// Takes one write, or says how long until the next one is allowed.
    func take() throws(BindingStoreError) {
        let wait = bucket.withLock { bucket -> Duration? in
            let now = ContinuousClock.now
            let elapsed = now - bucket.refilled
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(capacity, bucket.tokens + seconds * capacity / 60)
            bucket.refilled = now
            guard bucket.tokens >= 1 else {
                return .milliseconds(Int64(((1 - bucket.tokens) * 60 / capacity * 1000).rounded(.up)))
            }
            bucket.tokens -= 1
            return nil
        }
        if let wait { throw .writesTooFrequent(retryAfter: wait) }
    }
}
