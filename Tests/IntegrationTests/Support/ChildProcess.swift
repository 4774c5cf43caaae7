import Foundation
import Synchronization

/// Awaits a child process without blocking a thread of the concurrency pool (the tests run on a
/// pool of one thread per core: one blocked thread stalls every test beside it).
enum ChildProcess {
    /// Reported instead of the exit status when the timeout stopped the process.
    static let timedOutStatus: Int32 = -999

    private struct State {
        var finished = false
        var timedOut = false
    }

    /// Starts `process` and returns its exit status once it has ended; after `timeout` it is
    /// killed (SIGKILL: a child started from a libdispatch thread inherits a mask that blocks
    /// SIGTERM) and `timedOutStatus` is returned. Its own children, such as pip, are left to finish
    /// on their own. Throws when the process cannot be started.
    static func run(_ process: Process, timeout: Duration) async throws -> Int32 {
        let state = Mutex(State())
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                state.withLock { $0.finished = true }
                continuation.resume(returning: finished.terminationStatus)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + Double(timeout.components.seconds)) {
                // Only while it still runs: a finished process's pid may belong to another.
                let stillRunning = state.withLock { state in
                    if !state.finished { state.timedOut = true }
                    return !state.finished
                }
                if stillRunning { kill(pid, SIGKILL) }
            }
        }
        return state.withLock { $0.timedOut } ? timedOutStatus : status
    }
}
