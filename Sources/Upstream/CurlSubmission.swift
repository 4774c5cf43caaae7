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

/// The multi handle's address, handed to the curl thread when it starts.
///
/// `@unchecked Sendable` is safe because the pointer crosses threads exactly once, before the
/// curl thread starts, and from then on only that thread uses the handle.
struct CurlMultiPointer: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
}
