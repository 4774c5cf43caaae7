import CCurl
import Foundation
import Logging
import Synchronization

/// The meeting point between callers and the curl thread: a queue of submissions and
/// cancellations behind one `Mutex`, the wake-up of the thread (an eventfd it watches), and the
/// shutdown handshake.
///
/// The multi handle itself is only touched by ``CurlMultiDriver`` on the thread started here.
final class CurlEventLoop: Sendable {
    private struct State {
        var submissions: [CurlSubmission] = []
        var cancellations: [UInt64] = []
        /// A wake-up is pending: no need to write to curl's wake-up socket again.
        var isWakeRequested = false
        var isShuttingDown = false
        /// The curl thread stopped reading the queue and may free the multi handle.
        var isClosed = false
        var isFinished = false
        var shutdownWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    /// The eventfd that wakes the curl thread; written only under the lock while not closed, and
    /// closed by the curl thread once it has marked the loop closed.
    private let wakeDescriptor: Int32
    private let nextID = Atomic<UInt64>(0)

    /// Creates the multi handle and starts the thread that drives it.
    /// - Parameter index: numbers the thread's name when a client runs several.
    /// - Parameter poolCounters: where the thread counts its easy handles (shared by a client's loops).
    init(configuration: CurlClientConfiguration, logger: Logger, poolCounters: CurlPoolCounters, index: Int = 0) throws(UpstreamError) {
        try CurlProcessSetup.ensureInitialised()
        let wakeDescriptor = deskbridge_eventfd_create()
        guard wakeDescriptor >= 0 else {
            throw .transport(code: Int(CURLE_FAILED_INIT.rawValue), message: "eventfd failed: errno \(errno)")
        }
        guard let raw = curl_multi_init() else {
            close(wakeDescriptor)
            throw .transport(code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_multi_init failed")
        }
        self.wakeDescriptor = wakeDescriptor
        let perHost = max(configuration.maxConnectionsPerHost, 1)
        let total = max(configuration.maxTotalConnections, perHost)
        _ = deskbridge_multi_setopt_long(raw, CURLMOPT_MAX_HOST_CONNECTIONS, perHost)
        _ = deskbridge_multi_setopt_long(raw, CURLMOPT_MAX_TOTAL_CONNECTIONS, total)
        // By default keep as many idle connections as may be open, so bursts reuse them.
        _ = deskbridge_multi_setopt_long(raw, CURLMOPT_MAXCONNECTS, max(configuration.maxIdleConnections ?? total, 1))
        _ = deskbridge_multi_setopt_long(raw, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        let multi = CurlMultiPointer(raw: raw)

        let thread = Thread { [self, multi] in
            CurlMultiDriver(
                loop: self, multi: multi.raw, wakeDescriptor: wakeDescriptor, configuration: configuration, poolCounters: poolCounters,
                logger: logger
            ).run()
        }
        thread.name = index == 0 ? "deskbridge-curl" : "deskbridge-curl-\(index)"
        thread.start()
    }

    /// A process-unique id for a new transfer, used to match cancellations.
    func makeTransferID() -> UInt64 {
        nextID.add(1, ordering: .relaxed).newValue
    }

    /// Queues a request for the curl thread, or fails it at once when the client is shutting
    /// down or the calling task is already cancelled.
    func submit(_ submission: CurlSubmission) {
        let rejection: UpstreamError? = state.withLock { state in
            if state.isShuttingDown { return .shutDown }
            // Checked under the lock: a cancellation handler that ran before this point found
            // nothing to cancel, so the request must not be queued.
            if Task.isCancelled { return .cancelled }
            state.submissions.append(submission)
            wake(&state)
            return nil
        }
        if let rejection { submission.complete(.failure(rejection)) }
    }

    /// Cancels a transfer: directly if it is still queued, otherwise by asking the curl thread
    /// (an id the thread no longer knows is ignored).
    func cancel(_ id: UInt64) {
        let dequeued: CurlSubmission? = state.withLock { state in
            if let index = state.submissions.firstIndex(where: { $0.id == id }) {
                return state.submissions.remove(at: index)
            }
            if !state.isClosed {
                state.cancellations.append(id)
                wake(&state)
            }
            return nil
        }
        dequeued?.complete(.failure(.cancelled))
    }

    /// Asks the thread to stop without waiting for it (used when the client is deinitialised).
    func requestShutdown() {
        state.withLock { state in
            state.isShuttingDown = true
            wake(&state)
        }
    }

    /// Stops the thread, failing queued and in-flight requests with `.shutDown`, and returns
    /// once the thread has freed every curl handle.
    func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let alreadyFinished = state.withLock { state in
                if state.isFinished { return true }
                state.shutdownWaiters.append(continuation)
                state.isShuttingDown = true
                wake(&state)
                return false
            }
            if alreadyFinished { continuation.resume() }
        }
    }

    // MARK: Curl thread side

    /// Takes everything queued since the last turn. When shutting down, also marks the loop
    /// closed: from then on nobody writes to the wake-up descriptor, so it may be closed.
    func takeWork() -> CurlWork {
        state.withLock { state in
            state.isWakeRequested = false
            var work = CurlWork(submissions: [], cancellations: [], isShuttingDown: state.isShuttingDown)
            swap(&work.submissions, &state.submissions)
            swap(&work.cancellations, &state.cancellations)
            if state.isShuttingDown { state.isClosed = true }
            return work
        }
    }

    /// Called by the thread as its last act: resumes every `shutdown()` caller.
    func finish() {
        let waiters = state.withLock { state in
            state.isFinished = true
            defer { state.shutdownWaiters = [] }
            return state.shutdownWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Wakes the thread out of `epoll_wait`, at most once per turn of its loop.
    private func wake(_ state: inout State) {
        guard !state.isWakeRequested, !state.isClosed else { return }
        state.isWakeRequested = true
        deskbridge_eventfd_signal(wakeDescriptor)
    }
}
