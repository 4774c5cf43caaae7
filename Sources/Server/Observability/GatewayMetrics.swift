import Adapters
import CoreMetrics
import Prometheus
import SharedState
import Synchronization
import Upstream

/// The gateway's metrics: recorded through the swift-metrics API, exported in Prometheus' text
/// format by `GET /metrics`. One instance per process; it outlives configuration reloads.
package final class GatewayMetrics: Sendable {
    package let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    /// The running totals already exported, by counter and dimensions (see `advance`).
    private let exported: Mutex<[String: Int]> = Mutex([:])
    /// The request counter and timer of each route, tenant and status seen: making them anew
    /// on every request would look them up in the registry under its lock.
    private let requestMetrics: Mutex<[RequestLabels: (requests: CoreMetrics.Counter, duration: CoreMetrics.Timer)]> = Mutex([:])

    private struct RequestLabels: Hashable {
        let route: String
        let tenant: String
        let status: Int
    }

    package init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        self.factory = factory
    }

    /// One answered request: by route template (never the raw path), tenant (a configured one, or
    /// none: the label set must stay bounded whatever callers put in URLs) and status.
    func recordRequest(route: String, tenant: String?, status: Int, duration: Duration) {
        let labels = RequestLabels(route: route, tenant: tenant ?? "", status: status)
        let metrics = requestMetrics.withLock { known in
            if let metrics = known[labels] { return metrics }
            let dimensions = [("route", route), ("tenant", labels.tenant), ("status", String(status))]
            let made = (
                requests: Counter(label: "deskbridge_http_requests_total", dimensions: dimensions, factory: factory),
                duration: Timer(label: "deskbridge_http_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            )
            known[labels] = made
            return made
        }
        metrics.requests.increment()
        metrics.duration.recordNanoseconds(Self.nanoseconds(duration))
    }

    /// The upstream calls of one request.
    func recordUpstream(_ entries: [UpstreamCallLog.Entry], tenant: String) {
        for entry in entries {
            let outcome = entry.failure.map(\.metricLabel) ?? entry.cache.rawValue
            Counter(label: "deskbridge_upstream_calls_total", dimensions: [("tenant", tenant), ("outcome", outcome)], factory: factory)
                .increment()
            if entry.cache == .miss {
                Timer(label: "deskbridge_upstream_duration_seconds", dimensions: [("tenant", tenant)], factory: factory)
                    .recordNanoseconds(Self.nanoseconds(entry.duration))
            }
        }
    }

    /// Optional enrichments left out of one request's answer (`optional: true` in the adapter).
    func recordOmissions(_ omissions: [UpstreamCallLog.Omission], tenant: String) {
        for omission in omissions {
            Counter(
                label: "deskbridge_optional_enrichments_omitted_total",
                dimensions: [("tenant", tenant), ("enrichment", omission.name), ("reason", omission.reason)], factory: factory
            ).increment()
        }
    }

    /// Upstream items left out of one request's lists (no id, no title…).
    func recordDroppedItems(_ items: [UpstreamCallLog.DroppedItem], tenant: String) {
        for item in items {
            Counter(
                label: "deskbridge_items_dropped_total", dimensions: [("tenant", tenant), ("plugin", item.plugin), ("reason", item.reason)],
                factory: factory
            ).increment()
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

    /// The exposition text, with the caches' and upstreams' running totals brought up to date first.
    func render(
        cache statistics: CacheStatistics, plugins: CacheStatistics, upstreams: [String: UpstreamCounts], breakers: [String: CircuitState],
        curlPool: CurlPoolStatistics, shared: SharedStatistics?
    ) -> [UInt8] {
        export(statistics, cache: "upstream")
        export(plugins, cache: "plugin")
        export(upstreams)
        export(curlPool)
        if let shared { export(shared) }
        for (upstream, state) in breakers {
            // 0 closed, 1 half-open, 2 open.
            let value =
                switch state {
                case .closed: 0
                case .halfOpen: 1
                case .open: 2
                }
            Gauge(label: "deskbridge_upstream_breaker_state", dimensions: [("upstream", upstream)], factory: factory).record(value)
        }
        return registry.emitToBuffer()
    }

    /// `deskbridge_<name>_cache_…`: lookups by outcome, and the current size.
    private func export(_ statistics: CacheStatistics, cache name: String) {
        for (counter, total) in [
            ("hits", statistics.hits), ("misses", statistics.misses), ("stale_hits", statistics.staleHits),
            ("stale_on_error", statistics.staleOnError), ("negative_hits", statistics.negativeHits),
            ("coalesced", statistics.coalesced), ("evictions", statistics.evictions), ("expirations", statistics.expirations),
        ] {
            advance("deskbridge_\(name)_cache_\(counter)_total", to: total)
        }
        Gauge(label: "deskbridge_\(name)_cache_entries", factory: factory).record(statistics.entries)
        Gauge(label: "deskbridge_\(name)_cache_bytes", factory: factory).record(statistics.bytes)
    }

    /// What the libcurl client, the retries and the breakers did, per upstream (`scheme://host:port`).
    private func export(_ upstreams: [String: UpstreamCounts]) {
        for (upstream, counts) in upstreams {
            let named = [("upstream", upstream)]
            advance("deskbridge_upstream_requests_total", named, to: counts.requests)
            for (statusClass, total) in counts.responsesByStatusClass {
                advance("deskbridge_upstream_responses_total", named + [("status_class", "\(statusClass)xx")], to: total)
            }
            for (kind, total) in counts.errors {
                advance("deskbridge_upstream_errors_total", named + [("kind", kind)], to: total)
            }
            advance("deskbridge_upstream_retries_total", named, to: counts.retries)
            advance("deskbridge_upstream_throttled_total", named, to: counts.throttled)
            advance("deskbridge_upstream_throttle_waits_total", named, to: counts.throttleWaits)
            advance("deskbridge_upstream_throttle_give_ups_total", named, to: counts.throttleGiveUps)
            advance("deskbridge_upstream_breaker_transitions_total", named, to: counts.circuitTransitions)
            advance("deskbridge_upstream_breaker_rejections_total", named, to: counts.circuitRejections)
            advance("deskbridge_upstream_paced_waits_total", named, to: counts.pacedWaits)
            let pacedWait = counts.pacedWaitTime.components
            advance(
                "deskbridge_upstream_paced_wait_milliseconds_total", named,
                to: Int(pacedWait.seconds * 1000 + pacedWait.attoseconds / 1_000_000_000_000_000))
            advance("deskbridge_upstream_paced_refusals_total", named, to: counts.pacedRefusals)
        }
    }

    /// `deskbridge_curl_handles_…`: the libcurl client's easy handles.
    private func export(_ pool: CurlPoolStatistics) {
        Gauge(label: "deskbridge_curl_handles_idle", factory: factory).record(pool.idle)
        Gauge(label: "deskbridge_curl_handles_running", factory: factory).record(pool.running)
        advance("deskbridge_curl_handles_created_total", to: pool.created)
        advance("deskbridge_curl_handles_destroyed_total", to: pool.destroyed)
        advance("deskbridge_curl_handle_configuration_failures_total", to: pool.configurationFailures)
    }

    /// `deskbridge_shared_…`: the fleet's Redis tier, when `shared:` is set.
    private func export(_ shared: SharedStatistics) {
        Gauge(label: "deskbridge_shared_up", factory: factory).record(shared.isShared ? 1 : 0)
        for (name, total) in [
            ("hits", shared.hits), ("fills", shared.fills), ("waits", shared.waits), ("wait_hits", shared.waitHits),
            ("failures", shared.failures), ("skipped", shared.skipped), ("too_large", shared.tooLarge),
            ("answer_hits", shared.answerHits), ("answer_stale", shared.answerStale), ("answer_stale_on_error", shared.answerStaleOnError),
            ("answer_stores", shared.answerStores), ("pace_reservations", shared.paceReservations), ("cost_waits", shared.costWaits),
            ("cost_refusals", shared.costRefusals),
        ] {
            advance("deskbridge_shared_\(name)_total", to: total)
        }
    }

    /// Counters kept elsewhere as running totals become Prometheus counters by adding, at each
    /// scrape, what they grew by since the last one.
    private func advance(_ label: String, _ dimensions: [(String, String)] = [], to total: Int) {
        let key = ([label] + dimensions.map { "\($0.0)=\($0.1)" }).joined(separator: "|")
        let increase = exported.withLock { seen in
            defer { seen[key] = max(total, seen[key] ?? 0) }
            return total - (seen[key] ?? 0)
        }
        if increase > 0 { Counter(label: label, dimensions: dimensions, factory: factory).increment(by: increase) }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
