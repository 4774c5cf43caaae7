import Synchronization

/// An in-memory cache bounded by bytes, with least-recently-used eviction, single-flight loading
/// and per-lookup policies: time to live, stale-while-revalidate, stale-if-error and negative
/// caching (see ``CachePolicy``).
///
/// Values are shared, not copied: store immutable values (response bytes, decoded models).
/// A lookup takes one short lock; no lock is ever held across an `await`.
public final class ResponseCache<Value: Sendable>: Sendable {
    /// Told of every load that failed (not of cancellations), whether or not a stale answer
    /// was served in its place, so that callers can log what the cache hid.
    public typealias LoadFailureHandler = @Sendable (_ key: CacheKey, _ error: any Error) -> Void

    typealias Flight = CacheFlight<CacheLoad<Value>>

    private struct State {
        var storage: CacheStorage<Value>
        var flights: [CacheKey: Flight] = [:]
        var counters = CacheStatistics()
    }

    private let state: Mutex<State>
    private let now: @Sendable () -> ContinuousClock.Instant
    private let onLoadFailure: LoadFailureHandler?

    /// - Parameters:
    ///   - maxBytes: the most the entries' costs may add up to, stale entries included.
    ///   - now: the clock, injectable for tests.
    ///   - onLoadFailure: told of each failed load (see ``LoadFailureHandler``).
    public init(
        maxBytes: Int,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
        onLoadFailure: LoadFailureHandler? = nil
    ) {
        self.state = Mutex(State(storage: CacheStorage(maxBytes: maxBytes)))
        self.now = now
        self.onLoadFailure = onLoadFailure
    }

    // MARK: Direct access

    /// The fresh stored value for `key`; nil when absent or past its time to live.
    public func value(for key: CacheKey) -> Value? {
        let now = self.now()
        return state.withLock { state in
            guard let stored = state.storage.entry(for: key, now: now), now < stored.lifetime.freshUntil else {
                state.counters.misses += 1
                return nil
            }
            if stored.isNegative { state.counters.negativeHits += 1 } else { state.counters.hits += 1 }
            return stored.value
        }
    }

    /// Stores `value` for `ttl`, replacing any previous entry for `key`.
    ///
    /// `cost` is the entry's size in bytes (at least 1 is counted, so the number of entries is
    /// bounded too). Nothing is stored, and a previous entry is dropped, when `ttl <= 0` or
    /// `cost > maxBytes`.
    public func insert(_ value: Value, for key: CacheKey, ttl: Duration, cost: Int) {
        insert(.found(value), for: key, policy: CachePolicy(ttl: ttl), cost: cost)
    }

    /// Stores `loaded` under `policy` (a ``CacheLoad/notFound(_:)`` answer for the policy's
    /// `negativeTTL`), replacing any previous entry for `key`.
    package func insert(_ loaded: CacheLoad<Value>, for key: CacheKey, policy: CachePolicy, cost: Int) {
        let now = self.now()
        state.withLock { state in
            Self.store(loaded, for: key, policy: policy, cost: cost, now: now, in: &state)
        }
    }

    // MARK: Loading

    /// The cached answer for `key` under `policy`, or the result of `load`.
    ///
    /// - A fresh entry is returned at once (``CacheOutcome/fresh`` or ``CacheOutcome/negativeHit``).
    /// - An entry past its TTL but within `staleWhileRevalidate` is returned at once
    ///   (``CacheOutcome/stale``) and one background refresh runs `load`.
    /// - Otherwise one caller runs `load` (``CacheOutcome/loaded``) and concurrent callers for the
    ///   same key wait for it (``CacheOutcome/coalesced``). If it fails and the last good answer
    ///   is within `staleIfError`, that answer is returned (``CacheOutcome/staleOnError``);
    ///   otherwise the error is thrown. Failures are not cached.
    ///
    /// If the caller that ran `load` is cancelled, the others start over rather than fail.
    package func value(
        for key: CacheKey,
        policy: CachePolicy,
        cost: @escaping @Sendable (Value) -> Int,
        load: @escaping @Sendable () async throws -> CacheLoad<Value>
    ) async throws -> CacheLookup<Value> {
        try await resolve(key, policy: policy, cost: cost, load: load) { flight in
            Task { await self.runLoad(load, for: key, in: flight, policy: policy, cost: cost) }
        }
    }

    /// The cached value for `key`, or the result of `load`, stored for `ttl` (no stale windows).
    ///
    /// A thin wrapper over ``value(for:policy:cost:load:)``; `hit` is true only when the value
    /// came from the cache.
    package func value(
        for key: CacheKey,
        ttl: Duration,
        cost: (Value) -> Int,
        load: @Sendable () async throws -> Value
    ) async throws -> (value: Value, hit: Bool) {
        // With no stale-while-revalidate window no background refresh is ever started, so
        // neither closure escapes this call.
        let lookup = try await resolve(
            key, policy: CachePolicy(ttl: ttl), cost: cost, load: { .found(try await load()) }, startRefresh: { _ in })
        return (lookup.value, lookup.isHit)
    }

    /// Counters and current size.
    package var statistics: CacheStatistics {
        state.withLock { state in
            var statistics = state.counters
            statistics.evictions = state.storage.evictions
            statistics.expirations = state.storage.expirations
            statistics.entries = state.storage.count
            statistics.bytes = state.storage.bytes
            return statistics
        }
    }

    /// Drops every entry past all of its windows now rather than when room is next needed.
    package func removeExpired() {
        let now = self.now()
        state.withLock { $0.storage.dropExpired(now: now) }
    }

    /// Drops every entry (loads in progress still store their result when they finish).
    package func removeAll() {
        state.withLock { $0.storage.removeAll() }
    }

    // MARK: Private

    /// What a lookup decided under the lock.
    private enum Step {
        /// A fresh (or fresh negative) entry.
        case hit(StoredEntry<Value>, CacheOutcome)
        /// A stale entry to serve; `refresh` is set when this lookup must start the refresh.
        case stale(StoredEntry<Value>, refresh: Flight?)
        /// Wait for a running load; `fallback` may stand in if it fails.
        case join(Flight, fallback: StoredEntry<Value>?)
        /// Run the load; `fallback` may stand in if it fails.
        case lead(Flight, fallback: StoredEntry<Value>?)
    }

    private func resolve(
        _ key: CacheKey,
        policy: CachePolicy,
        cost: (Value) -> Int,
        load: () async throws -> CacheLoad<Value>,
        startRefresh: (Flight) -> Void
    ) async throws -> CacheLookup<Value> {
        while true {
            let now = self.now()
            switch step(for: key, now: now) {
            case .hit(let stored, let outcome):
                return CacheLookup(value: stored.value, outcome: outcome, isNegative: stored.isNegative, age: now - stored.storedAt, hiddenError: nil)
            case .stale(let stored, let refresh):
                if let refresh { startRefresh(refresh) }
                return CacheLookup(value: stored.value, outcome: .stale, isNegative: false, age: now - stored.storedAt, hiddenError: nil)
            case .join(let flight, let fallback):
                let result: Result<CacheLoad<Value>, any Error>
                do { result = .success(try await flight.wait()) } catch { result = .failure(error) }
                if case .failure(let error) = result, Self.isCancellation(error) {
                    if Task.isCancelled { throw error }
                    continue  // the leading caller was cancelled, not this one: try again
                }
                return try answer(result, outcome: .coalesced, fallback: fallback)
            case .lead(let flight, let fallback):
                let result = await runLoad(load, for: key, in: flight, policy: policy, cost: cost)
                if case .failure(let error) = result, Self.isCancellation(error) { throw error }
                return try answer(result, outcome: .loaded, fallback: fallback)
            }
        }
    }

    private func step(for key: CacheKey, now: ContinuousClock.Instant) -> Step {
        state.withLock { state in
            let stored = state.storage.entry(for: key, now: now)
            if let stored, now < stored.lifetime.freshUntil {
                if stored.isNegative {
                    state.counters.negativeHits += 1
                    return .hit(stored, .negativeHit)
                }
                state.counters.hits += 1
                return .hit(stored, .fresh)
            }
            if let stored, !stored.isNegative, now < stored.lifetime.revalidateUntil {
                state.counters.staleHits += 1
                guard state.flights[key] == nil else { return .stale(stored, refresh: nil) }
                let flight = Flight()
                state.flights[key] = flight
                state.counters.refreshes += 1
                return .stale(stored, refresh: flight)
            }
            let fallback = stored.flatMap { !$0.isNegative && now < $0.lifetime.errorUntil ? $0 : nil }
            if let flight = state.flights[key] {
                state.counters.coalesced += 1
                return .join(flight, fallback: fallback)
            }
            let flight = Flight()
            state.flights[key] = flight
            state.counters.misses += 1
            return .lead(flight, fallback: fallback)
        }
    }

    /// Runs `load` for the flight `flight` (foreground or background), stores a success,
    /// publishes the result to the flight's waiters and reports a failure.
    @discardableResult
    private func runLoad(
        _ load: () async throws -> CacheLoad<Value>,
        for key: CacheKey,
        in flight: Flight,
        policy: CachePolicy,
        cost: (Value) -> Int
    ) async -> Result<CacheLoad<Value>, any Error> {
        let result: Result<CacheLoad<Value>, any Error>
        do { result = .success(try await load()) } catch { result = .failure(error) }
        let storedCost = (try? result.get()).map { cost($0.value) }
        let failure: (any Error)? = if case .failure(let error) = result, !Self.isCancellation(error) { error } else { nil }
        let now = self.now()
        state.withLock { state in
            if state.flights[key] === flight { state.flights[key] = nil }
            if case .success(let loaded) = result, let storedCost {
                Self.store(loaded, for: key, policy: policy, cost: storedCost, now: now, in: &state)
            }
            if failure != nil { state.counters.loadFailures += 1 }
        }
        flight.finish(result)
        if let failure { onLoadFailure?(key, failure) }
        return result
    }

    /// The lookup for a finished load: its answer, or the stale fallback when it failed.
    private func answer(
        _ result: Result<CacheLoad<Value>, any Error>,
        outcome: CacheOutcome,
        fallback: StoredEntry<Value>?
    ) throws -> CacheLookup<Value> {
        switch result {
        case .success(let loaded):
            return CacheLookup(value: loaded.value, outcome: outcome, isNegative: loaded.isNegative, age: .zero, hiddenError: nil)
        case .failure(let error):
            let now = self.now()
            guard let fallback, now < fallback.lifetime.errorUntil else { throw error }
            state.withLock { $0.counters.staleOnError += 1 }
            return CacheLookup(value: fallback.value, outcome: .staleOnError, isNegative: false, age: now - fallback.storedAt, hiddenError: error)
        }
    }

    private static func store(
        _ loaded: CacheLoad<Value>, for key: CacheKey, policy: CachePolicy, cost: Int, now: ContinuousClock.Instant, in state: inout State
    ) {
        let lifetime =
            loaded.isNegative
            ? EntryLifetime(negativeFrom: now, policy: policy)
            : EntryLifetime(positiveFrom: now, policy: policy)
        // A zero TTL stores nothing, and an old entry must not outlive a newer answer.
        guard now < lifetime.freshUntil else {
            state.storage.removeValue(for: key)
            return
        }
        let stored = StoredEntry(value: loaded.value, isNegative: loaded.isNegative, storedAt: now, lifetime: lifetime)
        state.storage.insert(stored, for: key, cost: max(cost, 1), now: now)
    }

    private static func isCancellation(_ error: any Error) -> Bool {
        error is CancellationError || (error as? UpstreamError) == .cancelled
    }
}
