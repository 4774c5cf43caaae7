import Foundation

/// A sign, read from a response, that an upstream is rate-limiting the caller, and how long to
/// wait before trying again.
///
/// One recogniser per upstream convention (``retryAfter(_:now:)``, ``shopifyGraphQL(_:)``,
/// ``hubSpot(_:now:burstWait:)``); ``recognise(_:now:)`` tries them all. A new convention is one
/// more function of the ``Recogniser`` shape.
package struct ThrottleSignal: Sendable, Hashable {
    /// Which convention the signal follows.
    package enum Convention: String, Sendable, Hashable {
        /// A 429 or 503 with a `Retry-After` field (delta-seconds or HTTP-date).
        case retryAfter
        /// Shopify GraphQL: HTTP 200 with `errors[].extensions.code == "THROTTLED"`.
        case shopifyGraphQLCost
        /// HubSpot: 429 with a `policyName` in the JSON body.
        case hubSpot
        /// A 429 that says nothing about when to come back.
        case unspecified
    }

    /// Which convention the signal follows.
    package var convention: Convention
    /// How long to wait before a retry may succeed; nil when the response does not say (then a
    /// retrying caller backs off exponentially).
    package var wait: Duration?
    /// False when waiting within one call cannot help (a daily quota): fail fast.
    package var isRetryable: Bool
    /// What the upstream said, for logs: the policy name, the bucket figures…
    package var detail: String

    /// A signal, for recognisers of further conventions.
    package init(convention: Convention, wait: Duration?, isRetryable: Bool, detail: String) {
        self.convention = convention
        self.wait = wait
        self.isRetryable = isRetryable
        self.detail = detail
    }

    /// A function that recognises one convention in a response; `now` is the wall clock, for
    /// HTTP-dates.
    package typealias Recogniser = @Sendable (_ response: UpstreamResponse, _ now: Date) -> ThrottleSignal?

    /// The recognisers ``recognise(_:now:)`` tries, most specific first.
    package static let standardRecognisers: [Recogniser] = [
        { response, _ in shopifyGraphQL(response) },
        { response, now in hubSpot(response, now: now) },
        { response, now in retryAfter(response, now: now) },
        { response, _ in unspecified429(response) },
    ]

    /// The first signal any standard recogniser finds in `response`.
    package static func recognise(_ response: UpstreamResponse, now: Date = Date()) -> ThrottleSignal? {
        for recogniser in standardRecognisers {
            if let signal = recogniser(response, now) { return signal }
        }
        return nil
    }

    // MARK: Conventions

    /// A 429 or 503 carrying `Retry-After` as delta-seconds (`120`, or fractional as Shopify REST
    /// sends `2.0`) or as an HTTP-date.
    package static func retryAfter(_ response: UpstreamResponse, now: Date = Date()) -> ThrottleSignal? {
        guard response.status == 429 || response.status == 503,
            let field = response.header("Retry-After"),
            let wait = parseRetryAfter(field, now: now)
        else { return nil }
        return ThrottleSignal(convention: .retryAfter, wait: wait, isRetryable: true, detail: "HTTP \(response.status), Retry-After: \(field)")
    }

    /// Shopify's GraphQL throttling: HTTP 200, `errors[].extensions.code == "THROTTLED"`, and the
    /// bucket in `extensions.cost`. The wait is the time the bucket needs to refill enough for
    /// the query: `(requestedQueryCost − currentlyAvailable) / restoreRate` seconds.
    package static func shopifyGraphQL(_ response: UpstreamResponse) -> ThrottleSignal? {
        // A throttled answer is small and carries no data; look no further into anything else.
        guard response.status == 200, response.body.count <= 64 << 10,
            contains(response.body, "THROTTLED"),
            let root = jsonObject(response.body),
            let errors = root["errors"] as? [Any],
            errors.contains(where: { (($0 as? [String: Any])?["extensions"] as? [String: Any])?["code"] as? String == "THROTTLED" })
        else { return nil }
        let cost = (root["extensions"] as? [String: Any])?["cost"] as? [String: Any]
        let bucket = cost?["throttleStatus"] as? [String: Any]
        let requested = number(cost?["requestedQueryCost"])
        let available = number(bucket?["currentlyAvailable"])
        let restoreRate = number(bucket?["restoreRate"])
        guard let requested, let available, let restoreRate, restoreRate > 0 else {
            return ThrottleSignal(convention: .shopifyGraphQLCost, wait: nil, isRetryable: true, detail: "THROTTLED without bucket figures")
        }
        let seconds = max(requested - available, 0) / restoreRate
        return ThrottleSignal(
            convention: .shopifyGraphQLCost, wait: duration(seconds: seconds), isRetryable: true,
            detail: "THROTTLED: query cost \(requested), available \(available), restore rate \(restoreRate)/s")
    }

    /// HubSpot's 429 with `policyName`: `DAILY` cannot be waited out within a call (fail fast);
    /// `SECONDLY` and `TEN_SECONDLY_ROLLING` wait for `Retry-After` when sent, else one second for
    /// `SECONDLY` and `burstWait` (capped by `X-HubSpot-RateLimit-Interval-Milliseconds`) for the
    /// rolling window, whose next free slot the headers do not tell.
    package static func hubSpot(_ response: UpstreamResponse, now: Date = Date(), burstWait: Duration = .seconds(1)) -> ThrottleSignal? {
        guard response.status == 429, response.body.count <= 64 << 10,
            contains(response.body, "policyName"),
            let root = jsonObject(response.body),
            let policy = root["policyName"] as? String
        else { return nil }
        if policy == "DAILY" {
            return ThrottleSignal(convention: .hubSpot, wait: nil, isRetryable: false, detail: "HubSpot daily limit reached")
        }
        let wait: Duration
        if let field = response.header("Retry-After"), let announced = parseRetryAfter(field, now: now) {
            wait = announced
        } else if policy == "SECONDLY" {
            wait = .seconds(1)
        } else if let interval = response.header("X-HubSpot-RateLimit-Interval-Milliseconds").flatMap(Int.init), interval > 0 {
            wait = min(burstWait, .milliseconds(interval))
        } else {
            wait = burstWait
        }
        return ThrottleSignal(convention: .hubSpot, wait: wait, isRetryable: true, detail: "HubSpot \(policy) limit reached")
    }

    /// Any other 429: throttled, with no hint of when to come back.
    package static func unspecified429(_ response: UpstreamResponse) -> ThrottleSignal? {
        guard response.status == 429 else { return nil }
        return ThrottleSignal(convention: .unspecified, wait: nil, isRetryable: true, detail: "HTTP 429 without Retry-After")
    }

    // MARK: Parsing

    /// A `Retry-After` value as a duration from `now`: delta-seconds (fractions allowed) or an
    /// HTTP-date (a date in the past means "now"). Nil when it is neither.
    package static func parseRetryAfter(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let first = trimmed.utf8.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) || first == UInt8(ascii: ".") {
            guard let seconds = Double(trimmed), seconds.isFinite, seconds >= 0 else { return nil }
            return duration(seconds: seconds)
        }
        guard let date = HTTPDate.secondsSince1970(trimmed) else { return nil }
        return duration(seconds: max(Double(date) - now.timeIntervalSince1970, 0))
    }

    /// Whole milliseconds, at most a day: a bigger wait is no different from "not now".
    private static func duration(seconds: Double) -> Duration {
        .milliseconds(Int64((min(seconds, 86_400) * 1000).rounded(.up)))
    }

    private static func number(_ value: Any?) -> Double? {
        switch value {
        case let number as NSNumber: number.doubleValue
        case let text as String: Double(text)
        default: nil
        }
    }

    private static func jsonObject(_ bytes: [UInt8]) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
    }

    /// Whether `needle` occurs in `bytes`. It runs over every answer's body, so candidates are
    /// found with libc's memchr (vectorized) and checked with memcmp.
    private static func contains(_ bytes: [UInt8], _ needle: StaticString) -> Bool {
        let length = needle.utf8CodeUnitCount
        guard length > 0, bytes.count >= length else { return false }
        return bytes.withUnsafeBytes { haystack in
            guard let base = haystack.baseAddress else { return false }
            var offset = 0
            while offset <= haystack.count - length {
                guard let candidate = memchr(base + offset, Int32(needle.utf8Start.pointee), haystack.count - length - offset + 1) else {
                    return false
                }
                if memcmp(candidate, needle.utf8Start, length) == 0 { return true }
                offset = base.distance(to: UnsafeRawPointer(candidate)) + 1
            }
            return false
        }
    }
}
