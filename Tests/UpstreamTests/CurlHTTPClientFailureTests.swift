import Foundation
import Synchronization
import Testing

@testable import Upstream

@Suite("CurlHTTPClient failures")
struct CurlHTTPClientFailureTests {
    @Test func refusedConnectionIsConnectFailed() async throws {
        try await withRefusingPort { port in
            try await withClient { client in
                let error = await failure(of: UpstreamRequest(url: "http://127.0.0.1:\(port)/json"), on: client)
                guard case .connectFailed(let host, let reason) = error else {
                    Issue.record("expected connectFailed, got \(String(describing: error))")
                    return
                }
                #expect(host == "127.0.0.1")
                #expect(!reason.isEmpty)
            }
        }
    }

    @Test func unresolvableHostIsConnectFailed() async throws {
        try await withClient { client in
            let error = await failure(of: UpstreamRequest(url: "http://deskbridge-test.invalid/x"), on: client)
            guard case .connectFailed(let host, _) = error else {
                Issue.record("expected connectFailed, got \(String(describing: error))")
                return
            }
            #expect(host == "deskbridge-test.invalid")
        }
    }

    @Test func tlsHandshakeWithAPlainServerIsATransportError() async throws {
        try await TestServer.run { server in
            // Limits far above a handshake's time on a loaded machine: the error must be the TLS one.
            try await withClient(CurlClientConfiguration(connectTimeout: .seconds(30), requestTimeout: .seconds(60))) { client in
                let error = await failure(of: UpstreamRequest(url: "https://127.0.0.1:\(server.port)/json"), on: client)
                guard case .transport(let code, let message) = error else {
                    Issue.record("expected transport, got \(String(describing: error))")
                    return
                }
                #expect(code == 35)  // CURLE_SSL_CONNECT_ERROR
                #expect(!message.isEmpty)
            }
        }
    }

    @Test func requestTimeoutOverridesTheDefault() async throws {
        try await TestServer.run { server in
            try await withClient(CurlClientConfiguration(requestTimeout: .seconds(30))) { client in
                let started = ContinuousClock.now
                let request = UpstreamRequest(url: server.url("/slow?ms=30000"), timeout: .milliseconds(300))
                let error = await failure(of: request, on: client)
                #expect(error == .timedOut(after: .milliseconds(300)))
                #expect(ContinuousClock.now - started < .seconds(15))
            }
        }
    }

    @Test func clientDefaultTimeoutApplies() async throws {
        try await TestServer.run { server in
            try await withClient(CurlClientConfiguration(requestTimeout: .milliseconds(250))) { client in
                let error = await failure(of: UpstreamRequest(url: server.url("/slow?ms=3000")), on: client)
                #expect(error == .timedOut(after: .milliseconds(250)))
                // The client still works after a timeout (with room to spare on a loaded machine).
                let response = try await client.execute(UpstreamRequest(url: server.url("/json"), timeout: .seconds(10)))
                #expect(response.status == 200)
            }
        }
    }

    @Test func announcedBodyAboveTheLimitIsTooLarge() async throws {
        try await TestServer.run { server in
            try await withClient(CurlClientConfiguration(maxResponseBytes: 100_000)) { client in
                let error = await failure(of: UpstreamRequest(url: server.url("/bytes/\(200 << 10)")), on: client)
                #expect(error == .responseTooLarge(limit: 100_000))
            }
        }
    }

    @Test func streamedBodyAboveTheLimitIsTooLarge() async throws {
        try await TestServer.run { server in
            try await withClient(CurlClientConfiguration(maxResponseBytes: 100_000)) { client in
                let error = await failure(of: UpstreamRequest(url: server.url("/stream?bytes=\(1 << 20)")), on: client)
                #expect(error == .responseTooLarge(limit: 100_000))
                // A streamed body under the limit is fine.
                let small = try await client.execute(UpstreamRequest(url: server.url("/stream?bytes=50000")))
                #expect(small.body.count == 50000)
                #expect(small.header("content-length") == nil)
            }
        }
    }

    @Test func bodyExactlyAtTheLimitIsAccepted() async throws {
        try await TestServer.run { server in
            try await withClient(CurlClientConfiguration(maxResponseBytes: 2048)) { client in
                let response = try await client.execute(UpstreamRequest(url: server.url("/bytes/2048")))
                #expect(response.body.count == 2048)
                let error = await failure(of: UpstreamRequest(url: server.url("/bytes/2049")), on: client)
                #expect(error == .responseTooLarge(limit: 2048))
            }
        }
    }

    @Test func cancellingAnInFlightRequestReturnsCancelledPromptly() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                let started = ContinuousClock.now
                let task = Task { await failure(of: UpstreamRequest(url: server.url("/slow?ms=30000"), timeout: .seconds(60)), on: client) }
                // Cancelled once the request is in flight: the server has it.
                try await waitUntil { server.connections.distinctConnections == 1 }
                task.cancel()
                let error = await task.value
                #expect(error == .cancelled)
                #expect(ContinuousClock.now - started < .seconds(15))
                // The client keeps working.
                #expect(try await client.execute(UpstreamRequest(url: server.url("/json"))).status == 200)
            }
        }
    }

    @Test func alreadyCancelledTaskDoesNotSendTheRequest() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                let task = Task {
                    withUnsafeCurrentTask { $0?.cancel() }
                    return await failure(of: UpstreamRequest(url: server.url("/json")), on: client)
                }
                #expect(await task.value == .cancelled)
                #expect(server.connections.distinctConnections == 0)
            }
        }
    }

    @Test func shutdownFailsInFlightAndQueuedRequests() async throws {
        try await TestServer.run { server in
            // One connection: the first request holds it, the others wait in curl's queue.
            let client = try CurlHTTPClient(configuration: .init(maxConnectionsPerHost: 1), logger: quietLogger)
            let tasks = (0..<3).map { _ in
                Task { await failure(of: UpstreamRequest(url: server.url("/slow?ms=5000")), on: client) }
            }
            // Shut down once one request is in flight (the server has it); the others are queued
            // behind it, or reach a client already shut down: both must fail with shutDown.
            try await waitUntil { server.connections.distinctConnections == 1 }
            await client.shutdown()
            for task in tasks {
                #expect(await task.value == .shutDown)
            }
            #expect(await failure(of: UpstreamRequest(url: server.url("/json")), on: client) == .shutDown)
            await client.shutdown()  // idempotent
        }
    }

    @Test(arguments: [
        "file:///etc/passwd", "ftp://127.0.0.1/file", "gopher://127.0.0.1/", "not a url", "", "http://",
        "/relative/path", "http://exa mple.com/",
    ])
    func invalidURLsAreRefused(url: String) async throws {
        try await withClient { client in
            #expect(await failure(of: UpstreamRequest(url: url), on: client) == .invalidURL(url))
        }
    }

    @Test func malformedMethodsAndHeadersAreRefused() async throws {
        try await withClient { client in
            let url = "http://127.0.0.1:1/"
            let badMethod = await failure(of: UpstreamRequest(method: "GE T", url: url), on: client)
            let injected = await failure(
                of: UpstreamRequest(
                    url: url, headers: [HTTPHeader(name: "X-Evil", value: "a\r\nHost: other")]), on: client)
            let badName = await failure(
                of: UpstreamRequest(
                    url: url, headers: [HTTPHeader(name: "Bad Name", value: "x")]), on: client)
            for error in [badMethod, injected, badName] {
                guard case .invalidRequest = error else {
                    Issue.record("expected invalidRequest, got \(String(describing: error))")
                    continue
                }
            }
        }
    }
}
