import CCurl

/// A request handed from a caller's task to the curl thread, with the continuation to resume.
struct CurlSubmission: Sendable {
    let id: UInt64
    let request: PreparedRequest
    let continuation: CheckedContinuation<Result<UpstreamResponse, UpstreamError>, Never>

    /// Resumes the waiting caller; called exactly once by whoever took the submission out of the
    /// shared queue or the curl thread's table of running transfers.
    func complete(_ result: Result<UpstreamResponse, UpstreamError>) {
        continuation.resume(returning: result)
    }
}

/// What the curl thread picks up from the shared state on each turn of its loop.
struct CurlWork {
    var submissions: [CurlSubmission]
    var cancellations: [UInt64]
    var isShuttingDown: Bool
}

/// The multi handle's address, shared so that other threads can call `curl_multi_wakeup`.
///
/// `@unchecked Sendable` is safe because the only use off the curl thread is `curl_multi_wakeup`,
/// which libcurl documents as callable from any thread, and ``CurlEventLoop`` only calls it under
/// its lock while the handle is known to be alive (before the curl thread marks it closed).
struct CurlMultiPointer: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
}
