/// Successes and failures over a rolling window, kept in ten buckets of a tenth of the window
/// each: O(1) memory, and a record or a total costs ten additions at most.
struct RollingCallWindow {
    private struct Bucket {
        var number: Int64 = .min
        var successes = 0
        var failures = 0
    }

    private let bucketNanoseconds: Int64
    private let origin: ContinuousClock.Instant
    private var buckets = [Bucket](repeating: Bucket(), count: 10)

    init(window: Duration, origin: ContinuousClock.Instant) {
        bucketNanoseconds = max(window.nanoseconds / 10, 1)
        self.origin = origin
    }

    mutating func record(success: Bool, now: ContinuousClock.Instant) {
        let number = bucketNumber(now)
        let slot = Int(number.magnitude % 10)
        if buckets[slot].number != number { buckets[slot] = Bucket(number: number) }
        if success { buckets[slot].successes += 1 } else { buckets[slot].failures += 1 }
    }

    /// Calls and failures within the window ending at `now`.
    func totals(now: ContinuousClock.Instant) -> (calls: Int, failures: Int) {
        let current = bucketNumber(now)
        var calls = 0
        var failures = 0
        for bucket in buckets where bucket.number > current - 10 && bucket.number <= current {
            calls += bucket.successes + bucket.failures
            failures += bucket.failures
        }
        return (calls, failures)
    }

    mutating func reset() {
        buckets = [Bucket](repeating: Bucket(), count: 10)
    }

    private func bucketNumber(_ now: ContinuousClock.Instant) -> Int64 {
        (now - origin).nanoseconds / bucketNanoseconds
    }
}
