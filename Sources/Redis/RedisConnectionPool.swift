import Logging
import NIOCore
import Synchronization

/// A fixed number of connections, each kept up by a task of its own that reconnects with back-off.
///
/// A command goes to the connected slot with the fewest commands in flight. When no slot is
/// connected it waits for a connection attempt under way, or fails at once with the last
/// connection error while every slot waits out its back-off: callers never queue behind a Redis
/// that is down.
final class RedisConnectionPool: Sendable {
    private typealias Waiter = CheckedContinuation<Result<RedisConnection, RedisError>, Never>

    private enum Slot {
        case connecting(waiters: [Waiter])
        case connected(RedisConnection)
        /// Waiting out the back-off after `error`.
        case down(RedisError)
    }

    private struct State {
        var slots: [Slot]
        var tasks: [Task<Void, Never>] = []
        var isShutDown = false
        /// Where the next choice starts, so that ties between idle connections rotate.
        var nextStart = 0
        /// Whether some slot was connected at the last change, to log only transitions.
        var wasReachable: Bool?
    }

    /// A connection that dies sooner than this counts as a failed attempt (back-off applies);
    /// one that lived longer is replaced at once.
    private static let healthyLifetime: Duration = .seconds(1)

    private let configuration: RedisConfiguration
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state: Mutex<State>

    /// Creates the slots and starts connecting them.
    init(configuration: RedisConfiguration, group: any EventLoopGroup, logger: Logger) {
        self.configuration = configuration
        self.group = group
        self.logger = logger
        let size = max(configuration.poolSize, 1)
        state = Mutex(State(slots: Array(repeating: .connecting(waiters: []), count: size)))
        let tasks = (0..<size).map { index in Task { await self.keepConnected(slot: index) } }
        state.withLock { $0.tasks = tasks }
    }

    /// How many slots hold a live connection now.
    var connectedCount: Int {
        state.withLock { state in
            state.slots.count { if case .connected(let connection) = $0 { connection.isActive } else { false } }
        }
    }

    /// The least busy live connection, waiting for a connection attempt under way if none is live.
    func connection() async throws(RedisError) -> RedisConnection {
        if let ready = state.withLock({ Self.leastBusy(&$0) }) { return ready }
        let outcome = await withCheckedContinuation { (waiter: Waiter) in
            let immediate: Result<RedisConnection, RedisError>? = state.withLock { state in
                if state.isShutDown { return .failure(.shutDown) }
                if let ready = Self.leastBusy(&state) { return .success(ready) }
                var lastError: RedisError = .connectionClosed(reason: "no connection yet")
                for index in state.slots.indices {
                    switch state.slots[index] {
                    case .connecting(let waiters):
                        state.slots[index] = .connecting(waiters: waiters + [waiter])
                        return nil
                    case .down(let error): lastError = error
                    case .connected: break
                    }
                }
                return .failure(lastError)
            }
            if let immediate { waiter.resume(returning: immediate) }
        }
        return try outcome.get()
    }

    private static func leastBusy(_ state: inout State) -> RedisConnection? {
        guard !state.isShutDown else { return nil }
        let count = state.slots.count
        let start = state.nextStart
        state.nextStart = (start + 1) % count
        var best: RedisConnection?
        for offset in 0..<count {
            guard case .connected(let connection) = state.slots[(start + offset) % count], connection.isActive else { continue }
            if best == nil || connection.inFlight < best!.inFlight { best = connection }
        }
        return best
    }

    /// Connects the slot, waits for its connection to close, and starts again, until shutdown.
    private func keepConnected(slot index: Int) async {
        var failedAttempts = 0
        while true {
            let outcome: Result<RedisConnection, RedisError>
            do {
                outcome = .success(try await RedisConnection.connect(configuration, group: group))
            } catch {
                outcome = .failure(error)
            }
            guard let waiters = settle(slot: index, with: outcome) else {
                if case .success(let connection) = outcome { connection.close() }
                return
            }
            for waiter in waiters { waiter.resume(returning: outcome) }

            switch outcome {
            case .success(let connection):
                let opened = ContinuousClock.now
                await connection.closed()
                let lived = ContinuousClock.now - opened
                failedAttempts = lived < Self.healthyLifetime ? failedAttempts + 1 : 0
                if failedAttempts == 0 {
                    // Replaced at once; callers meanwhile wait for the new connection.
                    guard startConnecting(slot: index) else { return }
                    continue
                }
                guard settle(slot: index, with: .failure(.connectionClosed(reason: "the connection was lost"))) != nil else { return }
            case .failure:
                failedAttempts += 1
            }
            do {
                try await Task.sleep(for: configuration.reconnectBackoff.delay(beforeAttempt: failedAttempts))
            } catch {
                return  // cancelled: shutting down
            }
            guard startConnecting(slot: index) else { return }
        }
    }

    /// Records a connection attempt's outcome (or a lost connection) and returns the callers that
    /// waited for it; nil once the pool is shut down.
    private func settle(slot index: Int, with outcome: Result<RedisConnection, RedisError>) -> [Waiter]? {
        let (waiters, change) = state.withLock { state -> ([Waiter]?, Bool?) in
            guard !state.isShutDown else { return (nil, nil) }
            var waiters: [Waiter] = []
            if case .connecting(let waiting) = state.slots[index] { waiters = waiting }
            switch outcome {
            case .success(let connection): state.slots[index] = .connected(connection)
            case .failure(let error): state.slots[index] = .down(error)
            }
            let isReachable = state.slots.contains { if case .connected = $0 { true } else { false } }
            defer { state.wasReachable = isReachable }
            return (waiters, state.wasReachable == isReachable ? nil : isReachable)
        }
        switch (change, outcome) {
        case (true?, _):
            logger.info("Redis reachable", metadata: ["redis": "\(configuration)"])
        case (false?, .failure(let error)):
            logger.warning("Redis unreachable", metadata: ["redis": "\(configuration)", "error": "\(error)"])
        default:
            break
        }
        return waiters
    }

    private func startConnecting(slot index: Int) -> Bool {
        state.withLock { state in
            guard !state.isShutDown else { return false }
            state.slots[index] = .connecting(waiters: [])
            return true
        }
    }

    /// Closes every connection, fails waiting callers with ``RedisError/shutDown``, and returns
    /// once the slots' tasks have ended. Later commands fail with `.shutDown` too. Idempotent.
    func shutdown() async {
        for task in requestShutdown() { await task.value }
    }

    /// Starts shutting down without waiting; returns the slots' tasks, which end soon after.
    @discardableResult
    func requestShutdown() -> [Task<Void, Never>] {
        let (tasks, connections, waiters) = state.withLock { state -> ([Task<Void, Never>], [RedisConnection], [Waiter]) in
            state.isShutDown = true
            var connections: [RedisConnection] = []
            var waiters: [Waiter] = []
            for slot in state.slots {
                switch slot {
                case .connected(let connection): connections.append(connection)
                case .connecting(let waiting): waiters += waiting
                case .down: break
                }
            }
            state.slots = state.slots.map { _ in .down(.shutDown) }
            return (state.tasks, connections, waiters)
        }
        for task in tasks { task.cancel() }
        for connection in connections { connection.close() }
        for waiter in waiters { waiter.resume(returning: .failure(.shutDown)) }
        return tasks
    }
}
