import Foundation
import Redis
import Upstream

/// Shopify's GraphQL cost bucket, counted by the whole fleet in Redis: each replica takes a
/// query's points from the shared bucket before sending it (waiting for them to refill, within the
/// call's deadline), so that the fleet stays under the shop's bucket instead of each replica
/// spending it and meeting `THROTTLED` on its own.
///
/// The bucket is learned from the shop's own answers: every answer carrying
/// `extensions.cost.throttleStatus` sets its size, its restore rate and what is left (the lower of
/// the shop's figure and the fleet's count), and a query is charged the highest
/// `requestedQueryCost` seen for that bucket. Before the first answer nothing is known: one query
/// at a time goes first to learn it. A bucket is one shop's endpoint with one credential (the
/// request's address and headers, less those that change per call). While Redis fails, replicas
/// send without waiting, as without `shared:`.
package final class SharedCostBudget: HTTPTransport {
    private let inner: any HTTPTransport
    let store: SharedStore
    private let defaultBudget: Duration
    /// The call itself needs time too: a wait closer than this to the deadline is refused.
    private let leastCallTime: Duration

    package init(
        wrapping inner: any HTTPTransport, store: SharedStore, defaultBudget: Duration = .seconds(10),
        leastCallTime: Duration = .milliseconds(250)
    ) {
        self.inner = inner
        self.store = store
        self.defaultBudget = defaultBudget
        self.leastCallTime = leastCallTime
    }

    /// Takes a query's points (the highest `requestedQueryCost` seen for its shape, `ARGV[3]`)
    /// from the bucket at `KEYS[1]`, refilled at its rate since it was last counted. Answers
    /// `{wait in ms, 1}` when taken (now, or after the wait), `{wait, 0}` when the wait would pass
    /// `ARGV[1]` (nothing taken), `{0, 2}` when the bucket or this shape's cost is not known yet and
    /// this call goes first to learn it, `{50, 3}` while another call learns it, `{0, 4}` when the
    /// endpoint's answers carry no bucket.
    private static let take = RedisScript(
        """
        if redis.call('EXISTS', KEYS[1] .. ':none') == 1 then return {0, 4} end
        local b = redis.call('HMGET', KEYS[1], 'max', 'rate', 'left', 't', 'c:' .. ARGV[3])
        if not b[1] or not b[5] then
          if redis.call('SET', KEYS[1] .. ':learning:' .. ARGV[3], '1', 'NX', 'PX', ARGV[2]) then return {0, 2} end
          return {50, 3}
        end
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local max, rate, left, t, cost = tonumber(b[1]), tonumber(b[2]), tonumber(b[3]), tonumber(b[4]), tonumber(b[5])
        left = math.min(max, left + rate * (now - t) / 1000)
        local wait = 0
        if left < cost then wait = math.ceil((cost - left) * 1000 / rate) end
        if wait > tonumber(ARGV[1]) then return {wait, 0} end
        redis.call('HSET', KEYS[1], 'left', left - cost, 't', now)
        return {wait, 1}
        """)

    /// What the shop said of its bucket after a query of shape `ARGV[5]`: `ARGV[1...4]` =
    /// maximum, currently available, restore rate, requested cost. What is left is the lower of
    /// the shop's figure and the fleet's count (other replicas' queries may be on their way).
    private static let observe = RedisScript(
        """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local max, available, rate, requested = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
        local b = redis.call('HMGET', KEYS[1], 'rate', 'left', 't', 'c:' .. ARGV[5])
        local left = available
        if b[1] then left = math.min(available, tonumber(b[2]) + tonumber(b[1]) * (now - tonumber(b[3])) / 1000) end
        local cost = math.max(requested, tonumber(b[4] or 0))
        redis.call('HSET', KEYS[1], 'max', max, 'rate', rate, 'left', left, 't', now, 'c:' .. ARGV[5], cost)
        redis.call('PEXPIRE', KEYS[1], 3600000)
        redis.call('DEL', KEYS[1] .. ':learning:' .. ARGV[5])
        return 1
        """)

    /// The endpoint's answers carry no bucket figures: no waiting for it for ten minutes.
    private static let none = RedisScript(
        "redis.call('SET', KEYS[1] .. ':none', '1', 'PX', 600000) redis.call('DEL', KEYS[1] .. ':learning:' .. ARGV[1]) return 1")

    package func execute(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        // Shopify's GraphQL endpoint, `/admin/api/<version>/graphql.json`: the only one with a cost bucket.
        guard request.method == "POST", request.url.hasSuffix("/graphql.json") else { return try await inner.execute(request) }
        let bucket = store.key("cost:" + Self.bucketIdentity(request))
        let shape = Self.shape(request)
        let now = ContinuousClock.now
        let deadline = request.deadline ?? now.advanced(by: request.timeout ?? defaultBudget)
        var learning = false
        while true {
            let maxWait = (deadline - .now - leastCallTime).wholeMilliseconds
            guard
                let reply = await store.attempt({ [maxWait] in
                    try await $0.eval(Self.take, keys: [bucket], arguments: [Array(String(maxWait).utf8), Array("5000".utf8), shape])
                }), let parts = reply.array, parts.count == 2, let wait = parts[0].integer, let outcome = parts[1].integer
            else { break }  // Redis failed: as without `shared:`
            if outcome == 0 {
                store.counters.costRefusals.add(1, ordering: .relaxed)
                throw .paced(retryAfter: .milliseconds(wait))
            }
            if wait > 0 {
                store.counters.costWaits.add(1, ordering: .relaxed)
                do { try await Task.sleep(for: .milliseconds(wait)) } catch { throw .cancelled }
            }
            learning = outcome == 2
            if outcome != 3 { break }  // 3: another call is learning the bucket, ask again
            guard ContinuousClock.now + leastCallTime < deadline else { throw .paced(retryAfter: .milliseconds(50)) }
        }
        let response: UpstreamResponse
        do {
            response = try await inner.execute(request)
        } catch {
            // The next call learns the bucket instead of waiting for this lock to expire.
            if learning { _ = await store.attempt { try await $0.del([bucket + ":learning:" + String(decoding: shape, as: UTF8.self)]) } }
            throw error
        }
        if let figures = CostFigures(response.body) {
            _ = await store.attempt { try await $0.eval(Self.observe, keys: [bucket], arguments: figures.arguments + [shape]) }
        } else if learning, (200..<300).contains(response.status) {
            _ = await store.attempt { try await $0.eval(Self.none, keys: [bucket], arguments: [shape]) }
        }
        return response
    }

    /// What a query's cost depends on: its GraphQL document (the body before its `variables`; the
    /// page size is the adapter's, the search text costs nothing).
    private static func shape(_ request: UpstreamRequest) -> [UInt8] {
        let body = request.body ?? []
        let document = body.firstRange(of: Array(#","variables""#.utf8)).map { Array(body[..<$0.lowerBound]) } ?? body
        return Array(CacheKey(tenant: "", parts: [String(decoding: document, as: UTF8.self)]).hexDigest.prefix(16).utf8)
    }

    /// The shop's endpoint and the credential headers: what the shop counts a bucket by.
    private static func bucketIdentity(_ request: UpstreamRequest) -> String {
        let perCall: Set<String> = ["content-length", "content-type", "accept", "accept-language"]
        let headers = request.headers.filter { !perCall.contains($0.name.lowercased()) }
            .map { "\($0.name.lowercased()):\($0.value)" }.sorted()
        let path = URLComponents(string: request.url)?.path ?? request.url
        return CacheKey(tenant: "", parts: ["cost", request.upstreamKey, path] + headers).hexDigest
    }
}

/// The bucket figures of a Shopify GraphQL answer (`extensions.cost`), read without parsing the
/// rest of the answer.
struct CostFigures {
    let maximum: Double
    let available: Double
    let restoreRate: Double
    let requested: Double

    init?(_ body: [UInt8]) {
        guard let status = Self.find(Array(#""throttleStatus""#.utf8), in: body, from: 0),
            let maximum = Self.number(after: #""maximumAvailable""#, in: body, from: status),
            let available = Self.number(after: #""currentlyAvailable""#, in: body, from: status),
            let restoreRate = Self.number(after: #""restoreRate""#, in: body, from: status), restoreRate > 0,
            let requested = Self.number(after: #""requestedQueryCost""#, in: body, from: max(0, status - 200))
        else { return nil }
        self.maximum = maximum
        self.available = available
        self.restoreRate = restoreRate
        self.requested = requested
    }

    var arguments: [[UInt8]] {
        [maximum, available, restoreRate, requested].map { Array(String($0).utf8) }
    }

    /// The number after `"key":` at or after `start`.
    private static func number(after key: String, in body: [UInt8], from start: Int) -> Double? {
        guard let at = find(Array(key.utf8), in: body, from: start) else { return nil }
        var index = at + key.utf8.count
        while index < body.count, body[index] == UInt8(ascii: ":") || body[index] == UInt8(ascii: " ") { index += 1 }
        var end = index
        while end < body.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(body[end]) || body[end] == UInt8(ascii: ".") {
            end += 1
        }
        return Double(String(decoding: body[index..<end], as: UTF8.self))
    }

    private static func find(_ needle: [UInt8], in body: [UInt8], from start: Int) -> Int? {
        guard start < body.count else { return nil }
        return body[start...].firstRange(of: needle)?.lowerBound
    }
}
