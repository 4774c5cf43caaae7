import Synchronization
import Testing

@testable import Mapping

/// The process-wide budget of parsing: reservations beyond it wait in line until their deadline,
/// and a document that alone exceeds it is refused at once.
@Suite struct ParseBudgetTests {
    static var later: ContinuousClock.Instant { .now + .seconds(120) }  // the whole suite on two cores once stalled it past 30 s

    /// Waits (yielding, up to 30 s) until `condition` holds: the event itself, not a sleep.
    static func until(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !condition() {
            try #require(ContinuousClock.now < deadline, "the condition never held")
            await Task.yield()
        }
    }

    @Test func aDocumentOverTheWholeBudgetIsRefusedAtOnce() async throws {
        let budget = ParseBudget(capacity: 1 << 20)
        let nested = JSONParseCostTests.list(of: "[0]", bytes: 64 << 10)  // about 1.4 MB once parsed
        let started = ContinuousClock.now
        await #expect(throws: ParseBudget.Refusal.tooLarge(cost: JSON.parsingCost(of: nested), capacity: 1 << 20)) {
            try await budget.reserve(parsing: nested, until: Self.later)
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(budget.available == 1 << 20)
        // The same number of bytes of flat text fits.
        let flat = JSONParseCostTests.list(of: #""abc""#, bytes: 64 << 10)
        let lease = try await budget.reserve(parsing: flat, until: Self.later)
        #expect(lease.cost == JSON.parsingCost(of: flat))
        #expect(budget.available == (1 << 20) - lease.cost)
        lease.release()
        lease.release()  // twice gives back once
        #expect(budget.available == 1 << 20)
    }

    @Test func aReservationWaitsForTheBudgetAndGetsItWhenReleased() async throws {
        let budget = ParseBudget(capacity: 1000)
        let first = try await budget.reserve(700, until: Self.later)
        let second = Task { try await budget.reserve(600, until: Self.later) }
        try await Self.until { budget.waiting == 1 }
        #expect(budget.available == 300)
        first.release()
        let granted = try await second.value
        #expect(granted.cost == 600)
        #expect(budget.available == 400)
        granted.release()
        #expect(budget.available == 1000)
    }

    @Test func aDroppedLeaseGivesItsBytesBack() async throws {
        let budget = ParseBudget(capacity: 1000)
        do {
            let lease = try await budget.reserve(900, until: Self.later)
            #expect(budget.available == 100 && lease.cost == 900)
        }
        #expect(budget.available == 1000)
    }

    @Test func waitingPastTheDeadlineIsRefusedAsBusyAndLeavesTheLine() async throws {
        let budget = ParseBudget(capacity: 1000)
        let held = try await budget.reserve(1000, until: Self.later)
        let started = ContinuousClock.now
        await #expect(throws: ParseBudget.Refusal.busy) {
            try await budget.reserve(10, until: .now + .milliseconds(300))
        }
        #expect(ContinuousClock.now - started >= .milliseconds(300))
        #expect(budget.waiting == 0)
        held.release()
        #expect(budget.available == 1000)
        // A deadline already past does not wait at all.
        let full = try await budget.reserve(1000, until: Self.later)
        await #expect(throws: ParseBudget.Refusal.busy) { try await budget.reserve(1, until: .now) }
        full.release()
    }

    @Test func aCancelledWaitLeavesTheLine() async throws {
        let budget = ParseBudget(capacity: 1000)
        let held = try await budget.reserve(1000, until: Self.later)
        let waiting = Task { try await budget.reserve(10, until: Self.later) }
        try await Self.until { budget.waiting == 1 }
        waiting.cancel()
        await #expect(throws: ParseBudget.Refusal.cancelled) { try await waiting.value }
        #expect(budget.waiting == 0)
        held.release()
        #expect(budget.available == 1000)
    }

    @Test func firstComeFirstServedSoALargeParseIsNotStarved() async throws {
        let budget = ParseBudget(capacity: 1000)
        let held = try await budget.reserve(500, until: Self.later)
        let large = Task { try await budget.reserve(900, until: Self.later) }
        try await Self.until { budget.waiting == 1 }
        // There is room for a small one, but it queues behind the large one.
        let small = Task { try await budget.reserve(200, until: Self.later) }
        try await Self.until { budget.waiting == 2 }
        #expect(budget.available == 500)
        held.release()
        let largeLease = try await large.value
        #expect(largeLease.cost == 900)
        // 100 left: the small one still waits.
        #expect(budget.waiting == 1 && budget.available == 100)
        largeLease.release()
        let smallLease = try await small.value
        #expect(smallLease.cost == 200)
        smallLease.release()
        #expect(budget.available == 1000)
    }

    @Test func manyConcurrentParsesNeverHoldMoreThanTheBudget() async throws {
        let budget = ParseBudget(capacity: 10_000)
        let peak = PeakCounter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let lease = try await budget.reserve(500 + index * 37 % 4000, until: Self.later)
                    peak.add(lease.cost)
                    await Task.yield()
                    peak.add(-lease.cost)
                    lease.release()
                }
            }
            try await group.waitForAll()
        }
        #expect(peak.highest <= 10_000)
        #expect(peak.highest >= 4000)
        #expect(budget.available == 10_000)
    }
}

final class PeakCounter: Sendable {
    private let state = Mutex((current: 0, highest: 0))
    func add(_ amount: Int) {
        state.withLock {
            $0.current += amount
            $0.highest = max($0.highest, $0.current)
        }
    }
    var highest: Int { state.withLock { $0.highest } }
}
