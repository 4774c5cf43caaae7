import CCurl
import Foundation
import Logging

/// The loop of the curl thread: adds queued transfers to the multi handle, drives them through
/// libcurl's socket interface (``CurlSocketWatcher``), and resumes callers as transfers finish.
///
/// Created on the curl thread and never leaves it, so its mutable state needs no lock.
final class CurlMultiDriver {
    private let loop: CurlEventLoop
    private let multi: UnsafeMutableRawPointer
    private let wakeDescriptor: Int32
    /// Nil only when epoll could not be set up; then every request fails.
    private let watcher: CurlSocketWatcher?
    private let configuration: CurlClientConfiguration
    private let logger: Logger
    private var running: [UInt64: CurlTransfer] = [:]
    private var idleHandles: [CurlEasyHandle] = []
    /// The share handle for TLS sessions and DNS (nil when switched off or refused), and its locks.
    private var share: UnsafeMutableRawPointer?
    private var shareLocks: UnsafeMutablePointer<deskbridge_share_locks>?
    /// No running transfer can miss its first-byte deadline before this instant (nil: none has one).
    private var nextFirstByteCheck: ContinuousClock.Instant?
    /// Easy handles kept for reuse at most; more are freed when their transfer ends.
    private let idleHandleLimit = 64
    /// Longest sleep in `epoll_wait` when nothing earlier is due.
    private let longestWait: Duration = .seconds(1)

    init(loop: CurlEventLoop, multi: UnsafeMutableRawPointer, wakeDescriptor: Int32, configuration: CurlClientConfiguration, logger: Logger) {
        self.loop = loop
        self.multi = multi
        self.wakeDescriptor = wakeDescriptor
        self.configuration = configuration
        self.logger = logger
        do {
            watcher = try CurlSocketWatcher(multi: multi, wakeDescriptor: wakeDescriptor)
        } catch {
            watcher = nil
            logger.critical("curl event loop cannot wait for sockets", metadata: ["error": "\(error)"])
        }
        watcher?.attach()
        if configuration.sharesTLSSessions {
            share = deskbridge_share_create(&shareLocks)
            if share == nil { logger.warning("curl share handle unavailable: TLS sessions are not shared across handles") }
        }
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

            if let watcher {
                if !watcher.waitAndDispatch(until: nextFirstByteCheck, maximum: longestWait) {
                    logger.error("epoll_wait failed", metadata: ["errno": "\(errno)"])
                }
            } else {
                // No way to wait for sockets: fail what came in, then sleep until woken.
                for id in Array(running.keys) { abort(id, with: .transport(code: Int(CURLE_FAILED_INIT.rawValue), message: "epoll unavailable")) }
                var descriptor = pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)
                _ = poll(&descriptor, 1, 1000)
                deskbridge_eventfd_drain(wakeDescriptor)
            }
            completeFinishedTransfers()
            enforceFirstByteDeadlines()
        }
    }

    // MARK: Transfers

    private func start(_ submission: CurlSubmission) {
        guard let easy = idleHandles.popLast() ?? CurlEasyHandle.make() else {
            submission.complete(.failure(.transport(code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init failed")))
            return
        }
        let transfer = CurlTransfer(submission: submission, easy: easy, configuration: configuration, now: .now)
        do {
            try transfer.configure(share: share)
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
        if let deadline = transfer.firstByteDeadline {
            nextFirstByteCheck = min(nextFirstByteCheck ?? deadline, deadline)
        }
    }

    private func cancel(_ id: UInt64) {
        abort(id, with: .cancelled)
    }

    /// Stops a running transfer and fails its caller with `error`.
    private func abort(_ id: UInt64, with error: UpstreamError) {
        guard let transfer = running.removeValue(forKey: id) else { return }
        curl_multi_remove_handle(multi, transfer.easy.raw)
        recycle(transfer)
        transfer.submission.complete(.failure(error))
    }

    /// Aborts the transfers still waiting for their first response byte past their deadline
    /// (libcurl has no such timeout of its own), and works out when to look again.
    private func enforceFirstByteDeadlines() {
        guard let check = nextFirstByteCheck else { return }
        let now = ContinuousClock.now
        guard now >= check else { return }
        nextFirstByteCheck = nil
        var expired: [UInt64] = []
        for (id, transfer) in running where !transfer.hasFirstByte {
            guard let deadline = transfer.firstByteDeadline else { continue }
            if deadline <= now {
                expired.append(id)
            } else {
                nextFirstByteCheck = min(nextFirstByteCheck ?? deadline, deadline)
            }
        }
        let timeout = configuration.firstByteTimeout ?? .zero
        for id in expired { abort(id, with: .timedOut(after: timeout)) }
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
        // After the multi handle, whose cleanup may still unregister sockets.
        watcher?.close()
        close(wakeDescriptor)
        // Last: no easy handle uses the share handle any more.
        deskbridge_share_destroy(share, shareLocks)
        share = nil
        shareLocks = nil
        logger.debug("curl event loop stopped", metadata: ["upstream.failed_in_flight": "\(inFlight.count)"])
        loop.finish()
    }
}
