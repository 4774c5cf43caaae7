import Logging
import Redis
import Synchronization

/// The gateway's connection to the fleet's Redis, and whether it is usable: every shared operation
/// goes through `attempt`, which gives up at the command's deadline and then lets the caller fall
/// back to what one process can do alone. Redis down or slow never fails a request.
///
/// While Redis fails, only one operation a second tries it (the others fall back at once, so a hung
/// Redis costs no request its timeout); the first success brings the fleet back to shared mode.
/// Each change of state is logged once.
package final class SharedStore: Sendable {
    package let settings: SharedSettings
    let client: RedisClient
    let counters = SharedCounters()
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var isDegraded = false
        var lastProbe: ContinuousClock.Instant?
    }

    package init(settings: SharedSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        self.client = RedisClient(configuration: settings.redis, logger: logger)
    }

    /// False while Redis fails (the gateway serves from its own memory).
    package var isShared: Bool { !state.withLock { $0.isDegraded } }

    package var statistics: SharedStatistics { counters.snapshot(isShared: isShared) }

    /// The key for `name` under the configured prefix.
    package func key(_ name: String) -> String { settings.keyPrefix + name }

    /// Runs `operation` on Redis, or returns nil (counted, and the store marked degraded) when
    /// Redis failed or is being skipped while degraded.
    package func attempt<T: Sendable>(_ operation: (RedisClient) async throws -> T) async -> T? {
        guard mayTry() else {
            counters.skipped.add(1, ordering: .relaxed)
            return nil
        }
        do {
            let value = try await operation(client)
            markShared()
            return value
        } catch {
            counters.failures.add(1, ordering: .relaxed)
            markDegraded(error as? RedisError ?? .protocolError("\(error)"))
            return nil
        }
    }

    package func shutdown() async {
        await client.shutdown()
    }

    private func mayTry() -> Bool {
        state.withLock { state in
            guard state.isDegraded else { return true }
            let now = ContinuousClock.now
            if let last = state.lastProbe, now - last < .seconds(1) { return false }
            state.lastProbe = now
            return true
        }
    }

    private func markShared() {
        let changed = state.withLock { state in
            defer { state.isDegraded = false }
            return state.isDegraded
        }
        if changed { logger.notice("shared state back: Redis answers again", metadata: ["redis": "\(settings.redis)"]) }
    }

    private func markDegraded(_ error: RedisError) {
        let changed = state.withLock { state in
            defer {
                state.isDegraded = true
                state.lastProbe = .now
            }
            return !state.isDegraded
        }
        if changed {
            logger.warning(
                "shared state degraded: Redis failed, serving from this replica's memory",
                metadata: ["redis": "\(settings.redis)", "error": "\(error)"])
        }
    }
}
