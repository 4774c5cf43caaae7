import Synchronization

/// Bounds the memory that parsing takes across the process: every parse first reserves its cost
/// (`JSON.parsingCost(of:)`: the text and every value it will build), waits in line while other
/// parses hold the budget, and gives it back when its tree is no longer being worked on.
///
/// Without it, one upstream answer of 8 MiB can take 180 MB once parsed, and twenty at once take
/// a gateway past its memory limit with every tenant on it. With it, parses beyond the budget wait
/// (first come, first served) until their deadline, and a document that alone costs more than the
/// whole budget is refused at once, before anything is allocated.
package final class ParseBudget: Sendable {
    /// Why a reservation was not granted.
    package enum Refusal: Error, Sendable, Equatable {
        /// The document alone would take more than the whole budget: it can never be parsed here.
        case tooLarge(cost: Int, capacity: Int)
        /// Other parses held the budget until the deadline.
        case busy
        /// The waiting task was cancelled.
        case cancelled
    }

    /// The bytes that parses may hold at once.
    package let capacity: Int
    /// How long a parse may wait for budget when its caller has no deadline of its own.
    package let maxWait: Duration

    private struct Waiter {
        var id: Int
        var cost: Int
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var available: Int
        /// First come, first served: a large parse is not overtaken for ever by small ones.
        var waiters: [Waiter] = []
        var nextID = 0
    }

    private let state: Mutex<State>

    package init(capacity: Int, maxWait: Duration = .seconds(5)) {
        self.capacity = max(capacity, 1)
        self.maxWait = maxWait
        state = Mutex(State(available: max(capacity, 1)))
    }

    /// Bytes not reserved right now.
    package var available: Int { state.withLock { $0.available } }

    /// Parses waiting for budget right now.
    package var waiting: Int { state.withLock { $0.waiters.count } }

    /// Reserves the cost of parsing `bytes`, waiting until `deadline` at the latest.
    package func reserve(parsing bytes: some Collection<UInt8>, until deadline: ContinuousClock.Instant) async throws(Refusal) -> Lease {
        try await reserve(JSON.parsingCost(of: bytes), until: deadline)
    }

    /// Reserves `cost` bytes, waiting (in line) until `deadline` at the latest.
    package func reserve(_ cost: Int, until deadline: ContinuousClock.Instant) async throws(Refusal) -> Lease {
        let cost = max(cost, 0)
        guard cost <= capacity else { throw .tooLarge(cost: cost, capacity: capacity) }
        let id = state.withLock { state -> Int? in
            if state.waiters.isEmpty && state.available >= cost {
                state.available -= cost
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return Lease(budget: self, cost: cost) }
        let expiry = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            self?.remove(id, failing: Refusal.busy)
        }
        defer { expiry.cancel() }
        do {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    // Checked under the lock, so that the expiry or the cancellation cannot pass
                    // before the waiter is in line and leave it there.
                    let refusal = state.withLock { state -> Refusal? in
                        if Task.isCancelled { return .cancelled }
                        if ContinuousClock.now >= deadline { return .busy }
                        state.waiters.append(Waiter(id: id, cost: cost, continuation: continuation))
                        Self.grant(&state)
                        return nil
                    }
                    if let refusal { continuation.resume(throwing: refusal) }
                }
            } onCancel: {
                remove(id, failing: Refusal.cancelled)
            }
        } catch {
            throw (error as? Refusal) ?? .cancelled
        }
        return Lease(budget: self, cost: cost)
    }

    fileprivate func give(back cost: Int) {
        state.withLock { state in
            state.available += cost
            Self.grant(&state)
        }
    }

    private func remove(_ id: Int, failing refusal: Refusal) {
        let removed = state.withLock { state -> Waiter? in
            guard let position = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            let waiter = state.waiters.remove(at: position)
            // The one that left may have been holding up those behind it.
            Self.grant(&state)
            return waiter
        }
        removed?.continuation.resume(throwing: refusal)
    }

    /// Lets waiters in, in order, while the budget has room for the first one. Resuming under
    /// the lock is safe: a checked continuation only schedules its task.
    private static func grant(_ state: inout State) {
        while let first = state.waiters.first, first.cost <= state.available {
            state.available -= first.cost
            state.waiters.removeFirst()
            first.continuation.resume()
        }
    }

    /// A granted reservation; its bytes go back to the budget on `release()` or when it is dropped.
    package final class Lease: Sendable {
        package let cost: Int
        private let budget: ParseBudget
        private let released = Atomic<Bool>(false)

        fileprivate init(budget: ParseBudget, cost: Int) {
            self.budget = budget
            self.cost = cost
        }

        package func release() {
            guard !released.exchange(true, ordering: .acquiringAndReleasing) else { return }
            budget.give(back: cost)
        }

        deinit { release() }
    }
}
