import Foundation
import Mapping
import Server
import Testing
import Upstream

/// What operators rely on: metrics, the admin status, request ids, and reloads that never hurt agents.
@Suite struct OperationsTests {
    private let admin = [HTTPHeader(name: "Authorization", value: "Bearer \(LiveGateway.adminToken)")]

    @Test func metricsCountRequestsUpstreamCallsAndTheCache() async throws {
        try await withLiveGateway { gateway in
            _ = try await gateway.get("/plugins/demo/products?idWebsite=ha-123&limit=5")
            // The same answer again: from the plugin-response cache, no upstream call at all.
            let again = try await gateway.get("/plugins/demo/products?idWebsite=ha-123&limit=5")
            #expect(again.headers.first(named: "X-DeskBridge-Cache") == "hit")
            // Another window of the same upstream page: upstream cache hits (shop and page).
            _ = try await gateway.get("/plugins/demo/products?idWebsite=ha-123&limit=5&offset=5")
            _ = try await gateway.get("/plugins/demo/products?idWebsite=ha-123&limit=x")
            // A tenant nobody configured never becomes a label: URLs must not grow the metrics.
            #expect(try await gateway.get("/plugins/made-up-\(UUID().uuidString)/products?idWebsite=ha-123").status == 404)
            let refused = try await gateway.send("GET", "/metrics")
            #expect(refused.status == 401)
            let scrape = try await gateway.send("GET", "/metrics", headers: admin)
            #expect(scrape.status == 200)
            #expect(scrape.headers.first(named: "Content-Type")?.hasPrefix("text/plain") == true)
            let text = scrape.text
            #expect(text.contains(#"deskbridge_http_requests_total{route="/plugins/{tenant}/products",tenant="demo",status="200"} 3"#), "\(text)")
            #expect(text.contains(#"deskbridge_http_requests_total{route="/plugins/{tenant}/products",tenant="demo",status="400"} 1"#))
            #expect(text.contains(#"deskbridge_http_requests_total{route="/plugins/{tenant}/products",tenant="",status="404"} 1"#))
            #expect(!text.contains("made-up"))
            #expect(text.contains(#"deskbridge_upstream_calls_total{tenant="demo",outcome="miss"} 2"#))
            #expect(text.contains(#"deskbridge_upstream_calls_total{tenant="demo",outcome="hit"} 2"#))
            #expect(text.contains("deskbridge_http_request_duration_seconds_bucket"))
            #expect(text.contains("deskbridge_upstream_cache_entries 2"))
            #expect(text.contains("deskbridge_plugin_cache_entries 2"))
            #expect(text.contains(#"deskbridge_upstream_breaker_state{upstream="#))
            #expect(text.contains("deskbridge_plugin_cache_hits_total 1"))
            // Per upstream (tenant and base URL): what the libcurl client sent and got.
            func value(_ prefix: String, in text: String) -> String? {
                text.split(separator: "\n").first { $0.hasPrefix(prefix) }.map { String($0.split(separator: " ").last ?? "") }
            }
            #expect(value(#"deskbridge_upstream_requests_total{upstream="demo http://127.0.0.1:"#, in: text) == "2", "\(text)")
            #expect(text.contains(#"status_class="2xx"} 2"#))
            // A second scrape adds nothing that did not happen.
            let second = try await gateway.send("GET", "/metrics", headers: admin).text
            #expect(value(#"deskbridge_upstream_requests_total{upstream="demo http://127.0.0.1:"#, in: second) == "2")
            #expect(second.contains("deskbridge_plugin_cache_hits_total 1"))
        }
    }

    @Test func adminStatusIsProtected() async throws {
        try await withLiveGateway { gateway in
            #expect(try await gateway.send("GET", "/admin/status").status == 401)
            let wrong = [HTTPHeader(name: "Authorization", value: "Bearer nope")]
            #expect(try await gateway.send("GET", "/admin/status", headers: wrong).status == 401)
            let status = try await gateway.send("GET", "/admin/status", headers: admin)
            #expect(status.status == 200)
            #expect(status.json["version"] == 1)
            #expect(status.json["tenants"] == ["demo"])
            #expect(status.json["lastReload"]?["succeeded"] == true)
        }
    }

    @Test func requestIdsAreAcceptedOrGiven() async throws {
        try await withLiveGateway { gateway in
            let given = try await gateway.get("/health", headers: [HTTPHeader(name: "X-Request-Id", value: "desk-42")])
            #expect(given.headers.first(named: "X-Request-Id") == "desk-42")
            let fresh = try await gateway.get("/health")
            #expect(fresh.headers.first(named: "X-Request-Id")?.count == 32)
            let refused = try await gateway.get("/health", headers: [HTTPHeader(name: "X-Request-Id", value: String(repeating: "x", count: 500))])
            #expect(refused.headers.first(named: "X-Request-Id")?.count == 32)
            // Given ids never repeat, and are lowercase hex.
            var ids: Set<String> = []
            for _ in 0..<20 { ids.insert(try await gateway.get("/health").headers.first(named: "X-Request-Id") ?? "") }
            #expect(ids.count == 20)
            #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) && $0 == $0.lowercased() })
        }
    }

    @Test func aValidEditIsServedAndABrokenOneChangesNothing() async throws {
        try await withLiveGateway { gateway in
            let original = try String(contentsOfFile: gateway.configPath, encoding: .utf8)
            #expect(try await Self.firstPrice(gateway).contains("."))

            try original.replacingOccurrences(of: "locale: null", with: "locale: fr").write(
                toFile: gateway.configPath, atomically: true, encoding: .utf8)
            let reloaded = try await gateway.send("POST", "/admin/reload", headers: admin)
            #expect(reloaded.json["reloaded"] == true)
            #expect(reloaded.json["version"] == 2)
            #expect(reloaded.json["lastReload"]?["changes"] == ["tenants changed: demo"])
            #expect(try await Self.firstPrice(gateway).contains(","))

            try (original + "\n    adaptr: oops\n").write(toFile: gateway.configPath, atomically: true, encoding: .utf8)
            let broken = try await gateway.send("POST", "/admin/reload", headers: admin)
            #expect(broken.json["reloaded"] == false)
            #expect(broken.json["version"] == 2)
            let errors = broken.json["lastReload"]?["errors"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(errors.contains { $0.contains("config.yaml:") && $0.contains("unknown key 'adaptr'") }, "\(errors)")
            // Still the last good configuration: French prices.
            #expect(try await Self.firstPrice(gateway).contains(","))
        }
    }

    @Test func editedFilesAreReloadedWithoutAsking() async throws {
        var options = GatewayOptions()
        options.watchInterval = "100ms"
        try await withLiveGateway(options) { gateway in
            let original = try String(contentsOfFile: gateway.configPath, encoding: .utf8)
            try original.replacingOccurrences(of: "locale: null", with: "locale: de").write(
                toFile: gateway.configPath, atomically: true, encoding: .utf8)
            let deadline = ContinuousClock.now + .seconds(10)
            while gateway.runtime.store.snapshot.version < 2 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(gateway.runtime.store.snapshot.version == 2)
            #expect(gateway.runtime.reloader.status.lastChanges == ["tenants changed: demo"])
        }
    }

    @Test func reloadsUnderLoadLoseNoRequest() async throws {
        try await withLiveGateway { gateway in
            let original = try String(contentsOfFile: gateway.configPath, encoding: .utf8)
            let edits = [
                original.replacingOccurrences(of: "locale: null", with: "locale: fr"), original + "\n    adaptr: oops\n",
                original.replacingOccurrences(of: "products: 60s", with: "products: 0s"), "tenants: [",
                original,
            ]
            let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
                for worker in 0..<6 {
                    group.addTask {
                        var statuses: [Int] = []
                        for index in 0..<60 {
                            let answer = try await gateway.get("/plugins/demo/products?idWebsite=ha-123&limit=3&offset=\((worker * 60 + index) % 40)")
                            statuses.append(answer.status)
                        }
                        return statuses
                    }
                }
                group.addTask {
                    for round in 0..<15 {
                        try edits[round % edits.count].write(toFile: gateway.configPath, atomically: true, encoding: .utf8)
                        gateway.runtime.reloader.reload(reason: "test")
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    return []
                }
                return try await group.reduce(into: [Int]()) { $0 += $1 }
            }
            #expect(statuses.count == 360)
            #expect(statuses.allSatisfy { $0 == 200 }, "\(Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count))")
            #expect(gateway.runtime.store.snapshot.version > 1)
        }
    }

    static func firstPrice(_ gateway: LiveGateway) async throws -> String {
        let answer = try await gateway.get("/plugins/demo/products?idWebsite=ha-123&limit=1")
        return answer.json[0]?["priceCatalog"]?.stringValue ?? ""
    }
}

/// `/metrics` without an admin token is a choice the configuration states, not a default.
@Suite struct MetricsExposureTests {
    @Test func withoutAnAdminTokenMetricsAreOffUnlessMadePublic() async throws {
        var options = GatewayOptions()
        options.admin = "{}"
        try await withLiveGateway(options) { gateway in
            let metrics = try await gateway.send("GET", "/metrics")
            let status = try await gateway.send("GET", "/admin/status")
            #expect(metrics.status == 404 && status.status == 404)
        }
        options.admin = "{ publicMetrics: true }"
        try await withLiveGateway(options) { gateway in
            let metrics = try await gateway.send("GET", "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.text.contains("deskbridge_"))
            let status = try await gateway.send("GET", "/admin/status")
            #expect(status.status == 404)
        }
    }
}
