/// Latencies counted into fixed buckets, plus their sum and count: enough for a Prometheus-style
/// histogram or a mean, cheap to update (one comparison per bucket, no allocation).
package struct LatencyHistogram: Sendable, Hashable {
    /// Inclusive upper bounds of the buckets, in milliseconds; a last, unbounded bucket follows.
    package static let upperBoundsMilliseconds: [Int] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000]

    /// Observations per bucket (not cumulative): `counts[i]` for `upperBoundsMilliseconds[i]`, the
    /// last element for everything slower than the last bound.
    package private(set) var counts = [Int](repeating: 0, count: upperBoundsMilliseconds.count + 1)
    /// Sum of all observations.
    package private(set) var sum: Duration = .zero
    /// Number of observations.
    package private(set) var count = 0

    /// An empty histogram.
    package init() {}

    /// Adds one observation.
    package mutating func record(_ latency: Duration) {
        let milliseconds = Double(latency.nanoseconds) / 1_000_000
        let bucket = Self.upperBoundsMilliseconds.firstIndex { milliseconds <= Double($0) } ?? Self.upperBoundsMilliseconds.count
        counts[bucket] += 1
        sum += latency
        count += 1
    }
}
