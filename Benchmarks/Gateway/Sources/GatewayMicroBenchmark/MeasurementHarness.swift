/// A clock-based harness: each case runs in batches sized to about a millisecond, for `runs` runs
/// of `runDuration` each after a warm-up, on the calling task (one core). Reports the median rate
/// over the runs, with the slowest and fastest run beside it.
struct MeasurementHarness: Sendable {
    var runs: Int
    var runDuration: Duration
    var warmup: Duration

    /// One case's figures: `unit` per second in every run.
    struct Result: Sendable {
        let name: String
        let unit: String
        let rates: [Double]
        /// How many `unit`s one operation does (e.g. 250 products per page).
        let unitsPerOperation: Double
        /// Bytes one operation reads or writes, for MB/s; 0 when not meaningful.
        let bytesPerOperation: Int

        var median: Double { Self.median(rates) }
        var slowest: Double { rates.min() ?? 0 }
        var fastest: Double { rates.max() ?? 0 }
        /// Seconds per operation at the median rate.
        var secondsPerOperation: Double { median > 0 ? unitsPerOperation / median : 0 }
        /// Megabytes (10^6 bytes) per second at the median rate.
        var megabytesPerSecond: Double? {
            bytesPerOperation > 0 ? median / unitsPerOperation * Double(bytesPerOperation) / 1e6 : nil
        }

        static func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return 0 }
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
    }

    /// Measures `body`, which performs `iterations` operations per call.
    func measure(
        _ name: String, unit: String, unitsPerOperation: Double = 1, bytesPerOperation: Int = 0,
        isolation: isolated (any Actor)? = #isolation, _ body: (Int) async throws -> Void
    ) async rethrows -> Result {
        // Batch size: doubled until one batch takes about a millisecond, so the clock costs nothing.
        var batch = 1
        while true {
            let started = ContinuousClock.now
            try await body(batch)
            if ContinuousClock.now - started >= .milliseconds(1) || batch >= 1 << 24 { break }
            batch *= 2
        }
        let warmupEnd = ContinuousClock.now + warmup
        while ContinuousClock.now < warmupEnd { try await body(batch) }

        var rates: [Double] = []
        for _ in 0..<max(1, runs) {
            var operations = 0
            let started = ContinuousClock.now
            var elapsed = Duration.zero
            repeat {
                try await body(batch)
                operations += batch
                elapsed = ContinuousClock.now - started
            } while elapsed < runDuration
            rates.append(Double(operations) * unitsPerOperation / elapsed.seconds)
        }
        return Result(name: name, unit: unit, rates: rates, unitsPerOperation: unitsPerOperation, bytesPerOperation: bytesPerOperation)
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// Keeps results alive so the optimizer cannot drop the work that made them.
struct Sink: Sendable {
    private(set) var total = 0

    mutating func consume(_ value: Int) {
        total &+= value
    }
}
