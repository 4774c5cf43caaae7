import Synchronization

/// An in-memory cache bounded by bytes, with a time to live per entry, least-recently-used
/// eviction and single-flight loading.
///
/// Values are shared, not copied: store immutable values (response bytes, decoded models).
/// A lookup takes one short lock; no lock is ever held across an `await`.
public final class ResponseCache<Value: Sendable>: Sendable {
    private struct State {
        var storage: CacheStorage<Value>
        var flights: [CacheKey: CacheFlight<Value>] = [:]
        var hits = 0
        var misses = 0
        var coalesced = 0
    }

    private let state: Mutex<State>
    private let now: @Sendable () -> ContinuousClock.Instant

    /// - Parameters:
    ///   - maxBytes: the most the entries' costs may add up to.
    ///   - now: the clock, injectable for tests.
    public init(maxBytes: Int, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.state = Mutex(State(storage: CacheStorage(maxBytes: maxBytes)))
        self.now = now
    }

    /// The stored value for `key`; nil when absent or expired.
    public func value(for key: CacheKey) -> Value? {
        let now = self.now()
        return state.withLock { state in
            let value = state.storage.value(for: key, now: now)
            if value == nil { state.misses += 1 } else { state.hits += 1 }
            return value
        }
    }

    /// Stores `value` for `ttl`, replacing any previous entry for `key`.
    ///
    /// `cost` is the entry's size in bytes (at least 1 is counted, so the number of entries is
    /// bounded too). Nothing is stored, and a previous entry is dropped, when `ttl <= 0` or
    /// `cost > maxBytes`.
    public func insert(_ value: Value, for key: CacheKey, ttl: Duration, cost: Int) {
        let now = self.now()
        state.withLock { state in
            Self.store(value, for: key, ttl: ttl, cost: cost, now: now, in: &state)
        }
    }

    /// The cached value for `key`, or the result of `load`, stored for `ttl`.
    ///
    /// Concurrent callers for the same missing key share one run of `load` and all get its value
    /// or its error; errors are not cached. If the caller that ran `load` is cancelled, the
    /// others start over rather than fail. `hit` is true only when the value came from the cache.
    public func value(
        for key: CacheKey,
        ttl: Duration,
        cost: (Value) -> Int,
        load: @Sendable () async throws -> Value
    ) async throws -> (value: Value, hit: Bool) {
        while true {
            switch lookUpOrJoin(key) {
            case .hit(let value):
                return (value, true)
            case .join(let flight):
                do {
                    return (try await flight.wait(), false)
                } catch where Self.isCancellation(error) && !Task.isCancelled {
                    continue  // the leading caller was cancelled, not this one: try again
                }
            case .lead(let flight):
                let result: Result<Value, any Error>
                do { result = .success(try await load()) } catch { result = .failure(error) }
                let storedCost = (try? result.get()).map(cost)
                let now = self.now()
                state.withLock { state in
                    if state.flights[key] === flight { state.flights[key] = nil }
                    if case .success(let value) = result, let storedCost {
                        Self.store(value, for: key, ttl: ttl, cost: storedCost, now: now, in: &state)
                    }
                }
                flight.finish(result)
                return (try result.get(), false)
            }
        }
    }

    /// Counters and current size.
    public var statistics: CacheStatistics {
        state.withLock { state in
            var statistics = CacheStatistics()
            statistics.hits = state.hits
            statistics.misses = state.misses
            statistics.coalesced = state.coalesced
            statistics.evictions = state.storage.evictions
            statistics.expirations = state.storage.expirations
            statistics.entries = state.storage.count
            statistics.bytes = state.storage.bytes
            return statistics
        }
    }

    /// Drops every entry (loads in progress still store their result when they finish).
    public func removeAll() {
        state.withLock { $0.storage.removeAll() }
    }

    // MARK: Private

    private enum Step {
        case hit(Value)
        case join(CacheFlight<Value>)
        case lead(CacheFlight<Value>)
    }

    private func lookUpOrJoin(_ key: CacheKey) -> Step {
        let now = self.now()
        return state.withLock { state in
            if let value = state.storage.value(for: key, now: now) {
                state.hits += 1
                return .hit(value)
            }
            if let flight = state.flights[key] {
                state.coalesced += 1
                return .join(flight)
            }
            let flight = CacheFlight<Value>()
            state.flights[key] = flight
            state.misses += 1
            return .lead(flight)
        }
    }

    private static func store(_ value: Value, for key: CacheKey, ttl: Duration, cost: Int, now: ContinuousClock.Instant, in state: inout State) {
        guard ttl > .zero else {
            state.storage.removeValue(for: key)
            return
        }
        state.storage.insert(value, for: key, cost: max(cost, 1), expiry: now.advanced(by: ttl), now: now)
    }

    private static func isCancellation(_ error: any Error) -> Bool {
        error is CancellationError || (error as? UpstreamError) == .cancelled
    }
}
