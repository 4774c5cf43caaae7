import Adapters
import Hummingbird
import Logging
import Synchronization

/// Gives every request an id (the caller's `X-Request-Id` when it is sane, else a new one), collects
/// the upstream calls made for it, and records one access-log line and the request's metrics.
struct RequestObservationMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let metrics: GatewayMetrics
    let store: SnapshotStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let id = request.headers[.xRequestID].flatMap(Self.acceptable) ?? Self.newID()
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        let calls = UpstreamCallLog()
        var response = try await UpstreamCallLog.$current.withValue(calls) { try await next(request, context) }
        response.headers[.xRequestID] = id
        // Only a configured tenant names metrics and logs: a URL can hold anything.
        let tenant = context.parameters.get("tenant").flatMap { store.snapshot.tenants[$0] == nil ? nil : $0 }
        // An answer built on stale upstream data says so (the plugin routes mark theirs from the
        // answer's own freshness; others, such as the panel's API, from the calls seen here), and is counted.
        if response.headers[.deskBridgeCache] == nil, let staleness = calls.staleness {
            response.headers[.deskBridgeCache] = staleness.rawValue
        }
        if let label = response.headers[.deskBridgeCache], label != "hit" {
            metrics.recordStaleAnswer(tenant: tenant, kind: label)
        }

        let duration = ContinuousClock.now - started
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(route: route, tenant: tenant, status: response.status.code, duration: duration)
        let entries = calls.entries
        if let tenant, !entries.isEmpty { metrics.recordUpstream(entries, tenant: tenant) }
        if let tenant, case let omissions = calls.omissions, !omissions.isEmpty { metrics.recordOmissions(omissions, tenant: tenant) }
        if let tenant, case let dropped = calls.droppedItems, !dropped.isEmpty { metrics.recordDroppedItems(dropped, tenant: tenant) }
        if route != "/health" && route != "/metrics" {
            let summary = calls.summary
            var metadata: Logger.Metadata = [
                "method": "\(request.method)", "route": "\(route)", "status": "\(response.status.code)",
                "ms": "\(duration.milliseconds)",
                "upstream_calls": "\(summary.calls)", "cache_hits": "\(summary.hits)",
                "upstream_ms": "\(summary.upstreamTime.milliseconds)",
            ]
            if let tenant { metadata["tenant"] = "\(tenant)" }
            if let cache = response.headers[.deskBridgeCache] { metadata["cache"] = "\(cache)" }
            context.logger.info("request", metadata: metadata)
        }
        return response
    }

    /// Request ids are echoed in logs and headers: keep only short, plain ones.
    static func acceptable(_ id: String) -> String? {
        guard (1...128).contains(id.utf8.count),
            id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") })
        else { return nil }
        return id
    }

    /// 32 hex digits: a random prefix drawn once per process, then a counter. Unique without a
    /// call for random bytes on every request (ids need not be secret: callers send their own).
    static func newID() -> String {
        let number = requestCounter.add(1, ordering: .relaxed).newValue
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: 16)
        var rest = number
        for index in digits.indices.reversed() {
            digits[index] = hexDigits[Int(rest & 0xF)]
            rest >>= 4
        }
        return processPrefix + String(decoding: digits, as: UTF8.self)
    }

    private static let processPrefix: String = {
        var generator = SystemRandomNumberGenerator()
        let random = String(generator.next() as UInt64, radix: 16)
        return String(repeating: "0", count: 16 - random.count) + random
    }()
    private static let requestCounter = Atomic<UInt64>(0)
    private static let hexDigits = Array("0123456789abcdef".utf8)
}
