import Synchronization

/// The faults in force, shared by the server and the tests (and set over HTTP through
/// `/_sandbox/faults`). Rules are tried in the order they were added; the first matching rule
/// that fires decides the request's fault.
package final class FaultPlan: Sendable {
    private struct Rule {
        let id: Int
        let fault: Fault
        let target: FaultTarget
        let trigger: FaultTrigger
        var remaining: Int?
        var applied = 0
        var random: SeededGenerator?
    }

    private struct State {
        var rules: [Rule] = []
        var nextID = 1
        var injected = 0
    }

    private let state = Mutex(State())

    package init() {}

    /// Adds a rule and returns its id.
    @discardableResult
    package func add(_ fault: Fault, to target: FaultTarget = .everything, trigger: FaultTrigger = .next(1)) -> Int {
        state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            var rule = Rule(id: id, fault: fault, target: target, trigger: trigger)
            switch trigger {
            case .next(let count): rule.remaining = max(0, count)
            case .probability(_, let seed): rule.random = SeededGenerator(seed: seed)
            }
            state.rules.append(rule)
            return id
        }
    }

    /// Removes one rule; false when no rule has this id.
    @discardableResult
    package func remove(id: Int) -> Bool {
        state.withLock { state in
            let before = state.rules.count
            state.rules.removeAll { $0.id == id }
            return state.rules.count != before
        }
    }

    /// Removes every rule (the count of injected faults is kept).
    package func clear() {
        state.withLock { $0.rules = [] }
    }

    /// The rules still in force, in the order they are tried.
    package var rules: [FaultRuleStatus] {
        state.withLock { state in
            state.rules.map {
                FaultRuleStatus(id: $0.id, fault: $0.fault, target: $0.target, trigger: $0.trigger, remaining: $0.remaining, applied: $0.applied)
            }
        }
    }

    /// Faults injected since the server started.
    package var injectedCount: Int { state.withLock { $0.injected } }

    /// The fault for one request, if a rule fires; spent `.next` rules are removed.
    func draw(simulator: SimulatorKind?, path: String, method: String) -> Fault? {
        state.withLock { state in
            for index in state.rules.indices {
                guard state.rules[index].target.matches(simulator: simulator, path: path, method: method) else { continue }
                let fires: Bool
                switch state.rules[index].trigger {
                case .next:
                    fires = (state.rules[index].remaining ?? 0) > 0
                    if fires { state.rules[index].remaining? -= 1 }
                case .probability(let probability, _):
                    fires = state.rules[index].random?.chance(probability) ?? false
                }
                guard fires else { continue }
                state.rules[index].applied += 1
                state.injected += 1
                let fault = state.rules[index].fault
                if state.rules[index].remaining == 0 { state.rules.remove(at: index) }
                return fault
            }
            return nil
        }
    }
}
