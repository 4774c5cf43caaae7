import Logging
import Redis
import RedisServerSupport

/// A logger that keeps the test output quiet.
let quietLogger: Logger = {
    var logger = Logger(label: "redis-tests")
    logger.logLevel = .critical
    return logger
}()

/// Retries `operation` until it succeeds or `deadline` passes (then its last error is thrown).
func eventually<T>(within limit: Duration, _ operation: () async throws -> T) async throws -> T {
    let deadline = ContinuousClock.now + limit
    while true {
        do {
            return try await operation()
        } catch {
            if ContinuousClock.now >= deadline { throw error }
            try await Task.sleep(for: .milliseconds(25))
        }
    }
}

/// How long `operation` takes, with its outcome.
func timed<T>(_ operation: () async throws -> T) async -> (Result<T, any Error>, Duration) {
    let started = ContinuousClock.now
    do {
        let value = try await operation()
        return (.success(value), ContinuousClock.now - started)
    } catch {
        return (.failure(error), ContinuousClock.now - started)
    }
}

/// The first event of `subscriber` within `limit`, or nil.
func nextEvent(of subscriber: RedisSubscriber, within limit: Duration) async -> RedisSubscriber.Event? {
    await withTaskGroup(of: RedisSubscriber.Event?.self) { group in
        group.addTask {
            for await event in subscriber.events { return event }
            return nil
        }
        group.addTask {
            try? await Task.sleep(for: limit)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}
