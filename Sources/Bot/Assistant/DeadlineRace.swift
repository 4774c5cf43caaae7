import Adapters
import Synchronization

/// How a search run against a deadline ended.
enum DeadlineOutcome<Value: Sendable>: Sendable {
    case finished(Result<Value, AdapterError>)
    /// The deadline passed first (or the caller was cancelled). The work goes on in the background
    /// until it ends (upstream calls have their own timeout), so its answer can still warm the
    /// upstream cache for the visitor's "Try again".
    case timedOut
}

/// Runs work against a deadline and returns at the deadline whatever the work does: the work runs
/// in its own task, and whichever of it and the timer ends first answers. A structured task group
/// would wait for a slow upstream call to give up.
enum DeadlineRace {
    static func run<Value: Sendable>(
        within deadline: Duration, _ operation: @escaping @Sendable () async throws(AdapterError) -> Value
    ) async -> DeadlineOutcome<Value> {
        let race = Race<Value>()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<DeadlineOutcome<Value>, Never>) in
                race.start(continuation)
                // The work runs to its end even after the deadline; only the timer is stopped early.
                Task {
                    let result: Result<Value, AdapterError>
                    do throws(AdapterError) {
                        result = .success(try await operation())
                    } catch {
                        result = .failure(error)
                    }
                    race.finish(.finished(result))
                }
                let timer = Task {
                    do {
                        try await Task.sleep(for: deadline)
                    } catch {
                        return  // cancelled: the work finished first
                    }
                    race.finish(.timedOut)
                }
                race.hold(timer)
            }
        } onCancel: {
            race.finish(.timedOut)
        }
    }

    /// The one-time answer of a race, and the tasks to cancel once it is given.
    private final class Race<Value: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<DeadlineOutcome<Value>, Never>?
            var outcome: DeadlineOutcome<Value>?
            var timer: Task<Void, Never>?
        }

        private let state = Mutex(State())

        func start(_ continuation: CheckedContinuation<DeadlineOutcome<Value>, Never>) {
            let early = state.withLock { state -> DeadlineOutcome<Value>? in
                if let outcome = state.outcome { return outcome }
                state.continuation = continuation
                return nil
            }
            if let early { continuation.resume(returning: early) }
        }

        func hold(_ timer: Task<Void, Never>) {
            let finished = state.withLock { state -> Bool in
                if state.outcome != nil { return true }
                state.timer = timer
                return false
            }
            if finished { timer.cancel() }
        }

        func finish(_ outcome: DeadlineOutcome<Value>) {
            let (continuation, timer) = state.withLock { state -> (CheckedContinuation<DeadlineOutcome<Value>, Never>?, Task<Void, Never>?) in
                guard state.outcome == nil else { return (nil, nil) }
                state.outcome = outcome
                defer {
                    state.continuation = nil
                    state.timer = nil
                }
                return (state.continuation, state.timer)
            }
            continuation?.resume(returning: outcome)
            timer?.cancel()
        }
    }
}
