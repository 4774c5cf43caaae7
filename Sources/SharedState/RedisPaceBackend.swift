import Foundation
import Redis
import Upstream

/// The fleet's send slots under the adapters' `rates` (HubSpot's calls per window), handed out by
/// Redis: every replica reserves its slots in the same sliding-window logs, by Redis' clock, so
/// the fleet as a whole stays under the upstream's rate the way one process does with its own
/// ``RatePacer``. While Redis fails, each replica paces on its own again (`local`).
package struct RedisPaceBackend: PaceBackend {
    let store: SharedStore
    /// This process' pacer, for the time Redis fails.
    let local: RatePacer

    package init(store: SharedStore, local: RatePacer = RatePacer()) {
        self.store = store
        self.local = local
    }

    /// One sorted set per limit, of the slots handed out (score: milliseconds by Redis' clock).
    /// The same rule as `RatePacer.reserve`: never before a slot already handed out, and no
    /// window of any limit holding more than its requests; past `maxWait` the call is refused and
    /// nothing is reserved.
    private static let reserve = RedisScript(
        """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local slot = now
        for i, key in ipairs(KEYS) do
          local requests = tonumber(ARGV[1 + 2 * i])
          local window = tonumber(ARGV[2 + 2 * i])
          redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
          local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
          if #last > 0 then slot = math.max(slot, tonumber(last[2])) end
          local count = redis.call('ZCARD', key)
          if count >= requests then
            local nth = redis.call('ZRANGE', key, count - requests, count - requests, 'WITHSCORES')
            slot = math.max(slot, tonumber(nth[2]) + window)
          end
        end
        if slot - now > tonumber(ARGV[1]) then return {0, slot - now} end
        for i, key in ipairs(KEYS) do
          local window = tonumber(ARGV[2 + 2 * i])
          redis.call('ZADD', key, slot, ARGV[2] .. ':' .. i)
          redis.call('PEXPIRE', key, slot - now + window + 1000)
        end
        return {1, slot - now}
        """)

    package func reserve(_ limits: [PaceLimit], deadline: ContinuousClock.Instant, now: ContinuousClock.Instant) async -> RatePacer.Slot {
        let maxWait = deadline - now - local.leastCallTime
        guard maxWait >= .zero else { return .refused(nextIn: .zero) }
        var arguments: [[UInt8]] = [Self.text(maxWait.wholeMilliseconds), Array(UUID().uuidString.utf8)]
        for limit in limits {
            arguments.append(Self.text(Int64(limit.requests)))
            arguments.append(Self.text((limit.window + local.margin).wholeMilliseconds))
        }
        let keys = limits.map { store.key("pace:\($0.key)") }
        guard let reply = await store.attempt({ try await $0.eval(Self.reserve, keys: keys, arguments: arguments) }),
            let parts = reply.array, parts.count == 2, let granted = parts[0].integer, let wait = parts[1].integer
        else { return local.reserve(limits, deadline: deadline, now: now) }
        store.counters.paceReservations.add(1, ordering: .relaxed)
        // The wait runs from Redis' now, which is this process' now on the answer's arrival (not `now`:
        // the call may have waited for Redis).
        return granted == 1 ? .at(.now + .milliseconds(wait)) : .refused(nextIn: .milliseconds(wait))
    }

    private static func text(_ number: Int64) -> [UInt8] { Array(String(number).utf8) }
}

extension Duration {
    /// Whole milliseconds, rounded up, never negative.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = max(self, .zero).components
        return seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    }
}
