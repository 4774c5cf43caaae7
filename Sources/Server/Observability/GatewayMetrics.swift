import Adapters
import CoreMetrics
import Prometheus
import Synchronization
import Upstream

/// The gateway's metrics: recorded through the swift-metrics API, exported in Prometheus' text
/// format by `GET /metrics`. One instance per process; it outlives configuration reloads.
public final class GatewayMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let cacheCounters: Mutex<CacheStatistics> = Mutex(CacheStatistics())

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        self.factory = factory
    }

    /// One answered request: by route template (never the raw path), tenant and status.
    func recordRequest(route: String, tenant: String?, status: Int, duration: Duration) {
        let dimensions = [("route", route), ("tenant", tenant ?? ""), ("status", String(status))]
        Counter(label: "deskbridge_http_requests_total", dimensions: dimensions, factory: factory).increment()
        Timer(label: "deskbridge_http_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            .recordNanoseconds(Self.nanoseconds(duration))
    }

    /// The upstream calls of one request.
    func recordUpstream(_ entries: [UpstreamCallLog.Entry], tenant: String) {
        for entry in entries {
            let outcome = entry.failure.map(Self.kind) ?? entry.cache.rawValue
            Counter(label: "deskbridge_upstream_calls_total", dimensions: [("tenant", tenant), ("outcome", outcome)], factory: factory)
                .increment()
            if entry.cache == .miss {
                Timer(label: "deskbridge_upstream_duration_seconds", dimensions: [("tenant", tenant)], factory: factory)
                    .recordNanoseconds(Self.nanoseconds(entry.duration))
            }
        }
    }

    /// An answer served from stale upstream data (stale-while-revalidate or stale-if-error).
    func recordStaleAnswer(tenant: String?, kind: String) {
        Counter(label: "deskbridge_stale_answers_total", dimensions: [("tenant", tenant ?? ""), ("kind", kind)], factory: factory).increment()
    }

    func recordReload(succeeded: Bool, version: Int) {
        Counter(label: "deskbridge_config_reloads_total", dimensions: [("result", succeeded ? "success" : "failure")], factory: factory)
            .increment()
        Gauge(label: "deskbridge_config_last_reload_success", factory: factory).record(succeeded ? 1 : 0)
        Gauge(label: "deskbridge_config_version", factory: factory).record(version)
    }

    /// The exposition text, with the cache figures and breaker states brought up to date first.
    func render(cache statistics: CacheStatistics, plugins: CacheStatistics, breakers: [String: CircuitState]) -> [UInt8] {
        Gauge(label: "deskbridge_plugin_cache_entries", factory: factory).record(plugins.entries)
        Gauge(label: "deskbridge_plugin_cache_bytes", factory: factory).record(plugins.bytes)
        for (upstream, state) in breakers {
            // 0 closed, 1 half-open, 2 open.
            let value = switch state { case .closed: 0; case .halfOpen: 1; case .open: 2 }
            Gauge(label: "deskbridge_upstream_breaker_state", dimensions: [("upstream", upstream)], factory: factory).record(value)
        }
        return render(cache: statistics)
    }

    private func render(cache statistics: CacheStatistics) -> [UInt8] {
        let previous = cacheCounters.withLock { counters in
            defer { counters = statistics }
            return counters
        }
        for (name, now, before) in [
            ("hits", statistics.hits, previous.hits), ("misses", statistics.misses, previous.misses),
            ("stale_hits", statistics.staleHits, previous.staleHits), ("stale_on_error", statistics.staleOnError, previous.staleOnError),
            ("negative_hits", statistics.negativeHits, previous.negativeHits),
            ("coalesced", statistics.coalesced, previous.coalesced), ("evictions", statistics.evictions, previous.evictions),
            ("expirations", statistics.expirations, previous.expirations),
        ] where now > before {
            Counter(label: "deskbridge_upstream_cache_\(name)_total", factory: factory).increment(by: now - before)
        }
        Gauge(label: "deskbridge_upstream_cache_entries", factory: factory).record(statistics.entries)
        Gauge(label: "deskbridge_upstream_cache_bytes", factory: factory).record(statistics.bytes)
        return registry.emitToBuffer()
    }

    private static func kind(_ error: AdapterError) -> String {
        switch error {
        case .throttled: "throttled"
        case .unavailable: "unavailable"
        case .timedOut: "timeout"
        case .authFailed: "auth_failed"
        case .notFound: "not_found"
        case .badResponse: "bad_response"
        case .tooManyPages: "too_many_pages"
        case .unsupported: "unsupported"
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
