/// HubSpot's limits for one private app: a rolling burst window for most endpoints, a stricter
/// window for search, and a daily cap. Answers carry `X-HubSpot-RateLimit-*` headers; search
/// answers carry only the daily ones (the burst headers describe a window search does not use).
final class HubSpotRateLimits: Sendable {
    enum Decision {
        case granted(headers: [(String, String)])
        case refused(policy: String, headers: [(String, String)])
    }

    let burst: RollingWindowLimits
    let search: RollingWindowLimits
    let daily: DailyLimits

    init(configuration: HubSpotSimulatorConfiguration) {
        burst = RollingWindowLimits(policy: .init(limit: configuration.burstLimit, window: configuration.burstWindow))
        search = RollingWindowLimits(policy: .init(limit: configuration.searchLimit, window: configuration.searchWindow))
        daily = DailyLimits(limit: configuration.dailyLimit)
    }

    private func dailyHeaders(remaining: Int) -> [(String, String)] {
        [("X-HubSpot-RateLimit-Daily", String(daily.limit)), ("X-HubSpot-RateLimit-Daily-Remaining", String(remaining))]
    }

    private func burstHeaders(remaining: Int) -> [(String, String)] {
        let policy = burst.policy
        let milliseconds = policy.window.components.seconds * 1000 + policy.window.components.attoseconds / 1_000_000_000_000_000
        return [
            ("X-HubSpot-RateLimit-Interval-Milliseconds", String(milliseconds)),
            ("X-HubSpot-RateLimit-Max", String(policy.limit)), ("X-HubSpot-RateLimit-Remaining", String(remaining)),
        ]
    }

    /// Counts one request of `token`; `isSearch` selects the search window.
    func admit(token: String, isSearch: Bool) -> Decision {
        let dailyRemaining = daily.remaining(token)
        guard dailyRemaining > 0 else {
            let headers = dailyHeaders(remaining: 0) + (isSearch ? [] : burstHeaders(remaining: burst.remaining(token)))
            return .refused(policy: "DAILY", headers: headers)
        }
        let window = isSearch ? search : burst
        switch window.acquire(token) {
        case .refused:
            let headers = dailyHeaders(remaining: dailyRemaining) + (isSearch ? [] : burstHeaders(remaining: 0))
            return .refused(policy: isSearch ? "SECONDLY" : "TEN_SECONDLY_ROLLING", headers: headers)
        case .granted(let remaining):
            let left = daily.acquire(token) ?? 0
            return .granted(headers: dailyHeaders(remaining: left) + (isSearch ? [] : burstHeaders(remaining: remaining)))
        }
    }
}
