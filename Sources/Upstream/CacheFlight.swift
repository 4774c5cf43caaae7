import Synchronization

/// One load in progress for a cache key: callers that want the same key wait here for the
/// leader's result instead of running the load again (single-flight).
final class CacheFlight<Value: Sendable>: Sendable {
    private struct State {
        var waiters: [UInt64: CheckedContinuation<Value, any Error>] = [:]
        var result: Result<Value, any Error>?
    }

    private let state = Mutex(State())
    private let nextWaiterID = Atomic<UInt64>(0)

    /// Waits for the leader's result; a cancelled waiter stops waiting with `CancellationError`
    /// (the load itself goes on for the others).
    func wait() async throws -> Value {
        let id = nextWaiterID.add(1, ordering: .relaxed).newValue
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let ready: Result<Value, any Error>? = state.withLock { state in
                    if let result = state.result { return result }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Publishes the leader's result to every current and future waiter.
    func finish(_ result: Result<Value, any Error>) {
        let waiters = state.withLock { state in
            state.result = result
            defer { state.waiters = [:] }
            return state.waiters
        }
        for waiter in waiters.values { waiter.resume(with: result) }
    }
}
