import Logging
import Synchronization

/// An asynchronous HTTP client on libcurl's multi interface.
///
/// One dedicated thread (or ``CurlClientConfiguration/eventLoops`` of them) drives all transfers,
/// so hundreds of requests can be in flight without a thread each, and connections to a host are kept alive and reused (at most
/// ``CurlClientConfiguration/maxConnectionsPerHost`` at a time; further requests wait their turn).
/// Redirects are not followed. Call ``shutdown()`` before dropping the client.
public final class CurlHTTPClient: HTTPTransport {
    /// The limits the client was created with.
    package let configuration: CurlClientConfiguration
    /// Requests, responses by status class, errors by kind and latency, per upstream.
    package let counters: UpstreamCounters
    private let loops: [CurlEventLoop]
    private let poolCounters = CurlPoolCounters()

    /// The easy handles of the client's threads: idle, running, created, destroyed, refusals.
    package var pool: CurlPoolStatistics { poolCounters.snapshot }
    private let nextLoop = Atomic<Int>(0)

    /// - Parameters:
    ///   - counters: where attempts are counted; share one with a ``RetryingTransport`` and a
    ///     ``CircuitBreakerTransport`` to get every figure in one ``UpstreamStatistics``.
    public init(
        configuration: CurlClientConfiguration = .init(), logger: Logger, counters: UpstreamCounters = UpstreamCounters()
    ) throws(UpstreamError) {
        self.configuration = configuration
        self.counters = counters
        let share = configuration.perEventLoop
        let poolCounters = self.poolCounters
        self.loops = try (0..<max(configuration.eventLoops, 1)).map { (index: Int) throws(UpstreamError) -> CurlEventLoop in
            try CurlEventLoop(configuration: share, logger: logger, poolCounters: poolCounters, index: index)
        }
    }

    deinit {
        // Stops the threads if nobody called shutdown(); they hold no reference back to the client.
        for loop in loops { loop.requestShutdown() }
    }

    /// Performs `request` and returns the final response, whatever its status.
    ///
    /// Cancelling the calling task aborts the transfer and throws ``UpstreamError/cancelled``.
    public func execute(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        let prepared = try PreparedRequest(request, defaultTimeout: configuration.requestTimeout)
        let loop = loops.count == 1 ? loops[0] : loops[nextLoop.add(1, ordering: .relaxed).oldValue % loops.count]
        let id = loop.makeTransferID()
        let started = ContinuousClock.now
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                loop.submit(CurlSubmission(id: id, request: prepared, continuation: continuation))
            }
        } onCancel: {
            loop.cancel(id)
        }
        counters.recordAttempt(request.upstreamKey, outcome: outcome, latency: .now - started)
        return try outcome.get()
    }

    /// Fails queued and in-flight requests with ``UpstreamError/shutDown``, stops the curl
    /// thread and frees its handles; later requests fail with `.shutDown` too. Idempotent.
    public func shutdown() async {
        for loop in loops { await loop.shutdown() }
    }
}
