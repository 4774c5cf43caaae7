import Foundation
import Sandbox
import Testing

private let wooAuth = [("Authorization", "Basic " + Data("ck_demo:cs_demo".utf8).base64EncodedString())]
private let categoriesPath = "/wp-json/wc/v3/products/categories?per_page=5"

private func admin(_ port: Int, _ method: String, _ path: String, json: String = "") async throws -> LoopbackResponse {
    try await LoopbackHTTPClient.request(
        port: port, method: method, path: path, headers: [("Content-Type", "application/json")], body: Array(json.utf8))
}

private func elapsed<T>(_ work: () async throws -> T) async rethrows -> (T, Duration) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try await work()
    return (result, clock.now - start)
}

@Suite("Fault injection over real sockets")
struct FaultInjectionTests {
    @Test func latencyDelaysTheNormalAnswer() async throws {
        let (response, duration) = try await withSandbox(configuration: SandboxConfiguration()) { server, port in
            server.faults.add(.latency(milliseconds: 150), to: .simulator(.wooCommerce))
            return try await elapsed { try await LoopbackHTTPClient.get(port: port, path: categoriesPath, headers: wooAuth) }
        }
        #expect(response.status == 200)
        #expect(duration >= .milliseconds(150))
    }

    @Test func statusFaultsApplyToTheNextRequestsOnly() async throws {
        let statuses = try await withSandbox(configuration: SandboxConfiguration()) { server, port in
            server.faults.add(.status(503, body: #"{"error":"maintenance"}"#), to: .simulator(.wooCommerce), trigger: .next(2))
            var responses: [LoopbackResponse] = []
            for _ in 0..<3 { responses.append(try await LoopbackHTTPClient.get(port: port, path: categoriesPath, headers: wooAuth)) }
            return responses
        }
        #expect(statuses.map(\.status) == [503, 503, 200])
        #expect(statuses[0].text == #"{"error":"maintenance"}"#)
    }

    @Test func rulesTargetPathPrefixesAndSimulators() async throws {
        let (hubSpot, woo) = try await withSandbox(configuration: SandboxConfiguration()) { server, port in
            server.faults.add(.status(502, body: "bad gateway", contentType: "text/plain"), to: .pathPrefix("/crm/v3/owners"))
            let woo = try await LoopbackHTTPClient.get(port: port, path: categoriesPath, headers: wooAuth)
            let hubSpot = try await LoopbackHTTPClient.get(port: port, path: "/crm/v3/owners", headers: [("Authorization", "Bearer pat-demo")])
            return (hubSpot, woo)
        }
        #expect(woo.status == 200)
        #expect(hubSpot.status == 502)
        #expect(hubSpot.header("Content-Type") == "text/plain")
    }

    @Test func tooManyRequestsCarriesRetryAfterInBothForms() async throws {
        let (seconds, date) = try await withSandbox(configuration: SandboxConfiguration()) { server, port in
            server.faults.add(.tooManyRequests(retryAfter: .seconds(3)), to: .simulator(.shopifyREST))
            server.faults.add(
                .tooManyRequests(retryAfter: .httpDate(secondsFromNow: 120), body: #"{"errors":"slow down"}"#), to: .simulator(.shopifyREST))
            let headers = [("X-Shopify-Access-Token", "shpat_demo_token")]
            return (
                try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/shop.json", headers: headers),
                try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/shop.json", headers: headers)
            )
        }
        #expect(seconds.status == 429)
        #expect(seconds.header("Retry-After") == "3")
        #expect(seconds.text.contains("Exceeded 2 calls per second"), "the simulator's own 429 body by default")
        #expect(date.status == 429)
        #expect(date.text == #"{"errors":"slow down"}"#)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let retryAt = try #require(date.header("Retry-After").flatMap(formatter.date(from:)))
        #expect(abs(retryAt.timeIntervalSinceNow - 120) < 30)
    }

    @Test func shopifyThrottledIsA200WithoutData() async throws {
        let answer = try await withSandbox { server, port in
            server.faults.add(.shopifyThrottled, to: .simulator(.shopify))
            return try await ask(port, "{ shop { name } }")
        }
        #expect(answer.status == 200)
        #expect(!answer.hasDataKey)
        #expect(answer.firstErrorCode == "THROTTLED")
        #expect(answer.throttleStatus?["currentlyAvailable"] as? Int == 0)
    }

    @Test func malformedJSONCutsTheRealAnswer() async throws {
        let (broken, whole) = try await withSandbox(configuration: SandboxConfiguration()) { server, port in
            server.faults.add(.malformedJSON)
            return (
                try await LoopbackHTTPClient.get(port: port, path: categoriesPath, headers: wooAuth),
                try await LoopbackHTTPClient.get(port: port, path: categoriesPath, headers: wooAuth)
            )
        }
        #expect(broken.status == 200)
        #expect(broken.header("Content-Type")?.contains("json") == true)
        #expect((try? JSONSerialization.jsonObject(with: Data(broken.body))) == nil)
        #expect(whole.text.hasPrefix(broken.text))
        #expect(broken.body.count < whole.body.count)
    }

    @Test func droppedConnectionsAreTransportErrors() async throws {
        let (outcome, after) = try await withSandbox(configuration: SandboxConfiguration()) { server, port in
            server.faults.add(.dropConnection, to: .simulator(.hubSpot))
            let outcome: Result<LoopbackResponse, any Error>
            do {
                outcome = .success(
                    try await LoopbackHTTPClient.get(port: port, path: "/crm/v3/owners", headers: [("Authorization", "Bearer pat-demo")]))
            } catch {
                outcome = .failure(error)
            }
            return (outcome, try await LoopbackHTTPClient.get(port: port, path: "/crm/v3/owners", headers: [("Authorization", "Bearer pat-demo")]))
        }
        switch outcome {
        case .success(let response): Issue.record("expected a transport error, got HTTP \(response.status)")
        case .failure(let error): #expect(error is LoopbackHTTPError)
        }
        #expect(after.status == 200)
    }

    @Test func slowBodiesTakeTheirTimeAndArriveWhole() async throws {
        let ((slow, normal), duration) = try await withSandbox(configuration: SandboxConfiguration()) { server, port in
            let normal = try await LoopbackHTTPClient.get(port: port, path: categoriesPath, headers: wooAuth)
            server.faults.add(.slowBody(chunkBytes: 1 + normal.body.count / 5, pauseMilliseconds: 60), to: .simulator(.wooCommerce))
            let (slow, duration) = try await elapsed { try await LoopbackHTTPClient.get(port: port, path: categoriesPath, headers: wooAuth) }
            return ((slow, normal), duration)
        }
        #expect(slow.status == 200)
        #expect(slow.body == normal.body)
        #expect(duration >= .milliseconds(4 * 60), "five chunks, four pauses")
    }

    @Test(arguments: [false, true])
    func hugeBodiesAreValidJSONOfTheRequestedSize(announcesLength: Bool) async throws {
        let response = try await withSandbox(configuration: SandboxConfiguration()) { server, port in
            server.faults.add(.hugeBody(megabytes: 2, announcesLength: announcesLength))
            return try await LoopbackHTTPClient.get(port: port, path: categoriesPath, headers: wooAuth)
        }
        #expect(response.status == 200)
        #expect(response.body.count >= 2 * 1_048_576)
        #expect(response.body.count < 2 * 1_048_576 + 200)
        #expect((try? JSONSerialization.jsonObject(with: Data(response.body))) != nil)
        if announcesLength {
            #expect(response.header("Content-Length") == String(response.body.count))
        } else {
            #expect(response.header("Transfer-Encoding") == "chunked")
        }
    }

    @Test func probabilityRulesAreSeededAndRepeatable() async throws {
        func pattern() async throws -> [Int] {
            try await withSandbox(configuration: SandboxConfiguration()) { server, port in
                server.faults.add(.status(500, body: "{}"), to: .simulator(.wooCommerce), trigger: .probability(0.5, seed: 42))
                var statuses: [Int] = []
                for _ in 0..<16 { statuses.append(try await LoopbackHTTPClient.get(port: port, path: categoriesPath, headers: wooAuth).status) }
                return statuses
            }
        }
        let first = try await pattern()
        let second = try await pattern()
        #expect(first == second)
        #expect(first.contains(500))
        #expect(first.contains(200))
    }

    @Test func theAdminEndpointSetsListsAndClearsFaults() async throws {
        let (added, listed, faulted, cleared, normal, invalid) = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            let added = try await admin(
                port, "POST", "/_sandbox/faults",
                json: """
                    [{"kind":"status","status":503,"body":"{\\"errors\\":\\"down\\"}","simulator":"woocommerce","count":5},
                     {"kind":"latency","milliseconds":10,"pathPrefix":"/crm/"}]
                    """)
            let listed = try await admin(port, "GET", "/_sandbox/faults")
            let faulted = try await LoopbackHTTPClient.get(port: port, path: categoriesPath, headers: wooAuth)
            let cleared = try await admin(port, "DELETE", "/_sandbox/faults")
            let normal = try await LoopbackHTTPClient.get(port: port, path: categoriesPath, headers: wooAuth)
            let invalid = try await admin(port, "POST", "/_sandbox/faults", json: #"{"kind":"explode"}"#)
            return (added, listed, faulted, cleared, normal, invalid)
        }
        #expect(added.status == 201)
        #expect((added.json?["faults"] as? [[String: Any]])?.count == 2)
        let rules = try #require(listed.json?["faults"] as? [[String: Any]])
        #expect(rules.first?["kind"] as? String == "status")
        #expect(rules.first?["remaining"] as? Int == 5)
        #expect(rules.last?["pathPrefix"] as? String == "/crm/")
        #expect(faulted.status == 503)
        #expect(faulted.text == #"{"errors":"down"}"#)
        #expect(cleared.status == 204)
        #expect(normal.status == 200)
        #expect(invalid.status == 400)
    }

    @Test func statsCountRequestsPerSimulatorAndConnections() async throws {
        let (stats, connections) = try await withSandbox(configuration: SandboxConfiguration()) { server, port in
            _ = try await LoopbackHTTPClient.get(port: port, path: categoriesPath, headers: wooAuth)
            _ = try await LoopbackHTTPClient.get(port: port, path: "/crm/v3/owners", headers: [("Authorization", "Bearer pat-demo")])
            _ = try await LoopbackHTTPClient.get(port: port, path: "/crm/v3/owners")
            _ = try await ask(port, "{ shop { name } }")
            server.faults.add(.status(500, body: ""), to: .simulator(.shopifyREST))
            _ = try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/shop.json")
            return (try await admin(port, "GET", "/_sandbox/stats"), server.acceptedConnections)
        }
        let json = try #require(stats.json)
        let requests = try #require(json["requests"] as? [String: Int])
        #expect(requests == ["shopify": 1, "shopify-rest": 0, "woocommerce": 1, "hubspot": 2])
        #expect(json["faultsInjected"] as? Int == 1)
        #expect(json["acceptedConnections"] as? Int == 6, "five requests and the stats request, each on its own connection")
        #expect(connections == 6)
    }

    @Test func keepAliveReusesOneConnection() async throws {
        let (before, afterKeepAlive, afterNew, answers) = try await withSandbox(configuration: SandboxConfiguration()) { server, port in
            let before = server.acceptedConnections
            let answers = try await LoopbackHTTPClient.keepAlive(
                port: port, paths: [categoriesPath, categoriesPath, categoriesPath], headers: wooAuth)
            let afterKeepAlive = server.acceptedConnections
            for _ in 0..<3 { _ = try await LoopbackHTTPClient.get(port: port, path: categoriesPath, headers: wooAuth) }
            return (before, afterKeepAlive, server.acceptedConnections, answers)
        }
        #expect(answers.map(\.status) == [200, 200, 200])
        #expect(afterKeepAlive == before + 1)
        #expect(afterNew == afterKeepAlive + 3)
    }
}
