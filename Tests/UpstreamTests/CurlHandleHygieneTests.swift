import CCurl
import Testing

@testable import Upstream

/// Easy handles reused across requests: what makes one unusable, and that none ever reaches a
/// later request (see ``CurlHandlePool``).
@Suite("Curl handle hygiene")
struct CurlHandleHygieneTests {
    /// The cause, shown on libcurl itself: a transfer removed while it waits for a connection
    /// (PENDING under CURLMOPT_MAX_HOST_CONNECTIONS) keeps its receive buffer through
    /// `curl_easy_reset`, and CURLOPT_BUFFERSIZE is refused from then on.
    @Test func libcurlRefusesBufferSizeOnAHandleRemovedWhilePending() async throws {
        try await TestServer.run { server in
            try CurlProcessSetup.ensureInitialised()
            let multi = try #require(curl_multi_init())
            defer { curl_multi_cleanup(multi) }
            _ = deskbridge_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 1)
            let first = try #require(CurlEasyHandle.make())
            let second = try #require(CurlEasyHandle.make())
            defer {
                first.destroy()
                second.destroy()
            }
            for handle in [first, second] {
                _ = deskbridge_easy_setopt_string(handle.raw, CURLOPT_URL, server.url("/slow?ms=5000"))
                #expect(curl_multi_add_handle(multi, handle.raw) == CURLM_OK)
            }
            // Both leave INIT on the first calls: the first connects, the second goes PENDING.
            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            #expect(running == 2)
            // Until the server handles the first request: a connection still being accepted when
            // the test server stops would trip NIO (apple/swift-nio#2637).
            try await waitUntil {
                _ = curl_multi_perform(multi, &running)
                return server.connections.distinctConnections == 1
            }

            curl_multi_remove_handle(multi, second.raw)
            second.reset()
            #expect(deskbridge_easy_setopt_long(second.raw, CURLOPT_BUFFERSIZE, 128 << 10) == CURLE_BAD_FUNCTION_ARGUMENT)
            // A handle that never ran takes the option.
            let fresh = try #require(CurlEasyHandle.make())
            defer { fresh.destroy() }
            #expect(deskbridge_easy_setopt_long(fresh.raw, CURLOPT_BUFFERSIZE, 128 << 10) == CURLE_OK)
            curl_multi_remove_handle(multi, first.raw)
        }
    }

    @Test func requestsCancelledWhileWaitingForAConnectionLeaveNoUnusableHandle() async throws {
        try await TestServer.run { server in
            try await withClient(CurlClientConfiguration(requestTimeout: .seconds(60), maxConnectionsPerHost: 1)) { client in
                let queued = Task {
                    await withTaskGroup(of: Void.self) { group in
                        for _ in 0..<40 {
                            group.addTask { _ = try? await client.execute(UpstreamRequest(url: server.url("/slow?ms=20000"))) }
                        }
                    }
                }
                // Every request in the multi handle: one connected, 39 pending.
                try await waitUntil { client.pool.running == 40 }
                try #require(client.pool.running == 40)
                queued.cancel()
                await queued.value
                try await expectServed(50, by: client, at: server.url("/json"))
                let pool = client.pool
                #expect(pool.configurationFailures == 0)
                #expect(pool.destroyed >= 40)
                #expect(pool.running == 0)
            }
        }
    }

    @Test func requestsThatTimeOutWhileWaitingForAConnectionLeaveNoUnusableHandle() async throws {
        try await TestServer.run { server in
            try await withClient(CurlClientConfiguration(requestTimeout: .seconds(60), maxConnectionsPerHost: 1)) { client in
                let errors = await withTaskGroup(of: UpstreamError?.self) { group in
                    for _ in 0..<40 {
                        group.addTask {
                            await failure(of: UpstreamRequest(url: server.url("/slow?ms=20000"), timeout: .milliseconds(400)), on: client)
                        }
                    }
                    return await group.reduce(into: [UpstreamError?]()) { $0.append($1) }
                }
                #expect(errors.allSatisfy { $0 == .timedOut(after: .milliseconds(400)) }, "\(errors)")
                try await expectServed(50, by: client, at: server.url("/json"))
                #expect(client.pool.configurationFailures == 0)
            }
        }
    }

    @Test func theIdlePoolIsBoundedAndReused() async throws {
        try await TestServer.run { server in
            try await withClient(CurlClientConfiguration(requestTimeout: .seconds(60), maxConnectionsPerHost: 200)) { client in
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<150 { group.addTask { try await client.execute(UpstreamRequest(url: server.url("/slow?ms=2000"))).status } }
                    for try await status in group { #expect(status == 200) }
                }
                let afterBurst = client.pool
                #expect(afterBurst.idle == 64)
                #expect(afterBurst.created > 64)
                #expect(afterBurst.destroyed == afterBurst.created - 64)
                try await expectServed(20, by: client, at: server.url("/json"))
                #expect(client.pool.created == afterBurst.created, "sequential requests reuse idle handles")
            }
        }
    }

    /// `count` sequential requests to `url`, each answered 200.
    private func expectServed(_ count: Int, by client: CurlHTTPClient, at url: String) async throws {
        for index in 0..<count {
            let response = try await client.execute(UpstreamRequest(url: url))
            try #require(response.status == 200, "request \(index)")
        }
    }
}
