import CCurl
import Foundation

/// libcurl's socket interface on epoll: libcurl says which sockets to watch and when its next
/// timeout is due (socket and timer callbacks); the curl thread waits in `epoll_wait` and hands
/// each ready socket to `curl_multi_socket_action`, so only the transfers with something to do
/// run, however many are in flight (`curl_multi_perform` would visit every one of them).
///
/// Confined to the curl thread. libcurl reaches it through an unretained pointer in the multi
/// handle's SOCKETDATA/TIMERDATA; ``CurlMultiDriver`` keeps it alive until the multi handle is freed.
final class CurlSocketWatcher {
    private let multi: UnsafeMutableRawPointer
    private let epoll: Int32
    private let wakeDescriptor: Int32
    /// When libcurl wants `curl_multi_socket_action(CURL_SOCKET_TIMEOUT)`; nil: no timer.
    private var timerDeadline: ContinuousClock.Instant?
    private let capacity: Int32 = 256
    private let readyDescriptors: UnsafeMutablePointer<Int32>
    private let readyFlags: UnsafeMutablePointer<Int32>

    init(multi: UnsafeMutableRawPointer, wakeDescriptor: Int32) throws(UpstreamError) {
        let epoll = deskbridge_epoll_create()
        guard epoll >= 0, deskbridge_epoll_watch(epoll, wakeDescriptor, Int32(CURL_POLL_IN)) == 0 else {
            if epoll >= 0 { Foundation.close(epoll) }
            throw .transport(code: Int(CURLE_FAILED_INIT.rawValue), message: "epoll set-up failed: errno \(errno)")
        }
        self.multi = multi
        self.epoll = epoll
        self.wakeDescriptor = wakeDescriptor
        readyDescriptors = .allocate(capacity: Int(capacity))
        readyFlags = .allocate(capacity: Int(capacity))
    }

    /// Registers the callbacks; call once, before the first easy handle is added.
    func attach() {
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = deskbridge_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, context)
        _ = deskbridge_multi_setopt_socket_callback(multi) { _, socket, what, context, _ in
            guard let context else { return -1 }
            Unmanaged<CurlSocketWatcher>.fromOpaque(context).takeUnretainedValue().watch(socket, what: what)
            return 0
        }
        _ = deskbridge_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, context)
        _ = deskbridge_multi_setopt_timer_callback(multi) { _, milliseconds, context in
            guard let context else { return -1 }
            let watcher = Unmanaged<CurlSocketWatcher>.fromOpaque(context).takeUnretainedValue()
            watcher.timerDeadline = milliseconds < 0 ? nil : ContinuousClock.now.advanced(by: .milliseconds(milliseconds))
            return 0
        }
    }

    /// Waits until a socket is ready, libcurl's timer is due, the loop is woken, or `limit`
    /// passes (at most `maximum`), then lets libcurl act on whatever is ready.
    /// Returns false when `epoll_wait` failed.
    func waitAndDispatch(until limit: ContinuousClock.Instant?, maximum: Duration) -> Bool {
        let now = ContinuousClock.now
        var wait = maximum
        if let timerDeadline { wait = min(wait, timerDeadline - now) }
        if let limit { wait = min(wait, limit - now) }
        let count = deskbridge_epoll_wait(epoll, readyDescriptors, readyFlags, capacity, Int32(wait.curlMilliseconds))
        guard count >= 0 else { return false }
        var stillRunning: Int32 = 0
        for index in 0..<Int(count) {
            let descriptor = readyDescriptors[index]
            if descriptor == wakeDescriptor {
                deskbridge_eventfd_drain(descriptor)
            } else {
                _ = curl_multi_socket_action(multi, descriptor, readyFlags[index], &stillRunning)
            }
        }
        if let timerDeadline, ContinuousClock.now >= timerDeadline {
            self.timerDeadline = nil
            _ = curl_multi_socket_action(multi, CURL_SOCKET_BAD, 0, &stillRunning)  // CURL_SOCKET_TIMEOUT
        }
        return true
    }

    /// Frees the epoll set; call after `curl_multi_cleanup` (which may still unregister sockets).
    func close() {
        Foundation.close(epoll)
        readyDescriptors.deallocate()
        readyFlags.deallocate()
    }

    private func watch(_ socket: curl_socket_t, what: Int32) {
        if what == Int32(CURL_POLL_REMOVE) {
            deskbridge_epoll_unwatch(epoll, socket)
        } else {
            _ = deskbridge_epoll_watch(epoll, socket, what)
        }
    }
}
