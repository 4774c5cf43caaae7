import CCurl
import Logging

/// The loop of the curl thread: adds queued transfers to the multi handle, drives them with
/// `curl_multi_perform`/`curl_multi_poll`, and resumes callers as transfers finish.
///
/// Created on the curl thread and never leaves it, so its mutable state needs no lock.
final class CurlMultiDriver {
    private let loop: CurlEventLoop
    private let multi: UnsafeMutableRawPointer
    private let configuration: CurlClientConfiguration
    private let logger: Logger
    private var running: [UInt64: CurlTransfer] = [:]
    private var idleHandles: [CurlEasyHandle] = []
    /// Easy handles kept for reuse at most; more are freed when their transfer ends.
    private let idleHandleLimit = 64
    /// Longest sleep in `curl_multi_poll` when libcurl has no earlier timer of its own.
    private let pollTimeoutMilliseconds: Int32 = 1000

    init(loop: CurlEventLoop, multi: UnsafeMutableRawPointer, configuration: CurlClientConfiguration, logger: Logger) {
        self.loop = loop
        self.multi = multi
        self.configuration = configuration
        self.logger = logger
    }

    func run() {
        logger.debug("curl event loop started")
        while true {
            let work = loop.takeWork()
            if work.isShuttingDown {
                tearDown(failing: work.submissions)
                return
            }
            for submission in work.submissions { start(submission) }
            for id in work.cancellations { cancel(id) }

            var stillRunning: Int32 = 0
            let performCode = curl_multi_perform(multi, &stillRunning)
            if performCode != CURLM_OK {
                logger.error("curl_multi_perform failed", metadata: ["curl.code": "\(performCode.rawValue)"])
            }
            completeFinishedTransfers()

            let pollCode = curl_multi_poll(multi, nil, 0, pollTimeoutMilliseconds, nil)
            if pollCode != CURLM_OK {
                logger.error("curl_multi_poll failed", metadata: ["curl.code": "\(pollCode.rawValue)"])
            }
        }
    }

    // MARK: Transfers

    private func start(_ submission: CurlSubmission) {
        guard let easy = idleHandles.popLast() ?? CurlEasyHandle.make() else {
            submission.complete(.failure(.transport(code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init failed")))
            return
        }
        let transfer = CurlTransfer(submission: submission, easy: easy, configuration: configuration)
        do {
            try transfer.configure(userAgent: configuration.userAgent)
        } catch {
            recycle(transfer)
            submission.complete(.failure(error))
            return
        }
        let addCode = curl_multi_add_handle(multi, easy.raw)
        guard addCode == CURLM_OK else {
            recycle(transfer)
            let message = String(cString: curl_multi_strerror(addCode))
            submission.complete(.failure(.transport(code: Int(addCode.rawValue), message: "curl_multi_add_handle failed: \(message)")))
            return
        }
        running[submission.id] = transfer
    }

    private func cancel(_ id: UInt64) {
        guard let transfer = running.removeValue(forKey: id) else { return }
        curl_multi_remove_handle(multi, transfer.easy.raw)
        recycle(transfer)
        transfer.submission.complete(.failure(.cancelled))
    }

    private func completeFinishedTransfers() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            // The message is invalid once the handle is removed: read everything first.
            let code = message.pointee.data.result
            var context: UnsafeMutableRawPointer?
            _ = deskbridge_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &context)
            guard let context else {
                // Not one of ours: cannot happen, but never leave a handle stuck in the multi.
                curl_multi_remove_handle(multi, easy)
                continue
            }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            let outcome = transfer.outcome(for: code)
            curl_multi_remove_handle(multi, easy)
            running[transfer.id] = nil
            recycle(transfer)
            if logger.logLevel <= .trace { log(outcome, of: transfer) }
            transfer.submission.complete(outcome)
        }
    }

    /// Returns the transfer's easy handle to the idle list (reset) or frees it.
    private func recycle(_ transfer: CurlTransfer) {
        transfer.release()
        if idleHandles.count < idleHandleLimit {
            transfer.easy.reset()
            idleHandles.append(transfer.easy)
        } else {
            transfer.easy.destroy()
        }
    }

    private func log(_ outcome: Result<UpstreamResponse, UpstreamError>, of transfer: CurlTransfer) {
        switch outcome {
        case .success(let response):
            logger.trace("upstream response", metadata: [
                "upstream.host": "\(transfer.submission.request.host)",
                "http.status": "\(response.status)",
                "upstream.total": "\(response.timing.total)",
                "upstream.reused": "\(response.timing.connectionReused)",
            ])
        case .failure(let error):
            logger.trace("upstream failure", metadata: [
                "upstream.host": "\(transfer.submission.request.host)",
                "error": "\(error)",
            ])
        }
    }

    // MARK: Shutdown

    /// Fails everything with `.shutDown`, frees every handle in the documented order (remove
    /// easy handles, free them, then free the multi handle) and releases `shutdown()` callers.
    private func tearDown(failing queued: [CurlSubmission]) {
        for submission in queued { submission.complete(.failure(.shutDown)) }
        let inFlight = running.values
        running = [:]
        for transfer in inFlight {
            curl_multi_remove_handle(multi, transfer.easy.raw)
            transfer.release()
            transfer.easy.destroy()
            transfer.submission.complete(.failure(.shutDown))
        }
        for easy in idleHandles { easy.destroy() }
        idleHandles = []
        curl_multi_cleanup(multi)
        logger.debug("curl event loop stopped", metadata: ["upstream.failed_in_flight": "\(inFlight.count)"])
        loop.finish()
    }
}
