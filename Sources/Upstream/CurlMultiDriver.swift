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
    /// `running.count` as last added to the shared gauge (several threads may add to it).
    private var reportedRunning = 0
    private var pool: CurlHandlePool
    /// The share handle for TLS sessions and DNS (nil when switched off or refused), and its locks.
    private var share: UnsafeMutableRawPointer?
    private var shareLocks: UnsafeMutablePointer<deskbridge_share_locks>?
    /// No running transfer can miss its first-byte deadline before this instant (nil: none has one).
    private var nextFirstByteCheck: ContinuousClock.Instant?
    /// Longest sleep in `epoll_wait` when nothing earlier is due.
    private let longestWait: Duration = .seconds(1)

    init(
        loop: CurlEventLoop, multi: UnsafeMutableRawPointer, wakeDescriptor: Int32, configuration: CurlClientConfiguration,
        poolCounters: CurlPoolCounters, logger: Logger
    ) {
        self.loop = loop
        // Easy handles kept for reuse at most; more are freed when their transfer ends.
        self.pool = CurlHandlePool(limit: 64, counters: poolCounters)
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
        guard let transfer = configuredTransfer(for: submission) else { return }
        let addCode = curl_multi_add_handle(multi, transfer.easy.raw)
        guard addCode == CURLM_OK else {
            discard(transfer)
            let message = String(cString: curl_multi_strerror(addCode))
            submission.complete(.failure(.transport(code: Int(addCode.rawValue), message: "curl_multi_add_handle failed: \(message)")))
            return
        }
        running[submission.id] = transfer
        reportRunning()
        if let deadline = transfer.firstByteDeadline {
            nextFirstByteCheck = min(nextFirstByteCheck ?? deadline, deadline)
        }
    }

    /// The submission's transfer on a configured handle, or nil after failing the submission.
    /// A recycled handle that refuses an option is destroyed and the request configured once
    /// more on a fresh handle (see ``CurlHandlePool`` for why a handle can be unusable): a
    /// handle's trouble must never become the caller's error, nor the upstream's.
    private func configuredTransfer(for submission: CurlSubmission) -> CurlTransfer? {
        guard var (easy, isRecycled) = pool.take() else {
            submission.complete(.failure(.transport(code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init failed")))
            return nil
        }
        while true {
            let transfer = CurlTransfer(submission: submission, easy: easy, configuration: configuration, now: .now)
            do {
                try transfer.configure(share: share)
                return transfer
            } catch {
                pool.counters.configurationFailures.add(1, ordering: .relaxed)
                discard(transfer)
                guard isRecycled, let fresh = pool.makeFresh() else {
                    logger.warning("a fresh curl handle refused an option", metadata: ["error": "\(error)"])
                    submission.complete(.failure(error))
                    return nil
                }
                logger.debug("a recycled curl handle refused an option: replaced", metadata: ["error": "\(error)"])
                (easy, isRecycled) = (fresh, false)
            }
        }
    }

    private func cancel(_ id: UInt64) {
        abort(id, with: .cancelled)
    }

    /// Stops a running transfer and fails its caller with `error`.
    private func abort(_ id: UInt64, with error: UpstreamError) {
        guard let transfer = running.removeValue(forKey: id) else { return }
        curl_multi_remove_handle(multi, transfer.easy.raw)
        reportRunning()
        // Removed mid-flight: the handle may keep state of the transfer (its receive buffer).
        discard(transfer)
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
            reportRunning()
            if code == CURLE_OK { recycle(transfer) } else { discard(transfer) }
            if logger.logLevel <= .trace { log(outcome, of: transfer) }
            transfer.submission.complete(outcome)
        }
    }

    /// Returns the easy handle of a transfer that ended well to the idle list (reset), or frees it.
    private func recycle(_ transfer: CurlTransfer) {
        transfer.release()
        pool.recycle(transfer.easy)
    }

    /// Frees the transfer's easy handle, which must not be reused; it is not in the multi handle.
    private func discard(_ transfer: CurlTransfer) {
        transfer.release()
        pool.destroy(transfer.easy)
    }

    /// Brings the shared gauge to `running.count` before any caller can read it.
    private func reportRunning() {
        guard running.count != reportedRunning else { return }
        pool.counters.running.add(running.count - reportedRunning, ordering: .relaxed)
        reportedRunning = running.count
    }

    private func log(_ outcome: Result<UpstreamResponse, UpstreamError>, of transfer: CurlTransfer) {
        switch outcome {
        case .success(let response):
            logger.trace(
                "upstream response",
                metadata: [
                    "upstream.host": "\(transfer.submission.request.host)",
                    "http.status": "\(response.status)",
                    "upstream.total": "\(response.timing.total)",
                    "upstream.reused": "\(response.timing.connectionReused)",
                ])
        case .failure(let error):
            logger.trace(
                "upstream failure",
                metadata: [
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
            discard(transfer)
            transfer.submission.complete(.failure(.shutDown))
        }
        pool.drain()
        reportRunning()
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
