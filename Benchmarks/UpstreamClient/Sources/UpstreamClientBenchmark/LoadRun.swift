#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The figures of one closed-loop run: `concurrency` tasks each fetching back to back.
struct RunResult: Sendable {
    var requests = 0
    var bytes = 0
    var failures = 0
    var elapsed: Duration = .zero
    var cpu: Duration = .zero
    /// Latency of every successful request, in nanoseconds.
    var latencies: [Int64] = []

    mutating func merge(_ other: RunResult) {
        requests += other.requests
        bytes += other.bytes
        failures += other.failures
        elapsed += other.elapsed
        cpu += other.cpu
        latencies += other.latencies
    }
}

/// Runs `concurrency` workers against `url` for `duration`.
func loadRun(client: any BenchmarkClient, url: String, concurrency: Int, duration: Duration) async -> RunResult {
    let cpuBefore = processCPUTime()
    let started = ContinuousClock.now
    let deadline = started + duration
    var total = await withTaskGroup(of: RunResult.self) { group in
        for _ in 0..<concurrency {
            group.addTask {
                var result = RunResult()
                result.latencies.reserveCapacity(4096)
                while ContinuousClock.now < deadline {
                    let begin = ContinuousClock.now
                    do {
                        result.bytes += try await client.fetch(url)
                        result.requests += 1
                        let latency = ContinuousClock.now - begin
                        result.latencies.append(latency.components.seconds * 1_000_000_000 + latency.components.attoseconds / 1_000_000_000)
                    } catch {
                        result.failures += 1
                    }
                }
                return result
            }
        }
        var total = RunResult()
        for await partial in group {
            total.requests += partial.requests
            total.bytes += partial.bytes
            total.failures += partial.failures
            total.latencies += partial.latencies
        }
        return total
    }
    total.elapsed = ContinuousClock.now - started
    total.cpu = processCPUTime() - cpuBefore
    return total
}

/// User plus system CPU time of this process so far (`getrusage`).
func processCPUTime() -> Duration {
    var usage = rusage()
    #if canImport(Glibc)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    func duration(_ time: timeval) -> Duration { .seconds(Int64(time.tv_sec)) + .microseconds(Int64(time.tv_usec)) }
    return duration(usage.ru_utime) + duration(usage.ru_stime)
}

/// The `fraction` quantile (0…1) of sorted values, nearest rank.
func quantile(_ sorted: [Int64], _ fraction: Double) -> Int64 {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}
