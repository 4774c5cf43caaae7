import Logging

/// An asynchronous HTTP client on libcurl's multi interface.
///
/// One dedicated thread drives all transfers, so hundreds of requests can be in flight without a
/// thread each, and connections to a host are kept alive and reused (at most
/// ``CurlClientConfiguration/maxConnectionsPerHost`` at a time; further requests wait their turn).
/// Redirects are not followed. Call ``shutdown()`` before dropping the client.
public final class CurlHTTPClient: HTTPTransport {
    public let configuration: CurlClientConfiguration
    private let loop: CurlEventLoop

    public init(configuration: CurlClientConfiguration = .init(), logger: Logger) throws(UpstreamError) {
        self.configuration = configuration
        self.loop = try CurlEventLoop(configuration: configuration, logger: logger)
    }

    deinit {
        // Stops the thread if nobody called shutdown(); it holds no reference back to the client.
        loop.requestShutdown()
    }

    /// Performs `request` and returns the final response, whatever its status.
    ///
    /// Cancelling the calling task aborts the transfer and throws ``UpstreamError/cancelled``.
    public func execute(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        let prepared = try PreparedRequest(request, defaultTimeout: configuration.requestTimeout)
        let id = loop.makeTransferID()
        let loop = self.loop
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                loop.submit(CurlSubmission(id: id, request: prepared, continuation: continuation))
            }
        } onCancel: {
            loop.cancel(id)
        }
        return try outcome.get()
    }

    /// Fails queued and in-flight requests with ``UpstreamError/shutDown``, stops the curl
    /// thread and frees its handles; later requests fail with `.shutDown` too. Idempotent.
    public func shutdown() async {
        await loop.shutdown()
    }
}
