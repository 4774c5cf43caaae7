import Foundation
import Logging
import NIOCore
import NIOPosix
import Redis
import Synchronization

/// A real `redis-server` on a loopback port, started by a test and stopped by pid.
///
/// Its end is awaited through the process' termination handler, never by blocking a thread of
/// the concurrency pool (the tests share a pool of one thread per core).
package final class RedisServer: Sendable {
    private static let quietLogger: Logger = {
        var logger = Logger(label: "redis-server-support")
        logger.logLevel = .critical
        return logger
    }()

    package struct StartFailure: Error, CustomStringConvertible {
        package let description: String
    }

    /// Whether the process has ended, and who awaits that.
    private final class Termination: Sendable {
        private struct State {
            var finished = false
            var waiters: [CheckedContinuation<Void, Never>] = []
        }
        private let state = Mutex(State())

        var finished: Bool { state.withLock { $0.finished } }

        /// Called by the termination handler.
        func markFinished() {
            let waiters = state.withLock { state in
                state.finished = true
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }

        /// Registers `waiter` unless the process has ended already; returns whether it did.
        func await(_ waiter: CheckedContinuation<Void, Never>) -> Bool {
            state.withLock { state in
                if !state.finished { state.waiters.append(waiter) }
                return !state.finished
            }
        }
    }

    package let port: Int
    package let password: String?
    private let pid: Int32
    private let termination: Termination
    /// Held so that Foundation keeps watching the child for its termination handler.
    private let process: Process

    private init(port: Int, password: String?, process: Process, termination: Termination) {
        self.port = port
        self.password = password
        self.process = process
        self.pid = process.processIdentifier
        self.termination = termination
    }

    /// A configuration for this server (no credentials unless given), with short test limits.
    package func configuration(database: Int = 0, username: String? = nil, password: String? = nil) -> RedisConfiguration {
        RedisConfiguration(
            host: "127.0.0.1", port: port, username: username, password: password, database: database,
            poolSize: 2, connectTimeout: .seconds(2), commandTimeout: .seconds(5),
            reconnectBackoff: RedisBackoff(initial: .milliseconds(50), maximum: .milliseconds(400)))
    }

    /// Starts a server (on `port`, or on a free one) and returns once it answers PING.
    package static func start(port requested: Int? = nil, password: String? = nil) async throws -> RedisServer {
        var lastFailure: (any Error)?
        // A free port found by binding may be taken by another test before redis binds it.
        for _ in 0..<(requested == nil ? 3 : 1) {
            let port = if let requested { requested } else { try await freePort() }
            do {
                return try await launch(port: port, password: password)
            } catch {
                lastFailure = error
            }
        }
        throw lastFailure ?? StartFailure(description: "redis-server did not start")
    }

    /// Starts `body`'s server and stops it afterwards, whatever `body` does.
    @discardableResult
    package static func with<T>(password: String? = nil, _ body: (RedisServer) async throws -> T) async throws -> T {
        let server = try await start(password: password)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Kills the server (SIGKILL: a child started from a libdispatch thread may block SIGTERM)
    /// and returns once it has exited.
    package func stop() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            if termination.await(continuation) {
                // Only while it runs: a finished process's pid may belong to another.
                kill(pid, SIGKILL)
            } else {
                continuation.resume()
            }
        }
    }

    private static func launch(port: Int, password: String?) async throws -> RedisServer {
        let process = Process()
        process.executableURL = try executable()
        var arguments = [
            "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", FileManager.default.temporaryDirectory.path,
        ]
        if let password { arguments += ["--requirepass", password] }
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let termination = Termination()
        process.terminationHandler = { _ in termination.markFinished() }
        try process.run()
        let server = RedisServer(port: port, password: password, process: process, termination: termination)
        do {
            try await server.waitUntilReady()
        } catch {
            await server.stop()
            throw error
        }
        return server
    }

    /// Polls PING over a fresh connection until it answers, within a deadline.
    private func waitUntilReady() async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        var configuration = configuration(password: password)
        configuration.connectTimeout = .milliseconds(500)
        var lastError: RedisError?
        while ContinuousClock.now < deadline {
            if termination.finished {
                throw StartFailure(description: "redis-server exited at start on port \(port) (port taken?)")
            }
            let client = RedisClient(configuration: configuration, logger: Self.quietLogger)
            do {
                try await client.ping()
                await client.shutdown()
                return
            } catch {
                lastError = error
            }
            await client.shutdown()
            try await Task.sleep(for: .milliseconds(20))
        }
        throw StartFailure(description: "redis-server on port \(port) did not answer PING within 10 s: \(lastError.map { "\($0)" } ?? "")")
    }

    private static func executable() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let candidates = path.split(separator: ":").map { "\($0)/redis-server" } + ["/usr/bin/redis-server", "/usr/sbin/redis-server"]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw StartFailure(description: "redis-server not found (apt-get install redis-server)")
        }
        return URL(fileURLWithPath: found)
    }

    /// A loopback port nobody listens on right now (bound to port 0, then released).
    private static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        guard port > 0 else { throw StartFailure(description: "no free port") }
        return port
    }
}
