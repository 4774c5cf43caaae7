import Logging
import NIOCore
import NIOPosix
import Synchronization

/// A dedicated connection for pub/sub: Redis lets a subscribed connection do nothing else.
///
/// Messages of every subscribed channel arrive on ``events``, one stream for one consumer. When
/// the connection is lost the subscriber reconnects with back-off, subscribes to its channels
/// again and then emits ``Event/resubscribed``: pub/sub delivers at most once, so messages
/// published while it was disconnected are lost, and whoever waits for one should check again
/// what it was waiting for. Call ``shutdown()`` before dropping it.
package final class RedisSubscriber: Sendable {
    package enum Event: Sendable, Hashable {
        /// A message published to a subscribed channel.
        case message(channel: String, payload: [UInt8])
        /// After a reconnection, every channel is subscribed again (messages in between are lost).
        case resubscribed
    }

    /// Messages and resubscriptions. When the consumer lags, the oldest events beyond
    /// ``bufferedEvents`` are dropped. Finishes at ``shutdown()``.
    package let events: AsyncStream<Event>
    /// How many undelivered events ``events`` keeps.
    package static let bufferedEvents = 4096

    private struct ConfirmationWaiter {
        let channels: Set<String>
        let continuation: CheckedContinuation<Result<Void, RedisError>, Never>
    }

    private struct State {
        var wanted: Set<String> = []
        var confirmed: Set<String> = []
        var connection: RedisConnection?
        var waiters: [UInt64: ConfirmationWaiter] = [:]
        var nextWaiterID: UInt64 = 0
        /// Emit ``Event/resubscribed`` once every wanted channel is confirmed again.
        var owesResubscribed = false
        var lastError: RedisError?
        var task: Task<Void, Never>?
        var isShutDown = false
    }

    private let configuration: RedisConfiguration
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state = Mutex(State())
    private let continuation: AsyncStream<Event>.Continuation

    /// Starts connecting at once; the database in `configuration` does not matter (channels are
    /// server-wide), its credentials do.
    package init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        self.configuration = configuration
        group = eventLoopGroup
        self.logger = logger
        (events, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(Self.bufferedEvents))
        let task = Task { await self.keepSubscribed() }
        state.withLock { $0.task = task }
    }

    /// Subscribes to `channels` and returns once Redis has confirmed every one of them.
    ///
    /// The channels stay subscribed (and are subscribed again after a reconnection) even when this
    /// throws because no confirmation came within ``RedisConfiguration/commandTimeout``.
    package func subscribe(to channels: [String]) async throws(RedisError) {
        let wanted = Set(channels)
        let timeout = configuration.commandTimeout
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, RedisError>, Never>) in
            let (immediate, id, fresh, connection) = state.withLock { state -> (Result<Void, RedisError>?, UInt64, [String], RedisConnection?) in
                if state.isShutDown { return (.failure(.shutDown), 0, [], nil) }
                let fresh = wanted.subtracting(state.wanted).sorted()
                state.wanted.formUnion(wanted)
                if wanted.isSubset(of: state.confirmed) { return (.success(()), 0, [], nil) }
                state.nextWaiterID += 1
                state.waiters[state.nextWaiterID] = ConfirmationWaiter(channels: wanted, continuation: continuation)
                return (nil, state.nextWaiterID, fresh, state.connection)
            }
            if let immediate { return continuation.resume(returning: immediate) }
            if let connection, !fresh.isEmpty {
                try? connection.sendWithoutReply([Array("SUBSCRIBE".utf8)] + fresh.map { Array($0.utf8) })
            }
            group.next().scheduleTask(in: TimeAmount(timeout)) { self.expireWaiter(id, after: timeout) }
        }
        try outcome.get()
    }

    /// Stops receiving messages of `channels`.
    package func unsubscribe(from channels: [String]) {
        let connection = state.withLock { state in
            state.wanted.subtract(channels)
            return state.connection
        }
        guard !channels.isEmpty else { return }
        try? connection?.sendWithoutReply([Array("UNSUBSCRIBE".utf8)] + channels.map { Array($0.utf8) })
    }

    /// Closes the connection, stops reconnecting and finishes ``events``. Idempotent.
    package func shutdown() async {
        let (task, connection, waiters) = state.withLock { state in
            state.isShutDown = true
            defer { state.waiters = [:] }
            return (state.task, state.connection, Array(state.waiters.values))
        }
        task?.cancel()
        connection?.close()
        for waiter in waiters { waiter.continuation.resume(returning: .failure(.shutDown)) }
        await task?.value
        continuation.finish()
    }

    /// Connects, subscribes to the wanted channels, waits for the connection to close, and starts
    /// again after a back-off, until shutdown.
    private func keepSubscribed() async {
        var failedAttempts = 0
        var wasConnected = false
        while !Task.isCancelled {
            do {
                let connection = try await RedisConnection.connect(configuration, group: group) { reply in
                    self.receive(reply)
                }
                let channels: [String]? = state.withLock { state in
                    guard !state.isShutDown else { return nil }
                    state.connection = connection
                    state.confirmed = []
                    state.owesResubscribed = wasConnected
                    state.lastError = nil
                    return state.wanted.sorted()
                }
                guard let channels else {
                    connection.close()
                    return
                }
                if failedAttempts > 0 { logger.info("Redis subscriber reconnected", metadata: ["redis": "\(configuration)"]) }
                if channels.isEmpty {
                    emitResubscribedIfDue()
                } else {
                    try connection.sendWithoutReply([Array("SUBSCRIBE".utf8)] + channels.map { Array($0.utf8) })
                }
                wasConnected = true
                let opened = ContinuousClock.now
                await connection.closed()
                state.withLock { state in
                    state.connection = nil
                    state.confirmed = []
                }
                failedAttempts = ContinuousClock.now - opened < .seconds(1) ? failedAttempts + 1 : 0
            } catch {
                if failedAttempts == 0 {
                    logger.warning("Redis subscriber cannot connect", metadata: ["redis": "\(configuration)", "error": "\(error)"])
                }
                state.withLock { $0.lastError = error }
                failedAttempts += 1
            }
            guard failedAttempts > 0 else { continue }
            do {
                try await Task.sleep(for: configuration.reconnectBackoff.delay(beforeAttempt: failedAttempts))
            } catch {
                return
            }
        }
    }

    /// A push from the connection (on its event loop): a message, or a (un)subscribe confirmation.
    private func receive(_ reply: RedisReply) {
        guard let elements = reply.array, elements.count >= 3, let kind = elements[0].string, let channel = elements[1].string else {
            logger.warning("Redis subscriber got an unexpected reply", metadata: ["reply": "\(reply)"])
            return
        }
        switch kind {
        case "message":
            continuation.yield(.message(channel: channel, payload: elements[2].bytes ?? []))
        case "subscribe":
            let satisfied = state.withLock { state in
                state.confirmed.insert(channel)
                let ready = state.waiters.filter { $0.value.channels.isSubset(of: state.confirmed) }
                for id in ready.keys { state.waiters[id] = nil }
                return ready.values.map(\.continuation)
            }
            for waiter in satisfied { waiter.resume(returning: .success(())) }
            emitResubscribedIfDue()
        case "unsubscribe":
            _ = state.withLock { $0.confirmed.remove(channel) }
        default:
            break
        }
    }

    private func emitResubscribedIfDue() {
        let due = state.withLock { state in
            guard state.owesResubscribed, state.wanted.isSubset(of: state.confirmed) else { return false }
            state.owesResubscribed = false
            return true
        }
        if due { continuation.yield(.resubscribed) }
    }

    private func expireWaiter(_ id: UInt64, after timeout: Duration) {
        let expired = state.withLock { state in
            defer { state.waiters[id] = nil }
            return state.waiters[id].map { ($0.continuation, state.lastError) }
        }
        guard let (waiter, lastError) = expired else { return }
        waiter.resume(returning: .failure(lastError ?? .timedOut(after: timeout)))
    }
}
