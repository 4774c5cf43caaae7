import Synchronization
import Testing

@testable import Upstream

/// The breaker's state machine, with a hand-moved clock.
@Suite("CircuitBreaker")
struct CircuitBreakerTests {
    private static func breaker(_ configuration: CircuitBreakerConfiguration, clock: ManualClock) -> (CircuitBreaker, TransitionLog) {
        let transitions = TransitionLog()
        let breaker = CircuitBreaker(name: "shop", configuration: configuration, now: clock.now) { _, state in
            transitions.append(state)
        }
        return (breaker, transitions)
    }

    private static func call(_ breaker: CircuitBreaker, _ result: CircuitBreaker.CallResult) -> CircuitBreaker.Permit {
        let permit = breaker.acquire()
        breaker.record(result, permit: permit)
        return permit
    }

    @Test func opensOnAFailureRateOverTheWindow() {
        let clock = ManualClock()
        let configuration = CircuitBreakerConfiguration(consecutiveFailures: 100, failureRateThreshold: 0.5, window: .seconds(10), minimumCalls: 10)
        let (breaker, _) = Self.breaker(configuration, clock: clock)
        for index in 0..<9 {
            _ = Self.call(breaker, index.isMultiple(of: 2) ? .failure : .success)
            #expect(breaker.circuitState == .closed)
        }
        _ = Self.call(breaker, .failure)  // 10 calls, 5 failures: 50 %
        #expect(breaker.circuitState == .open)
    }

    @Test func oldCallsLeaveTheRollingWindow() {
        let clock = ManualClock()
        let configuration = CircuitBreakerConfiguration(consecutiveFailures: 100, failureRateThreshold: 0.5, window: .seconds(10), minimumCalls: 10)
        let (breaker, _) = Self.breaker(configuration, clock: clock)
        for _ in 0..<8 {
            _ = Self.call(breaker, .failure)
            _ = Self.call(breaker, .success)
        }
        clock.advance(by: .seconds(11))  // those 16 calls are out of the window
        for _ in 0..<9 { _ = Self.call(breaker, .success) }
        _ = Self.call(breaker, .failure)
        #expect(breaker.circuitState == .closed)
    }

    @Test func failedProbeReopensWithALongerCooldownAndSuccessResetsIt() {
        let clock = ManualClock()
        let configuration = CircuitBreakerConfiguration(consecutiveFailures: 2, cooldown: .seconds(5), cooldownGrowth: 2, maxCooldown: .seconds(12))
        let (breaker, transitions) = Self.breaker(configuration, clock: clock)
        _ = Self.call(breaker, .failure)
        _ = Self.call(breaker, .failure)
        #expect(breaker.acquire() == .rejected(retryAfter: .seconds(5)))
        clock.advance(by: .seconds(5))
        #expect(Self.call(breaker, .failure) == .allowed(isProbe: true))
        #expect(breaker.acquire() == .rejected(retryAfter: .seconds(10)))
        clock.advance(by: .seconds(10))
        #expect(Self.call(breaker, .failure) == .allowed(isProbe: true))
        #expect(breaker.acquire() == .rejected(retryAfter: .seconds(12)))  // capped
        clock.advance(by: .seconds(12))
        #expect(Self.call(breaker, .success) == .allowed(isProbe: true))
        #expect(breaker.circuitState == .closed)
        _ = Self.call(breaker, .failure)
        _ = Self.call(breaker, .failure)
        #expect(breaker.acquire() == .rejected(retryAfter: .seconds(5)))  // back to the first cooldown
        #expect(transitions.states == [.open, .halfOpen, .open, .halfOpen, .open, .halfOpen, .closed, .open])
        #expect(breaker.transitions == 8)
    }

    @Test func halfOpenLetsOnlyTheConfiguredProbesThrough() {
        let clock = ManualClock()
        let configuration = CircuitBreakerConfiguration(consecutiveFailures: 1, cooldown: .seconds(1), halfOpenProbes: 2)
        let (breaker, _) = Self.breaker(configuration, clock: clock)
        _ = Self.call(breaker, .failure)
        clock.advance(by: .seconds(1))
        let first = breaker.acquire()
        let second = breaker.acquire()
        let third = breaker.acquire()
        #expect(first == .allowed(isProbe: true))
        #expect(second == .allowed(isProbe: true))
        guard case .rejected = third else {
            Issue.record("a third probe went through")
            return
        }
        breaker.record(.ignored, permit: first)  // a cancelled probe frees its slot
        #expect(breaker.acquire() == .allowed(isProbe: true))
        #expect(breaker.circuitState == .halfOpen)
    }

    @Test func callsThatStartedBeforeTheBreakerOpenedDoNotCloseIt() {
        let clock = ManualClock()
        let (breaker, _) = Self.breaker(CircuitBreakerConfiguration(consecutiveFailures: 1, cooldown: .seconds(1)), clock: clock)
        let straggler = breaker.acquire()
        _ = Self.call(breaker, .failure)
        breaker.record(.success, permit: straggler)
        #expect(breaker.circuitState == .open)
    }
}

/// The breaker in front of the client, over loopback: the server counts the calls that reached it.
@Suite("CircuitBreakerTransport over loopback")
struct CircuitBreakerTransportTests {
    @Test func opensFailsFastWithoutNetworkThenHalfOpensAndRecovers() async throws {
        try await TestServer.run { server in
            try await withClient { client throws in
                let transitions = TransitionLog()
                // The breaker's own clock, moved by hand: a loaded machine cannot end the cooldown early.
                let clock = ManualClock()
                let configuration = CircuitBreakerConfiguration(consecutiveFailures: 3, cooldown: .milliseconds(400))
                let breakers = CircuitBreakerTransport(
                    wrapping: client, configuration: configuration, counters: client.counters, now: clock.now,
                    onTransition: { _, state in transitions.append(state) })
                let upstream = "http://127.0.0.1:\(server.port)"
                server.scripts.set("flaky", [.status(500)])
                let request = UpstreamRequest(url: server.url("/script/flaky"))
                for _ in 0..<3 { #expect(try await breakers.execute(request).status == 500) }
                #expect(breakers.states[upstream] == .open)

                for _ in 0..<20 {
                    do {
                        _ = try await breakers.execute(request)
                        Issue.record("a call went through an open breaker")
                    } catch {
                        guard case .circuitOpen(let retryAfter) = error as? UpstreamError else {
                            Issue.record("expected circuitOpen, got \(error)")
                            continue
                        }
                        #expect(retryAfter > .zero && retryAfter <= .milliseconds(400))
                    }
                }
                #expect(server.scripts.hits("flaky") == 3)  // no network call while open

                server.scripts.set("flaky", [.ok("recovered")])
                clock.advance(by: .milliseconds(450))
                #expect(breakers.states[upstream] == .halfOpen)
                #expect(try await breakers.execute(request).text == "recovered")  // the probe
                #expect(breakers.states[upstream] == .closed)
                for _ in 0..<5 { #expect(try await breakers.execute(request).status == 200) }
                #expect(server.scripts.hits("flaky") == 6)
                #expect(transitions.states == [.open, .halfOpen, .closed])

                let counts = client.counters.counts(for: upstream)
                #expect(counts.circuitRejections == 20)
                #expect(counts.circuitTransitions == 3)
                #expect(counts.circuitState == .closed)
                #expect(counts.requests == 9)
            }
        }
    }

    @Test func clientErrorsAndThrottlingDoNotCountAsFailures() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                let breakers = CircuitBreakerTransport(wrapping: client, configuration: CircuitBreakerConfiguration(consecutiveFailures: 2))
                server.scripts.set("missing", [.status(404)])
                server.scripts.set("busy", [.status(503, headers: [("Retry-After", "1")])])
                server.scripts.set("limited", [.status(429)])
                for name in ["missing", "busy", "limited"] {
                    for _ in 0..<5 { _ = try await breakers.execute(UpstreamRequest(url: server.url("/script/\(name)"))) }
                }
                #expect(breakers.states["http://127.0.0.1:\(server.port)"] == .closed)
            }
        }
    }

    @Test func eachUpstreamHasItsOwnBreaker() async throws {
        try await TestServer.run { server in
            try await withRefusingPort { port in
                try await withClient { client in
                    let breakers = CircuitBreakerTransport(
                        wrapping: client, configuration: CircuitBreakerConfiguration(consecutiveFailures: 2), now: ManualClock().now)
                    let dead = UpstreamRequest(url: "http://127.0.0.1:\(port)/x")
                    for _ in 0..<2 { _ = try? await breakers.execute(dead) }
                    var named = UpstreamRequest(url: server.url("/json"))
                    named.upstreamName = "crm"
                    let namedStatus = try await breakers.execute(named).status
                    let plainStatus = try await breakers.execute(UpstreamRequest(url: server.url("/json"))).status
                    #expect(namedStatus == 200)
                    #expect(plainStatus == 200)
                    #expect(
                        breakers.states == [
                            "http://127.0.0.1:\(port)": .open, "crm": .closed, "http://127.0.0.1:\(server.port)": .closed,
                        ])
                }
            }
        }
    }
}

/// Breaker states in the order they were reported.
final class TransitionLog: Sendable {
    private let log = Mutex<[CircuitState]>([])
    func append(_ state: CircuitState) { log.withLock { $0.append(state) } }
    var states: [CircuitState] { log.withLock { $0 } }
}
