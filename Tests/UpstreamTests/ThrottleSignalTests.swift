import Foundation
import Testing

@testable import Upstream

private func response(_ status: Int, headers: [(String, String)] = [], body: String = "") -> UpstreamResponse {
    UpstreamResponse(
        status: status, headers: headers.map { HTTPHeader(name: $0.0, value: $0.1) }, body: Array(body.utf8),
        timing: UpstreamTiming(total: .zero, connect: .zero, timeToFirstByte: .zero, connectionReused: false))
}

/// 1994-11-06T08:49:37Z, the date of RFC 9110's examples.
private let exampleInstant = Date(timeIntervalSince1970: 784_111_777)

/// A Shopify GraphQL throttled answer, as the Admin API sends it.
func shopifyThrottledBody(requested: Int, available: Int, restoreRate: Double) -> String {
    #"{"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED","documentation":"https://shopify.dev/api/usage/rate-limits"}}],"#
        + #""extensions":{"cost":{"requestedQueryCost":\#(requested),"actualQueryCost":null,"#
        + #""throttleStatus":{"maximumAvailable":2000.0,"currentlyAvailable":\#(available),"restoreRate":\#(restoreRate)}}}}"#
}

@Suite("ThrottleSignal")
struct ThrottleSignalTests {
    @Test(arguments: [
        ("120", Duration.seconds(120)), ("2.0", .seconds(2)), ("0.25", .milliseconds(250)), ("0", .zero),
        ("  3 ", .seconds(3)),
        ("Sun, 06 Nov 1994 08:49:47 GMT", .seconds(10)),  // IMF-fixdate
        ("Sunday, 06-Nov-94 08:50:37 GMT", .seconds(60)),  // RFC 850
        ("Sun Nov  6 08:49:39 1994", .seconds(2)),  // asctime
        ("Sun, 06 Nov 1994 08:00:00 GMT", .zero),  // in the past: now
    ])
    func retryAfterFormsAreParsed(value: String, expected: Duration) {
        #expect(ThrottleSignal.parseRetryAfter(value, now: exampleInstant) == expected)
    }

    @Test(arguments: ["soon", "-5", "", "Sun, 32 Nov 1994 08:49:37 GMT", "1e400", "Sun, 06 Foo 1994 08:49:37 GMT"])
    func malformedRetryAfterIsIgnored(value: String) {
        #expect(ThrottleSignal.parseRetryAfter(value, now: exampleInstant) == nil)
    }

    @Test func retryAfterCountsOnlyOn429And503() {
        let throttled = ThrottleSignal.retryAfter(response(429, headers: [("Retry-After", "2.0")]), now: exampleInstant)
        #expect(throttled?.wait == .seconds(2))
        #expect(throttled?.convention == .retryAfter)
        #expect(ThrottleSignal.retryAfter(response(503, headers: [("retry-after", "1")]), now: exampleInstant)?.wait == .seconds(1))
        #expect(ThrottleSignal.retryAfter(response(500, headers: [("Retry-After", "1")]), now: exampleInstant) == nil)
        #expect(ThrottleSignal.retryAfter(response(301, headers: [("Retry-After", "1")]), now: exampleInstant) == nil)
    }

    @Test func shopifyThrottledWaitsForTheBucketToRefill() throws {
        let signal = try #require(
            ThrottleSignal.shopifyGraphQL(response(200, body: shopifyThrottledBody(requested: 752, available: 12, restoreRate: 50))))
        #expect(signal.convention == .shopifyGraphQLCost)
        #expect(signal.wait == .milliseconds(14_800))  // (752 − 12) / 50 s
        #expect(signal.isRetryable)
    }

    @Test func shopifyThrottledWithoutFiguresHasNoWait() throws {
        let body = #"{"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED"}}]}"#
        let signal = try #require(ThrottleSignal.shopifyGraphQL(response(200, body: body)))
        #expect(signal.wait == nil)
        #expect(signal.isRetryable)
    }

    @Test func ordinaryGraphQLAnswersAreNotThrottling() {
        let data = #"{"data":{"products":{"nodes":[{"title":"THROTTLED edition"}]}}}"#
        #expect(ThrottleSignal.shopifyGraphQL(response(200, body: data)) == nil)
        let otherError = #"{"errors":[{"message":"Query cost exceeded","extensions":{"code":"MAX_COST_EXCEEDED"}}],"note":"THROTTLED"}"#
        #expect(ThrottleSignal.shopifyGraphQL(response(200, body: otherError)) == nil)
        #expect(ThrottleSignal.shopifyGraphQL(response(200, body: "THROTTLED but not JSON")) == nil)
        #expect(ThrottleSignal.recognise(response(200, body: data)) == nil)
    }

    @Test func hubSpotDailyLimitFailsFast() throws {
        let body = #"{"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","policyName":"DAILY"}"#
        let signal = try #require(ThrottleSignal.hubSpot(response(429, body: body)))
        #expect(!signal.isRetryable)
        #expect(signal.wait == nil)
        #expect(ThrottleSignal.recognise(response(429, body: body)) == signal)
    }

    @Test func hubSpotShortWindowsWaitBriefly() throws {
        func body(_ policy: String) -> String { #"{"status":"error","errorType":"RATE_LIMIT","policyName":"\#(policy)"}"# }
        let secondly = try #require(ThrottleSignal.hubSpot(response(429, body: body("SECONDLY"))))
        #expect(secondly.wait == .seconds(1))
        let rolling = try #require(
            ThrottleSignal.hubSpot(
                response(429, headers: [("X-HubSpot-RateLimit-Interval-Milliseconds", "400")], body: body("TEN_SECONDLY_ROLLING"))))
        #expect(rolling.wait == .milliseconds(400))
        let announced = try #require(ThrottleSignal.hubSpot(response(429, headers: [("Retry-After", "3")], body: body("TEN_SECONDLY_ROLLING"))))
        #expect(announced.wait == .seconds(3))
        #expect(rolling.isRetryable && secondly.isRetryable)
    }

    @Test func bare429IsThrottlingWithoutAWait() throws {
        let signal = try #require(ThrottleSignal.recognise(response(429, body: "Too many")))
        #expect(signal.convention == .unspecified)
        #expect(signal.wait == nil)
        #expect(ThrottleSignal.recognise(response(404)) == nil)
        #expect(ThrottleSignal.recognise(response(503)) == nil)
    }
}

@Suite("Backoff")
struct BackoffTests {
    @Test func ceilingsDoubleUpToTheMaximum() {
        let backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1))
        #expect(
            (1...6).map { backoff.ceiling(beforeRetry: $0) } == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1),
            ])
        #expect(backoff.ceiling(beforeRetry: 1000) == .seconds(1))
    }

    @Test func jitterStaysUnderTheCeilingAndReplaysFromASeed() {
        let backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(2))
        var first = SeededRandom(seed: 42)
        var second = SeededRandom(seed: 42)
        let delays = (1...50).map { backoff.delay(beforeRetry: $0 % 6 + 1, using: &first) }
        let replayed = (1...50).map { backoff.delay(beforeRetry: $0 % 6 + 1, using: &second) }
        #expect(delays == replayed)
        #expect(zip(delays, (1...50).map { backoff.ceiling(beforeRetry: $0 % 6 + 1) }).allSatisfy { $0 >= .zero && $0 < $1 })
        #expect(Set(delays).count > 40)  // really random
    }
}

@Suite("UpstreamOrigin")
struct UpstreamOriginTests {
    @Test(arguments: [
        ("https://Shop.example.com/admin/api/graphql.json", "https://shop.example.com:443"),
        ("http://127.0.0.1:8080/x?y=1", "http://127.0.0.1:8080"),
        ("http://user:secret@api.example.com/", "http://api.example.com:80"),
        ("https://[::1]:9443/", "https://[::1]:9443"),
        ("https://[::1]/", "https://[::1]:443"),
        ("not a url", "invalid://:0"),
    ])
    func originsAreNormalised(url: String, origin: String) {
        #expect(UpstreamOrigin(url: url).description == origin)
    }

    @Test func idempotencyFollowsTheMethodUnlessSet() {
        #expect(UpstreamRequest(method: "GET", url: "http://a/").isIdempotent)
        #expect(UpstreamRequest(method: "delete", url: "http://a/").isIdempotent)
        #expect(!UpstreamRequest(method: "POST", url: "http://a/").isIdempotent)
        #expect(!UpstreamRequest(method: "PATCH", url: "http://a/").isIdempotent)
        #expect(UpstreamRequest(method: "POST", url: "http://a/", isIdempotent: true).isIdempotent)
        var mutation = UpstreamRequest(method: "PUT", url: "http://a/")
        mutation.isIdempotent = false
        #expect(!mutation.isIdempotent)
    }
}
