import Foundation
import Synchronization

/// A request-count limit over a rolling time window, per credential: at most `limit` requests
/// were accepted in any `window`. HubSpot's ten-second burst limit and its search limit work so.
final class RollingWindowLimits: Sendable {
    struct Policy: Sendable {
        var limit: Int
        var window: Duration
    }

    enum Decision: Equatable {
        /// Accepted; `remaining` more fit in the window now.
        case granted(remaining: Int)
        case refused
    }

    private struct State {
        var policy: Policy
        var accepted: [String: [ContinuousClock.Instant]] = [:]
    }

    private let state: Mutex<State>

    init(policy: Policy) {
        state = Mutex(State(policy: policy))
    }

    var policy: Policy { state.withLock { $0.policy } }

    /// Counts a request for `key` if the window has room.
    func acquire(_ key: String) -> Decision {
        let now = ContinuousClock.now
        return state.withLock { state in
            let policy = state.policy
            var times = state.accepted[key, default: []]
            times.removeAll { now - $0 >= policy.window }
            defer { state.accepted[key] = times }
            guard times.count < policy.limit else { return .refused }
            times.append(now)
            return .granted(remaining: policy.limit - times.count)
        }
    }

    /// How many more requests `key` may make now.
    func remaining(_ key: String) -> Int {
        let now = ContinuousClock.now
        return state.withLock { state in
            let policy = state.policy
            let live = state.accepted[key, default: []].filter { now - $0 < policy.window }
            return max(0, policy.limit - live.count)
        }
    }

    /// Replaces the policy and forgets past requests (tests use it to shorten windows).
    func reset(policy: Policy? = nil) {
        state.withLock { state in
            if let policy { state.policy = policy }
            state.accepted = [:]
        }
    }
}

/// A per-credential request cap that resets at midnight UTC (HubSpot's daily limit resets at
/// midnight in the account's time zone; the sandbox account is on UTC).
final class DailyLimits: Sendable {
    private struct State {
        var limit: Int
        var day = 0
        var used: [String: Int] = [:]
    }

    private let state: Mutex<State>

    init(limit: Int) {
        state = Mutex(State(limit: limit))
    }

    var limit: Int { state.withLock { $0.limit } }

    private static func today() -> Int {
        Int(Date().timeIntervalSince1970) / 86_400
    }

    /// Counts a request; nil when the day's cap is reached, else the requests left today.
    func acquire(_ key: String) -> Int? {
        let day = Self.today()
        return state.withLock { state in
            if state.day != day {
                state.day = day
                state.used = [:]
            }
            let used = state.used[key, default: 0]
            guard used < state.limit else { return nil }
            state.used[key] = used + 1
            return state.limit - used - 1
        }
    }

    func remaining(_ key: String) -> Int {
        let day = Self.today()
        return state.withLock { state in
            if state.day != day { return state.limit }
            return max(0, state.limit - state.used[key, default: 0])
        }
    }

    func reset(limit: Int? = nil) {
        state.withLock { state in
            if let limit { state.limit = limit }
            state.used = [:]
        }
    }
}
