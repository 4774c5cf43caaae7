import Foundation
import Hummingbird
import NIOCore

/// Carries out a fault for one request: answers in the simulator's place, or alters the way its
/// answer travels (late, cut, slow, never).
struct FaultInjection {
    let server: SandboxServer
    let kind: SimulatorKind?

    func respond(with fault: Fault, to request: SimulatedRequest, context: SandboxRequestContext) async throws -> Response {
        switch fault {
        case .latency(let milliseconds):
            try await Task.sleep(for: .milliseconds(max(0, milliseconds)))
            return SandboxHTTPResponse.make(await server.simulate(request, kind: kind))

        case .status(let status, let body, let contentType):
            return SandboxHTTPResponse.make(SimulatedResponse(status: status, headers: [("Content-Type", contentType)], body: Array(body.utf8)))

        case .tooManyRequests(let retryAfter, let body):
            var headers = [("Content-Type", "application/json; charset=utf-8")]
            if let retryAfter { headers.append(("Retry-After", Self.value(of: retryAfter))) }
            return SandboxHTTPResponse.make(SimulatedResponse(status: 429, headers: headers, body: Array((body ?? defaultRateLimitBody).utf8)))

        case .shopifyThrottled:
            // As if other clients of the same app had drained the bucket.
            var status = server.shopify.throttleStatus
            status.currentlyAvailable = 0
            return SandboxHTTPResponse.make(.json(200, ShopifyResponses.throttled(requested: 10, status: status)))

        case .malformedJSON:
            var answer = await server.simulate(request, kind: kind)
            answer.body = answer.body.count > 1 ? Array(answer.body.prefix(answer.body.count / 2)) : Array(#"{"unterminated":"#.utf8)
            return SandboxHTTPResponse.make(answer)

        case .dropConnection:
            // Close without a byte of answer; the response returned below can no longer be written.
            try? await context.channel.close()
            return Response(status: .internalServerError)

        case .slowBody(let chunkBytes, let pauseMilliseconds):
            let answer = await server.simulate(request, kind: kind)
            let bytes = answer.body
            let chunk = max(1, chunkBytes)
            let pause = max(0, pauseMilliseconds)
            let body = ResponseBody(contentLength: bytes.count) { writer in
                var offset = 0
                while offset < bytes.count {
                    if offset > 0 { try await Task.sleep(for: .milliseconds(pause)) }
                    let end = min(bytes.count, offset + chunk)
                    try await writer.write(ByteBuffer(bytes: bytes[offset..<end]))
                    offset = end
                }
                try await writer.finish(nil)
            }
            return Response(status: HTTPResponse.Status(code: answer.status), headers: SandboxHTTPResponse.fields(answer.headers), body: body)

        case .hugeBody(let megabytes, let announcesLength):
            let padding = HugeJSONBody(megabytes: max(0, megabytes))
            let body = ResponseBody(contentLength: announcesLength ? padding.length : nil) { writer in
                try await padding.write(to: &writer)
            }
            return Response(status: .ok, headers: SandboxHTTPResponse.fields([("Content-Type", "application/json; charset=utf-8")]), body: body)
        }
    }

    /// The simulator's own rate-limit body, for a 429 fault without one.
    private var defaultRateLimitBody: String {
        switch kind {
        case .shopify, .shopifyREST: ShopifyRESTResponses.throttledBody
        case .wooCommerce: #"{"code":"rest_too_many_requests","message":"Too many requests.","data":{"status":429}}"#
        case .hubSpot: HubSpotResponses.rateLimited(policy: "TEN_SECONDLY_ROLLING", headers: []).bodyText
        case nil: #"{"errors":"Too Many Requests"}"#
        }
    }

    static func value(of retryAfter: RetryAfter) -> String {
        switch retryAfter {
        case .seconds(let seconds): String(seconds)
        case .httpDate(let secondsFromNow): ISOTimestamp.httpDate(fromUnixTime: Int(Date().timeIntervalSince1970) + secondsFromNow)
        case .raw(let text): text
        }
    }
}

/// A valid JSON document of about N MiB (`{"padding":["xx…","xx…",…]}`), written in 64 KB chunks.
struct HugeJSONBody {
    private static let element = "\"" + String(repeating: "x", count: 62) + "\""
    private static let prefix = #"{"padding":["#
    private static let suffix = "]}"
    /// Elements per full chunk (each followed by a comma).
    private static let perChunk = 1000

    let count: Int

    init(megabytes: Int) {
        let target = megabytes * 1_048_576
        count = max(1, (target - Self.prefix.utf8.count - Self.suffix.utf8.count + 1 + 64) / 65)
    }

    /// The exact byte length.
    var length: Int { Self.prefix.utf8.count + count * 64 + (count - 1) + Self.suffix.utf8.count }

    func write(to writer: inout any ResponseBodyWriter) async throws {
        try await writer.write(ByteBuffer(string: Self.prefix))
        let chunk = ByteBuffer(string: String(repeating: Self.element + ",", count: Self.perChunk))
        var remaining = count - 1  // elements still to write with a comma after them
        while remaining >= Self.perChunk {
            try await writer.write(chunk)
            remaining -= Self.perChunk
        }
        if remaining > 0 { try await writer.write(ByteBuffer(string: String(repeating: Self.element + ",", count: remaining))) }
        try await writer.write(ByteBuffer(string: Self.element + Self.suffix))
        try await writer.finish(nil)
    }
}
