import Testing

@testable import Upstream

/// The pacer's arithmetic on a fixed clock: slots under the limit, first come first served,
/// refusals when the deadline is too near.
@Suite struct RatePacerTests {
    let start = ContinuousClock.now
    let limit = PaceLimit(key: "hubspot search", requests: 5, window: .seconds(1))

    @Test func fiveGoAtOnceThenOneWindowLater() {
        let pacer = RatePacer(margin: .milliseconds(100), leastCallTime: .milliseconds(250))
        let slots = (0..<15).map { _ in pacer.reserve([limit], deadline: start + .seconds(8), now: start) }
        let offsets = slots.map { slot -> Duration? in
            guard case .at(let instant) = slot else { return nil }
            return instant - start
        }
        #expect(
            offsets == Array(repeating: .zero, count: 5) + Array(repeating: .milliseconds(1100), count: 5)
                + Array(repeating: .milliseconds(2200), count: 5))
    }

    @Test func aSlotPastTheDeadlineIsRefusedWithTheWaitItWouldTake() {
        let pacer = RatePacer(margin: .zero, leastCallTime: .milliseconds(250))
        for _ in 0..<5 { _ = pacer.reserve([limit], deadline: start + .seconds(8), now: start) }
        #expect(pacer.reserve([limit], deadline: start + .milliseconds(1200), now: start) == .refused(nextIn: .seconds(1)))
        // The refused call took no slot: one with time enough gets the first free one.
        #expect(pacer.reserve([limit], deadline: start + .seconds(8), now: start) == .at(start + .seconds(1)))
    }

    @Test func limitsAreKeptApartByKeyAndCombinedOnOneCall() {
        let pacer = RatePacer(margin: .zero, leastCallTime: .zero)
        let other = PaceLimit(key: "another token", requests: 5, window: .seconds(1))
        let burst = PaceLimit(key: "hubspot burst", requests: 2, window: .seconds(10))
        for _ in 0..<5 { _ = pacer.reserve([limit], deadline: start + .seconds(60), now: start) }
        #expect(pacer.reserve([other], deadline: start + .seconds(60), now: start) == .at(start))
        #expect(pacer.reserve([limit, burst], deadline: start + .seconds(60), now: start) == .at(start + .seconds(1)))
        #expect(pacer.reserve([burst], deadline: start + .seconds(60), now: start) == .at(start + .seconds(1)), "never before a slot handed out")
        #expect(pacer.reserve([burst], deadline: start + .seconds(60), now: start) == .at(start + .seconds(11)))
    }

    @Test func oldSendsLeaveTheWindow() {
        let pacer = RatePacer(margin: .zero, leastCallTime: .zero)
        for _ in 0..<5 { _ = pacer.reserve([limit], deadline: start + .seconds(60), now: start) }
        let later = start + .milliseconds(1500)
        #expect(pacer.reserve([limit], deadline: later + .seconds(1), now: later) == .at(later))
    }
}
