import Foundation
import Testing

@testable import Upstream

/// Retries, back-off and throttling waits over loopback: the server records when each attempt
/// arrived, so the waits are measured where they happen.
@Suite("RetryingTransport over loopback")
struct RetryingTransportTests {
    private static func gap(_ instants: [ContinuousClock.Instant]) -> Duration? {
        instants.count >= 2 ? instants[1] - instants[0] : nil
    }

    @Test func retryAfterInSecondsIsHonoured() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                server.scripts.set("limited", [.status(429, headers: [("Retry-After", "1")]), .ok()])
                let retrying = RetryingTransport(wrapping: client, counters: client.counters)
                let response = try await retrying.execute(UpstreamRequest(url: server.url("/script/limited"), timeout: .seconds(30)))
                #expect(response.status == 200)
                #expect(response.attempts == 2)
                #expect(response.throttle == nil)
                let gap = try #require(Self.gap(server.scripts.callInstants("limited")))
                #expect(gap >= .milliseconds(990))
                #expect(gap < .seconds(10))
                let counts = client.counters.counts(for: "http://127.0.0.1:\(server.port)")
                #expect(counts.retries == 1)
                #expect(counts.throttled == 1)
                #expect(counts.throttleWaits == 1)
                #expect(counts.throttleWaitTime == .seconds(1))
                #expect(counts.requests == 2)
                #expect(counts.responsesByStatusClass == [4: 1, 2: 1])
            }
        }
    }

    @Test func fractionalRetryAfterIsHonoured() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                server.scripts.set("limited", [.status(429, headers: [("Retry-After", "0.5")]), .ok()])
                let response = try await RetryingTransport(wrapping: client).execute(
                    UpstreamRequest(url: server.url("/script/limited"), timeout: .seconds(60)))
                #expect(response.status == 200)
                let gap = try #require(Self.gap(server.scripts.callInstants("limited")))
                #expect(gap >= .milliseconds(490))
                #expect(gap < .seconds(10))
            }
        }
    }

    @Test func retryAfterAsAnHTTPDateIsHonoured() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                // The date names a whole second three seconds ahead of the wall clock, so the
                // wait is between two and three seconds, less the first attempt's time.
                let target = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down) + 3)
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = TimeZone(identifier: "GMT")
                formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
                server.scripts.set("busy", [.status(503, headers: [("Retry-After", formatter.string(from: target))]), .ok()])
                let response = try await RetryingTransport(wrapping: client).execute(
                    UpstreamRequest(url: server.url("/script/busy"), timeout: .seconds(30)))
                #expect(response.status == 200)
                // How long is left of the three seconds depends on how slow the first attempt was
                // on a loaded machine; that the client waited, and not for long, is what counts.
                let gap = try #require(Self.gap(server.scripts.callInstants("busy")))
                #expect(gap >= .milliseconds(500))
                #expect(gap < .seconds(10))
            }
        }
    }

    @Test func shopifyThrottledWaitsWhenTheRefillFitsTheDeadline() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                // (150 − 100) / 100 = 0.5 s to refill.
                server.scripts.set("graphql", [.ok(shopifyThrottledBody(requested: 150, available: 100, restoreRate: 100)), .ok(#"{"data":{}}"#)])
                var request = UpstreamRequest(
                    method: "POST", url: server.url("/script/graphql"), body: Array(#"{"query":"{shop{name}}"}"#.utf8), timeout: .seconds(30))
                request.isIdempotent = true  // a GraphQL query, not a mutation
                let response = try await RetryingTransport(wrapping: client).execute(request)
                #expect(response.text == #"{"data":{}}"#)
                #expect(response.attempts == 2)
                let gap = try #require(Self.gap(server.scripts.callInstants("graphql")))
                #expect(gap >= .milliseconds(490))
                #expect(gap < .seconds(10))
            }
        }
    }

    @Test func shopifyThrottledFailsFastWhenTheRefillDoesNotFit() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                // (1000 − 0) / 5 = 200 s to refill, with 20 s left.
                server.scripts.set("graphql", [.ok(shopifyThrottledBody(requested: 1000, available: 0, restoreRate: 5))])
                func request() -> UpstreamRequest {
                    UpstreamRequest(
                        method: "POST", url: server.url("/script/graphql"), body: Array("{}".utf8),
                        deadline: .now + .seconds(20), isIdempotent: true)
                }
                let outcome = await RetryingTransport(wrapping: client).perform(request())
                #expect(outcome.attempts == 1)
                // Too long for the policy's longest throttling wait, and for the deadline.
                #expect(outcome.ending == .throttleWaitTooLong || outcome.ending == .deadline)
                #expect(outcome.gaveUpThrottled)
                #expect(outcome.suggestedRetryAfter == .seconds(200))
                #expect(outcome.waited == .zero)
                let response = try await RetryingTransport(wrapping: client).execute(request())
                #expect(response.status == 200)  // the caller's classification still sees THROTTLED
                #expect(response.text.contains("THROTTLED"))
                #expect(response.throttle?.wait == .seconds(200))
                #expect(response.throttle?.convention == .shopifyGraphQLCost)
                #expect(server.scripts.hits("graphql") == 2)
            }
        }
    }

    @Test func hubSpotDailyLimitIsNotRetried() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                let daily = #"{"status":"error","message":"daily limit","errorType":"RATE_LIMIT","policyName":"DAILY"}"#
                server.scripts.set("search", [.status(429, body: daily), .ok()])
                let request = UpstreamRequest(method: "POST", url: server.url("/script/search"), body: Array("{}".utf8), isIdempotent: true)
                let outcome = await RetryingTransport(wrapping: client).perform(request)
                #expect(outcome.ending == .notRetryable)
                #expect(outcome.attempts == 1)
                #expect(outcome.throttle?.isRetryable == false)
                #expect((try? outcome.result.get())?.status == 429)
                #expect(server.scripts.hits("search") == 1)
            }
        }
    }

    @Test func hubSpotSecondlyLimitIsRetriedAfterAShortWait() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                let body = #"{"status":"error","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING"}"#
                server.scripts.set("search", [.status(429, headers: [("X-HubSpot-RateLimit-Interval-Milliseconds", "300")], body: body), .ok()])
                let request = UpstreamRequest(
                    method: "POST", url: server.url("/script/search"), body: Array("{}".utf8), timeout: .seconds(60), isIdempotent: true)
                let response = try await RetryingTransport(wrapping: client).execute(request)
                #expect(response.status == 200)
                let gap = try #require(Self.gap(server.scripts.callInstants("search")))
                #expect(gap >= .milliseconds(290))
            }
        }
    }

    @Test func postIsNotRetriedUnlessMarkedIdempotent() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                let fast = RetryPolicy(backoff: Backoff(initial: .milliseconds(20), maximum: .milliseconds(50)))
                let retrying = RetryingTransport(wrapping: client, policy: fast)
                server.scripts.set("mutation", [.status(503), .ok()])
                let mutation = UpstreamRequest(method: "POST", url: server.url("/script/mutation"), body: Array("{}".utf8))
                let outcome = await retrying.perform(mutation)
                #expect(outcome.ending == .notIdempotent)
                #expect((try? outcome.result.get())?.status == 503)
                #expect(server.scripts.hits("mutation") == 1)

                server.scripts.set("query", [.status(503), .status(502), .ok()])
                var query = UpstreamRequest(method: "POST", url: server.url("/script/query"), body: Array("{}".utf8))
                query.isIdempotent = true
                let response = try await retrying.execute(query)
                #expect(response.status == 200)
                #expect(response.attempts == 3)
                #expect(server.scripts.hits("query") == 3)
            }
        }
    }

    @Test func connectFailuresAreRetriedWithSeededJitterThenReported() async throws {
        try await withRefusingPort { port in
            try await withClient { client in
                let policy = RetryPolicy(maxAttempts: 4, backoff: Backoff(initial: .milliseconds(40), maximum: .milliseconds(200)))
                let outcome = await RetryingTransport(wrapping: client, policy: policy, seed: 7)
                    .perform(UpstreamRequest(url: "http://127.0.0.1:\(port)/x", timeout: .seconds(60)))
                #expect(outcome.attempts == 4)
                #expect(outcome.ending == .attemptsExhausted)
                guard case .failure(.connectFailed) = outcome.result else {
                    Issue.record("expected connectFailed, got \(outcome.result)")
                    return
                }
                // The waits are exactly the seeded draws.
                var random = SeededRandom(seed: 7)
                let expected = (1...3).reduce(Duration.zero) { $0 + policy.backoff.delay(beforeRetry: $1, using: &random) }
                #expect(outcome.waited == expected)
            }
        }
    }

    /// A back-off longer than the time left is never slept: one attempt, no wait, and the call
    /// ends (on the test's own clock) before the back-off could have run out.
    @Test func neverSleepsPastTheDeadline() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                server.scripts.set("down", [.status(502)])
                // Far above the 800 ms deadline, so a loaded machine cannot blur the two.
                let backoff = Duration.seconds(20)
                let policy = RetryPolicy(backoff: Backoff(initial: backoff, maximum: backoff))
                let started = ContinuousClock.now
                let transport = RetryingTransport(wrapping: client, policy: policy, seed: 1)
                let request = UpstreamRequest(url: server.url("/script/down"), deadline: .now + .milliseconds(800))
                // Given up on after the back-off: a transport that sleeps it would be cancelled here.
                let outcome = await withTaskGroup(of: RetryOutcome?.self) { group in
                    group.addTask { await transport.perform(request) }
                    group.addTask {
                        try? await Task.sleep(for: backoff)
                        return nil
                    }
                    let first = await group.next() ?? nil
                    group.cancelAll()
                    return first
                }
                let elapsed = ContinuousClock.now - started
                let finished = try #require(outcome, "still running after the \(backoff) back-off")
                #expect(elapsed < backoff)
                // The 502, or, on a loaded machine, the one attempt running out of the 800 ms.
                switch finished.result {
                case .success(let response): #expect(response.status == 502)
                case .failure(let error): #expect(error == .timedOut(after: .milliseconds(800)) || "\(error)".contains("did not answer"))
                }
                #expect(finished.ending == .deadline)
                #expect(finished.attempts == 1)
                #expect(finished.waited == .zero)
            }
        }
    }

    @Test func timedOutAttemptIsRetriedWhileTimeRemains() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                server.scripts.set("sluggish", [ScriptedResponse(body: "late", delay: .seconds(30)), .ok("quick")])
                // 5 s per attempt: the whole suite starting at once on two cores once kept four 1 s
                // attempts at a quick answer from finishing.
                let policy = RetryPolicy(backoff: Backoff(initial: .milliseconds(10), maximum: .milliseconds(20)), attemptTimeout: .seconds(5))
                let started = ContinuousClock.now
                let response = try await RetryingTransport(wrapping: client, policy: policy)
                    .execute(UpstreamRequest(url: server.url("/script/sluggish"), timeout: .seconds(60)))
                #expect(response.text == "quick")
                #expect(response.attempts >= 2)  // the first attempt timed out after 5 s
                #expect(ContinuousClock.now - started < .seconds(30))  // never waited for the late answer
            }
        }
    }

    @Test func errorsThatRetryingCannotFixAreNotRetried() async throws {
        try await withClient(CurlClientConfiguration(maxResponseBytes: 10)) { client in
            let outcome = await RetryingTransport(wrapping: client).perform(UpstreamRequest(url: "ftp://127.0.0.1/"))
            #expect(outcome.attempts == 1)
            #expect(outcome.ending == .notRetryable)
        }
    }
}
