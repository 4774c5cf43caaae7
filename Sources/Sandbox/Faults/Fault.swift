/// A misbehaviour the sandbox can put in place of (or on top of) a simulator's answer, so tests
/// can watch a client cope with what real upstreams do on a bad day.
package enum Fault: Sendable, Equatable {
    /// Waits this long, then answers normally.
    case latency(milliseconds: Int)
    /// Answers with this status and body instead of the simulator (a 5xx, usually).
    case status(Int, body: String, contentType: String = "application/json; charset=utf-8")
    /// Answers 429 with a `Retry-After` header (or none) and a body; nil picks the simulator's
    /// own rate-limit body.
    case tooManyRequests(retryAfter: RetryAfter?, body: String? = nil)
    /// Shopify GraphQL's throttled answer: HTTP 200, `errors[0].extensions.code = THROTTLED`, no data.
    case shopifyThrottled
    /// The simulator's answer with its body cut in the middle, so it is not valid JSON.
    case malformedJSON
    /// Closes the connection without answering.
    case dropConnection
    /// The simulator's answer, its body sent `chunkBytes` at a time with a pause between chunks.
    case slowBody(chunkBytes: Int, pauseMilliseconds: Int)
    /// A valid JSON body of about `megabytes` MiB, streamed; with `announcesLength` it carries a
    /// `Content-Length` header, otherwise it is chunked.
    case hugeBody(megabytes: Int, announcesLength: Bool = false)

    /// The name used by the admin endpoint (`kind` in JSON).
    package var kind: String {
        switch self {
        case .latency: "latency"
        case .status: "status"
        case .tooManyRequests: "tooManyRequests"
        case .shopifyThrottled: "shopifyThrottled"
        case .malformedJSON: "malformedJSON"
        case .dropConnection: "dropConnection"
        case .slowBody: "slowBody"
        case .hugeBody: "hugeBody"
        }
    }
}

/// The two forms of `Retry-After` (RFC 9110 §10.2.3).
package enum RetryAfter: Sendable, Equatable {
    /// Delay in seconds: `Retry-After: 3`.
    case seconds(Int)
    /// An HTTP-date that many seconds from when the answer is sent:
    /// `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`.
    case httpDate(secondsFromNow: Int)
    /// The header value exactly as given (`2.0`, as Shopify REST sends it, or something invalid).
    case raw(String)
}

/// Which requests a fault rule applies to: every condition given must hold.
package struct FaultTarget: Sendable, Equatable {
    package var simulator: SimulatorKind?
    /// Compared with the request path (without the query string).
    package var pathPrefix: String?
    /// Uppercase HTTP method.
    package var method: String?

    package init(simulator: SimulatorKind? = nil, pathPrefix: String? = nil, method: String? = nil) {
        self.simulator = simulator
        self.pathPrefix = pathPrefix
        self.method = method?.uppercased()
    }

    /// Every request to a simulator (admin requests are never faulted).
    package static let everything = FaultTarget()

    package static func simulator(_ kind: SimulatorKind) -> FaultTarget { FaultTarget(simulator: kind) }

    package static func pathPrefix(_ prefix: String) -> FaultTarget { FaultTarget(pathPrefix: prefix) }

    func matches(simulator kind: SimulatorKind?, path: String, method requestMethod: String) -> Bool {
        if let simulator, simulator != kind { return false }
        if let pathPrefix, !path.hasPrefix(pathPrefix) { return false }
        if let method, method != requestMethod { return false }
        return true
    }
}

/// When a matching request gets the fault.
package enum FaultTrigger: Sendable, Equatable {
    /// The next `count` matching requests, then the rule is spent.
    case next(Int)
    /// Each matching request with this probability, drawn from a generator seeded with `seed`
    /// (the same seed gives the same sequence of hits and misses).
    case probability(Double, seed: UInt64)
}

/// A fault rule as it stands now.
package struct FaultRuleStatus: Sendable, Equatable {
    package var id: Int
    package var fault: Fault
    package var target: FaultTarget
    package var trigger: FaultTrigger
    /// For `.next` rules, how many more requests will get the fault.
    package var remaining: Int?
    /// How many requests got it so far.
    package var applied: Int
}
