/// How long each benchmark is measured.
struct HarnessSettings: Sendable {
    /// Rounds measured after the warm-up; the figures are the median over rounds.
    var rounds: Int
    /// The time one round aims at; its iteration count comes from the warm-up.
    var roundDuration: Duration
    /// Time spent running the body before measuring (caches, branch predictors, lazy setup).
    var warmUp: Duration
}

/// One benchmark's figures: nanoseconds per operation in each round.
struct BenchmarkResult: Sendable {
    let name: String
    /// What one operation does, in a few words.
    let detail: String
    /// Things handled by one operation (products mapped, bytes parsed…), for a throughput figure.
    let itemsPerOperation: Int
    let itemName: String
    let iterationsPerRound: Int
    let nanosecondsPerOperation: [Double]

    var median: Double {
        let sorted = nanosecondsPerOperation.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    var operationsPerSecond: Double { median > 0 ? 1e9 / median : 0 }
    var itemsPerSecond: Double { operationsPerSecond * Double(itemsPerOperation) }
}

/// A small benchmark harness: warm-up, an iteration count calibrated from it, then timed rounds.
/// Allocations are not counted; results go to the caller as ``BenchmarkResult``s.
struct Harness {
    let settings: HarnessSettings
    private(set) var results: [BenchmarkResult] = []

    init(settings: HarnessSettings) {
        self.settings = settings
    }

    mutating func measure(
        _ name: String, detail: String, items: Int = 1, item: String = "operation", _ body: () throws -> Void
    ) rethrows {
        let clock = ContinuousClock()
        var warmUpIterations = 0
        let warmUpStart = clock.now
        while clock.now - warmUpStart < settings.warmUp || warmUpIterations == 0 {
            try body()
            warmUpIterations += 1
        }
        let iterations = Self.iterations(warmUp: clock.now - warmUpStart, count: warmUpIterations, round: settings.roundDuration)
        var rounds: [Double] = []
        for _ in 0..<settings.rounds {
            let start = clock.now
            for _ in 0..<iterations { try body() }
            rounds.append(Self.nanoseconds(clock.now - start) / Double(iterations))
        }
        record(name, detail: detail, items: items, item: item, iterations: iterations, rounds: rounds)
    }

    mutating func measure(
        _ name: String, detail: String, items: Int = 1, item: String = "operation", _ body: () async throws -> Void
    ) async rethrows {
        let clock = ContinuousClock()
        var warmUpIterations = 0
        let warmUpStart = clock.now
        while clock.now - warmUpStart < settings.warmUp || warmUpIterations == 0 {
            try await body()
            warmUpIterations += 1
        }
        let iterations = Self.iterations(warmUp: clock.now - warmUpStart, count: warmUpIterations, round: settings.roundDuration)
        var rounds: [Double] = []
        for _ in 0..<settings.rounds {
            let start = clock.now
            for _ in 0..<iterations { try await body() }
            rounds.append(Self.nanoseconds(clock.now - start) / Double(iterations))
        }
        record(name, detail: detail, items: items, item: item, iterations: iterations, rounds: rounds)
    }

    private mutating func record(_ name: String, detail: String, items: Int, item: String, iterations: Int, rounds: [Double]) {
        let result = BenchmarkResult(
            name: name, detail: detail, itemsPerOperation: items, itemName: item, iterationsPerRound: iterations,
            nanosecondsPerOperation: rounds)
        results.append(result)
        Console.progress(result)
    }

    /// Iterations that fill about one round, from the warm-up's pace.
    private static func iterations(warmUp: Duration, count: Int, round: Duration) -> Int {
        let perIteration = max(nanoseconds(warmUp) / Double(count), 1)
        return max(1, Int(nanoseconds(round) / perIteration))
    }

    static func nanoseconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) * 1e9 + Double(parts.attoseconds) / 1e9
    }
}

/// Keeps the optimizer from removing a computation whose result is otherwise unused.
@inline(never) @_optimize(none)
func blackHole<T>(_ value: T) {}
