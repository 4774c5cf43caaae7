import Dispatch
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection whose blocking calls run on dispatch's threads, never on the
/// concurrency pool's (a read may wait while another task sends).
final class RawConnection: Sendable {
    private let descriptor: Int32
    /// Closed once only: a second close(2) could close another test's socket that reused the number.
    private let closed = Mutex(false)

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    static func open(port: Int) async throws -> RawConnection {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0, "connect failed: \(errno)")
        return RawConnection(descriptor: descriptor)
    }

    struct Closed: Error {}

    func send(_ bytes: [UInt8]) async throws {
        let written = await onQueue { Glibc.send(self.descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL)) }
        guard written == bytes.count else { throw Closed() }
    }

    /// Everything the server sends until it closes the connection (or `timeout`, a failure).
    func readUntilClosed(timeout: Duration) async throws -> [UInt8] {
        let seconds = Int(timeout.components.seconds)
        let result: [UInt8]? = await onQueue {
            var timeout = timeval(tv_sec: seconds, tv_usec: 0)
            setsockopt(self.descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(self.descriptor, &buffer, buffer.count, 0)
                if count > 0 {
                    received += buffer[0..<count]
                } else if count == 0 || errno == ECONNRESET {
                    return received
                } else {
                    return nil  // timed out
                }
            }
        }
        return try #require(result, "the server kept the connection open past \(timeout)")
    }

    func close() {
        guard
            closed.withLock({ wasClosed in
                defer { wasClosed = true }
                return !wasClosed
            })
        else { return }
        Glibc.close(descriptor)
    }

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }
}
