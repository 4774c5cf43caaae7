import Foundation
import Testing

@testable import Upstream

/// Time limits, size limits, deadlines, the connection pool and the proxy setting, over loopback.
@Suite("CurlHTTPClient limits")
struct CurlClientLimitsTests {
    @Test func tenThousandRequestsStayWithinThePoolBound() async throws {
        try await TestServer.run { server in
            try await withClient(CurlClientConfiguration(requestTimeout: .seconds(60), maxConnectionsPerHost: 8)) { client in
                let total = 10_000
                let concurrency = 64
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    var started = 0
                    var statuses: [Int: Int] = [:]
                    func start() {
                        let path = started.isMultiple(of: 2) ? "/json" : "/bytes/2048"
                        group.addTask { try await client.execute(UpstreamRequest(url: server.url(path))).status }
                        started += 1
                    }
                    while started < concurrency { start() }
                    for try await status in group {
                        statuses[status, default: 0] += 1
                        if started < total { start() }
                    }
                    return statuses
                }
                #expect(statuses == [200: total])
                #expect(server.connections.acceptedConnections >= 1)
                #expect(server.connections.acceptedConnections <= 8)
                let counts = client.counters.counts(for: "http://127.0.0.1:\(server.port)")
                #expect(counts.requests == total)
                #expect(counts.latency.count == total)
                #expect(counts.latency.counts.reduce(0, +) == total)
            }
        }
    }

    @Test func severalEventLoopsShareThePoolBound() async throws {
        try await TestServer.run { server in
            try await withClient(CurlClientConfiguration(requestTimeout: .seconds(60), maxConnectionsPerHost: 8, eventLoops: 2)) { client in
                let bodies = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<400 {
                        group.addTask { try await client.execute(UpstreamRequest(url: server.url("/bytes/\(1000 + index)"))).body.count }
                    }
                    return try await group.reduce(into: Set<Int>()) { $0.insert($1) }
                }
                #expect(bodies == Set((0..<400).map { 1000 + $0 }))
                #expect(server.connections.acceptedConnections <= 8)
                #expect(server.connections.acceptedConnections >= 2)  // both threads took part
            }
        }
    }

    @Test func firstByteTimeoutFiresLongBeforeTheTotalTimeout() async throws {
        try await TestServer.run { server in
            let configuration = CurlClientConfiguration(requestTimeout: .seconds(20), firstByteTimeout: .milliseconds(300))
            try await withClient(configuration) { client in
                let started = ContinuousClock.now
                let error = await failure(of: UpstreamRequest(url: server.url("/slow?ms=30000")), on: client)
                #expect(error == .timedOut(after: .milliseconds(300)))
                // Far below the 30 s the answer would take, with room for a loaded machine.
                #expect(ContinuousClock.now - started < .seconds(15))
            }
            // A body that starts at once but lasts longer than the first-byte limit is fine (a limit
            // wide enough for a loaded machine to send the first chunk within it).
            // 10 s: the whole suite starting at once on two cores has delayed a first chunk by over 4 s.
            try await withClient(CurlClientConfiguration(requestTimeout: .seconds(60), firstByteTimeout: .seconds(10))) { client in
                let trickled = try await client.execute(UpstreamRequest(url: server.url("/trickle?chunks=12&bytes=10&ms=1000")))
                #expect(trickled.body.count == 120)
                #expect(trickled.timing.total > .seconds(10))
            }
        }
    }

    @Test func slowBodyIsAborted() async throws {
        try await TestServer.run { server in
            let configuration = CurlClientConfiguration(
                requestTimeout: .seconds(20), slowTransfer: SlowTransferLimit(minimumBytesPerSecond: 1000, period: .seconds(1)))
            try await withClient(configuration) { client in
                let started = ContinuousClock.now
                // 10 bytes every 300 ms: far below 1000 bytes per second, for 30 s if let run.
                let error = await failure(of: UpstreamRequest(url: server.url("/trickle?chunks=100&bytes=10&ms=300")), on: client)
                #expect(error == .timedOut(after: .seconds(1)))
                #expect(ContinuousClock.now - started < .seconds(15))
            }
        }
    }

    @Test func endlessBodyIsStoppedAtTheLimitWithoutBeingBuffered() async throws {
        try await TestServer.run { server in
            try await withClient(CurlClientConfiguration(maxResponseBytes: 256 << 10)) { client in
                let error = await failure(of: UpstreamRequest(url: server.url("/endless")), on: client)
                #expect(error == .responseTooLarge(limit: 256 << 10))
                try await Task.sleep(for: .milliseconds(200))
                // The server stopped long before the body's end (1 GiB): the client hung up at the
                // limit. (What the server counts includes what NIO and both socket buffers took.)
                #expect(server.streamedBytes.total < 256 << 20)
            }
        }
    }

    @Test func passedDeadlineFailsWithoutANetworkCall() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                let request = UpstreamRequest(url: server.url("/json"), deadline: .now - .milliseconds(1))
                #expect(await failure(of: request, on: client) == .timedOut(after: .zero))
                #expect(server.connections.acceptedConnections == 0)
            }
        }
    }

    @Test func deadlineShortensTheTimeout() async throws {
        try await TestServer.run { server in
            try await withClient(CurlClientConfiguration(requestTimeout: .seconds(20))) { client in
                let started = ContinuousClock.now
                let request = UpstreamRequest(url: server.url("/slow?ms=30000"), timeout: .seconds(60), deadline: .now + .milliseconds(300))
                guard case .timedOut(let after) = await failure(of: request, on: client) else {
                    Issue.record("expected timedOut")
                    return
                }
                #expect(after <= .milliseconds(300))
                #expect(ContinuousClock.now - started < .seconds(15))
            }
        }
    }

    @Test func configuredProxyReceivesTheRequests() async throws {
        try await TestServer.run { proxy in
            let configuration = CurlClientConfiguration(proxy: .server(url: "http://127.0.0.1:\(proxy.port)"))
            try await withClient(configuration) { client in
                // The host does not resolve: only the proxy can answer. The proxy here is the
                // test server, which answers the absolute-form request itself.
                let response = try await client.execute(UpstreamRequest(url: "http://deskbridge-proxy-test.invalid/json"))
                #expect(response.status == 200)
                #expect(proxy.connections.acceptedConnections == 1)
            }
            let bypassing = CurlClientConfiguration(proxy: .server(url: "http://127.0.0.1:\(proxy.port)", noProxy: "deskbridge-proxy-test.invalid"))
            try await withClient(bypassing) { client in
                guard case .connectFailed = await failure(of: UpstreamRequest(url: "http://deskbridge-proxy-test.invalid/json"), on: client) else {
                    Issue.record("NO_PROXY host should have been resolved directly")
                    return
                }
            }
            try await withClient(CurlClientConfiguration(proxy: .direct)) { client in
                let response = try await client.execute(UpstreamRequest(url: proxy.url("/json")))
                #expect(response.status == 200)
            }
        }
    }

    @Test func countersRecordStatusesErrorsAndLatency() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                _ = try await client.execute(UpstreamRequest(url: server.url("/json")))
                _ = try await client.execute(UpstreamRequest(url: server.url("/error")))
                _ = await failure(of: UpstreamRequest(url: server.url("/slow?ms=2000"), timeout: .milliseconds(200)), on: client)
                var named = UpstreamRequest(url: server.url("/json"))
                named.upstreamName = "catalog"
                _ = try await client.execute(named)
                let statistics = client.counters.snapshot(cache: CacheStatistics())
                let counts = try #require(statistics.upstreams["http://127.0.0.1:\(server.port)"])
                #expect(counts.requests == 3)
                #expect(counts.responsesByStatusClass == [2: 1, 5: 1])
                #expect(counts.errors == ["timedOut": 1])
                #expect(counts.latency.count == 3)
                #expect(counts.latency.sum >= .milliseconds(200))
                #expect(statistics.upstreams["catalog"]?.requests == 1)
                #expect(statistics.cache == CacheStatistics())
            }
        }
    }
}
