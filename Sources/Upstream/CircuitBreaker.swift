import Synchronization

/// The circuit breaker of one upstream: closed while it answers, open (failing fast) after
/// repeated failures, half-open after a cooldown to let a few probe calls find out whether it
/// has recovered. Thread-safe; each call takes its short lock twice (before and after).
package final class CircuitBreaker: Sendable {
    /// What a call may do, as decided by ``acquire()``.
    package enum Permit: Sendable, Hashable {
        /// Go ahead; `isProbe` when the call is one of the half-open probes.
        case allowed(isProbe: Bool)
        /// Fail fast; the breaker lets a probe through in `retryAfter`.
        case rejected(retryAfter: Duration)
    }

    /// How a permitted call ended, for the breaker.
    package enum CallResult: Sendable, Hashable {
        /// The upstream answered (any 2xx–4xx, throttling included).
        case success
        /// Transport failure, timeout or 5xx.
        case failure
        /// Says nothing about the upstream (cancelled, invalid request): only frees a probe slot.
        case ignored
    }

    private struct State {
        var circuit: CircuitState = .closed
        var consecutiveFailures = 0
        var window: RollingCallWindow
        var openUntil: ContinuousClock.Instant
        var cooldown: Duration
        var probesInFlight = 0
        var transitions = 0
    }

    /// The upstream this breaker guards.
    package let name: String
    /// Thresholds and cooldowns.
    package let configuration: CircuitBreakerConfiguration
    private let state: Mutex<State>
    private let now: @Sendable () -> ContinuousClock.Instant
    private let onTransition: @Sendable (_ name: String, _ to: CircuitState) -> Void

    /// - Parameters:
    ///   - name: the upstream this breaker guards (for reports).
    ///   - now: the clock, injectable for tests.
    ///   - onTransition: told of every change of state (outside the lock).
    package init(
        name: String,
        configuration: CircuitBreakerConfiguration = .init(),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
        onTransition: @escaping @Sendable (_ name: String, _ to: CircuitState) -> Void = { _, _ in }
    ) {
        let start = now()
        self.name = name
        self.configuration = configuration
        self.now = now
        self.onTransition = onTransition
        self.state = Mutex(
            State(
                window: RollingCallWindow(window: configuration.window, origin: start),
                openUntil: start, cooldown: configuration.cooldown))
    }

    /// The current state (an open breaker whose cooldown has ended reports `halfOpen`).
    package var circuitState: CircuitState {
        let now = self.now()
        return state.withLock { state in
            state.circuit == .open && now >= state.openUntil ? .halfOpen : state.circuit
        }
    }

    /// Changes of state since the breaker was created.
    package var transitions: Int { state.withLock { $0.transitions } }

    /// Asks whether a call may go out now. Every `.allowed` permit must be followed by exactly
    /// one ``record(_:permit:)``.
    package func acquire() -> Permit {
        let now = self.now()
        var changed: CircuitState?
        let permit: Permit = state.withLock { state in
            switch state.circuit {
            case .closed:
                return .allowed(isProbe: false)
            case .open:
                guard now >= state.openUntil else { return .rejected(retryAfter: state.openUntil - now) }
                Self.move(&state, to: .halfOpen)
                changed = .halfOpen
                fallthrough
            case .halfOpen:
                guard state.probesInFlight < max(configuration.halfOpenProbes, 1) else {
                    return .rejected(retryAfter: state.cooldown)
                }
                state.probesInFlight += 1
                return .allowed(isProbe: true)
            }
        }
        if let changed { onTransition(name, changed) }
        return permit
    }

    /// Reports how a permitted call ended.
    package func record(_ result: CallResult, permit: Permit) {
        guard case .allowed(let isProbe) = permit else { return }
        let now = self.now()
        let changed: CircuitState? = state.withLock { state in
            if isProbe {
                state.probesInFlight = max(state.probesInFlight - 1, 0)
                guard state.circuit == .halfOpen else { return nil }
                switch result {
                case .success:
                    state.cooldown = configuration.cooldown
                    state.consecutiveFailures = 0
                    state.window.reset()
                    Self.move(&state, to: .closed)
                    return .closed
                case .failure:
                    state.cooldown = min(state.cooldown * configuration.cooldownGrowth, max(configuration.maxCooldown, configuration.cooldown))
                    open(&state, now: now)
                    return .open
                case .ignored:
                    return nil
                }
            }
            // A call let through while closed that ends after the breaker opened says nothing new.
            guard state.circuit == .closed, result != .ignored else { return nil }
            state.window.record(success: result == .success, now: now)
            guard result == .failure else {
                state.consecutiveFailures = 0
                return nil
            }
            state.consecutiveFailures += 1
            guard shouldOpen(state, now: now) else { return nil }
            open(&state, now: now)
            return .open
        }
        if let changed { onTransition(name, changed) }
    }

    private func shouldOpen(_ state: State, now: ContinuousClock.Instant) -> Bool {
        if state.consecutiveFailures >= max(configuration.consecutiveFailures, 1) { return true }
        let (calls, failures) = state.window.totals(now: now)
        return calls >= max(configuration.minimumCalls, 1)
            && Double(failures) >= configuration.failureRateThreshold * Double(calls)
    }

    private func open(_ state: inout State, now: ContinuousClock.Instant) {
        state.openUntil = now.advanced(by: state.cooldown)
        state.consecutiveFailures = 0
        state.window.reset()
        Self.move(&state, to: .open)
    }

    private static func move(_ state: inout State, to circuit: CircuitState) {
        guard state.circuit != circuit else { return }
        state.circuit = circuit
        state.transitions += 1
    }
}
