import CCurl
import Synchronization

/// The easy handles a curl thread keeps for reuse, and the rules that keep a reused handle clean.
///
/// Why a handle can be unusable (libcurl 7.88, Debian 12): `CURLOPT_BUFFERSIZE` is refused with
/// `CURLE_BAD_FUNCTION_ARGUMENT` while the handle still holds its receive buffer. libcurl
/// allocates that buffer when a transfer enters its CONNECT state and frees it only at the end
/// of `multi_done`. Several ways out of a transfer never get there:
/// - removed from the multi handle (cancelled, first-byte deadline) while PENDING, waiting for a
///   connection under `CURLMOPT_MAX_HOST_CONNECTIONS`: `curl_multi_remove_handle` calls
///   `multi_done` only when the transfer has a connection, and a pending one has none;
/// - timed out (`CURLOPT_TIMEOUT_MS`) while PENDING: the same, reported as CURLMSG_DONE;
/// - done on an HTTP/2 connection other streams still use: `multi_done` returns early.
/// `curl_easy_reset` resets the options (the buffer size back to 16 KiB) but keeps that buffer.
/// Recycling such a handle made every later configuration fail, and since the idle list is a
/// stack, the failed handle went back on top and was handed out again, forever.
///
/// So: a handle is recycled only after a transfer that ended with `CURLE_OK` through
/// CURLMSG_DONE; an aborted or failed transfer's handle is destroyed; a recycled handle that
/// refuses an option is destroyed and the request is configured again on a fresh handle (see
/// ``CurlMultiDriver``), and a handle that refused anything never goes back on the list.
///
/// Confined to its curl thread, like the handles; only the counters are shared.
struct CurlHandlePool {
    private var idle: [CurlEasyHandle] = []
    /// Idle handles kept at most; more are freed as their transfers end.
    let limit: Int
    let counters: CurlPoolCounters

    init(limit: Int, counters: CurlPoolCounters) {
        self.limit = max(limit, 0)
        self.counters = counters
    }

    /// An idle handle (reset when it was put back), or a fresh one; nil when libcurl cannot
    /// create one. `isRecycled` says which.
    mutating func take() -> (handle: CurlEasyHandle, isRecycled: Bool)? {
        if let handle = idle.popLast() {
            counters.idle.subtract(1, ordering: .relaxed)
            return (handle, true)
        }
        return makeFresh().map { ($0, false) }
    }

    /// A handle that never ran a transfer.
    func makeFresh() -> CurlEasyHandle? {
        guard let handle = CurlEasyHandle.make() else { return nil }
        counters.created.add(1, ordering: .relaxed)
        return handle
    }

    /// Puts back the handle of a transfer that ended with `CURLE_OK` (already removed from the
    /// multi handle), reset; frees it when the list is full.
    mutating func recycle(_ handle: CurlEasyHandle) {
        guard idle.count < limit else { return destroy(handle) }
        handle.reset()
        idle.append(handle)
        counters.idle.add(1, ordering: .relaxed)
    }

    /// Frees a handle that is not in the multi handle and must not be reused.
    func destroy(_ handle: CurlEasyHandle) {
        handle.destroy()
        counters.destroyed.add(1, ordering: .relaxed)
    }

    /// Frees every idle handle (shutdown).
    mutating func drain() {
        for handle in idle { destroy(handle) }
        counters.idle.subtract(idle.count, ordering: .relaxed)
        idle = []
    }
}

/// What the curl threads' handle pools hold and did: shown by `/metrics` and `/admin/status`,
/// so that handles piling up, or refusing options, are seen before callers feel them.
package struct CurlPoolStatistics: Sendable, Hashable {
    /// Easy handles waiting for reuse.
    package var idle = 0
    /// Transfers in the multi handles.
    package var running = 0
    /// Easy handles created since start.
    package var created = 0
    /// Easy handles freed since start (aborted or failed transfers, a full idle list, refusals).
    package var destroyed = 0
    /// Options a handle refused; a recycled handle that refused is replaced by a fresh one.
    package var configurationFailures = 0

    package init(idle: Int = 0, running: Int = 0, created: Int = 0, destroyed: Int = 0, configurationFailures: Int = 0) {
        self.idle = idle
        self.running = running
        self.created = created
        self.destroyed = destroyed
        self.configurationFailures = configurationFailures
    }
}

/// The counters behind ``CurlPoolStatistics``: written by the curl threads, read by anyone.
final class CurlPoolCounters: Sendable {
    let idle = Atomic<Int>(0)
    let running = Atomic<Int>(0)
    let created = Atomic<Int>(0)
    let destroyed = Atomic<Int>(0)
    let configurationFailures = Atomic<Int>(0)

    var snapshot: CurlPoolStatistics {
        CurlPoolStatistics(
            idle: idle.load(ordering: .relaxed), running: running.load(ordering: .relaxed), created: created.load(ordering: .relaxed),
            destroyed: destroyed.load(ordering: .relaxed), configurationFailures: configurationFailures.load(ordering: .relaxed))
    }
}
