import Adapters
import Foundation
import GatewayConfig
import Mapping
import Server
import Testing
import Upstream

/// Slow and idle clients hold no connection for ever: a request body trickled a byte at a time
/// (faster than the idle timeout) is cut at `server.requestReadTimeout` with a 408, and
/// `server.maxConnections` bounds the connections served at once, with normal calls served beside.
@Suite struct ConnectionLimitTests {
    @Test func aTrickledBodyIsCutAtTheReadDeadlineWhileOthersAreServed() async throws {
        var options = GatewayOptions()
        // Bytes come every 400 ms: the 2 s idle timeout never fires on its own.
        options.idleTimeout = "2s"
        options.serverExtra = ", requestReadTimeout: 3s"
        try await withLiveGateway(options) { gateway in
            let slow = try await RawConnection.open(port: gateway.port)
            defer { slow.close() }
            let body = Array(#"{"idOperator":"1","idConversation":"c","actionId":"x","padding":"\#(String(repeating: "y", count: 200))"}"#.utf8)
            let head =
                "POST /plugins/demo/customer/action HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.count)\r\n\r\n"
            try await slow.send(Array(head.utf8))
            let started = ContinuousClock.now
            let trickle = Task {
                // One byte at a time until the server answers or closes (or 20 s, a failure).
                var sent = 0
                while sent < body.count && ContinuousClock.now - started < .seconds(20) {
                    guard (try? await slow.send([body[sent]])) != nil else { return sent }
                    sent += 1
                    try? await Task.sleep(for: .milliseconds(400))
                }
                return sent
            }
            // Normal traffic meanwhile.
            for _ in 0..<3 {
                #expect(try await gateway.productIDs("limit=2").count == 2)
            }
            let answer = try await slow.readUntilClosed(timeout: .seconds(30))
            let elapsed = ContinuousClock.now - started
            trickle.cancel()
            let sent = await trickle.value
            let text = String(decoding: answer, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 408"), "\(text)")
            #expect(text.contains(#""error":"request_timeout""#), "\(text)")
            #expect(elapsed >= .milliseconds(2900), "cut after \(elapsed)")
            #expect(elapsed < .seconds(12), "cut after \(elapsed)")
            #expect(sent < body.count, "the body was sent whole (\(sent) bytes) before the cut")
            #expect(try await gateway.productIDs("limit=2").count == 2)
        }
    }

    @Test func idleConnectionsBeyondTheCapWaitAndNormalCallsAreStillServed() async throws {
        var options = GatewayOptions()
        options.idleTimeout = "2s"
        options.serverExtra = ", maxConnections: 4"
        try await withLiveGateway(options) { gateway in
            let cap = gateway.runtime.connections
            #expect(cap.maximum == 4)
            // Eight connections that never send a byte.
            var idle: [RawConnection] = []
            for _ in 0..<8 { idle.append(try await RawConnection.open(port: gateway.port)) }
            defer { for connection in idle { connection.close() } }
            try await until { cap.open >= 4 }
            // A normal call: served once idle connections are closed by the idle timeout.
            let started = ContinuousClock.now
            let answer = try await gateway.get("/health")
            #expect(answer.status == 200)
            // Every idle connection was closed by the server (end of stream, no answer).
            for connection in idle {
                let read = try await connection.readUntilClosed(timeout: .seconds(30))
                #expect(read.isEmpty || String(decoding: read, as: UTF8.self).hasPrefix("HTTP/1.1 408"))
            }
            #expect(cap.highestServed >= 4, "served \(cap.highestServed) connections at once")
            #expect(cap.highestServed <= 4 + ConnectionCap.acceptBatch - 1, "served \(cap.highestServed) connections at once")
            #expect(ContinuousClock.now - started < .seconds(30))
            // With the idle ones gone, calls are served at once again.
            #expect(try await gateway.productIDs("limit=2").count == 2)
            try await until { cap.open <= 1 }
        }
    }

    @Test func theSettingsAreReadAndCheckedFromConfigYAML() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-conn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("config.yaml").path
        func load(_ server: String, _ upstream: String = "{}") throws -> (GatewayConfiguration?, [String]) {
            try """
            server: \(server)
            upstream: \(upstream)
            adapters: \(repositoryAdapters)
            tenants:
              demo: { websites: [ha-1], adapter: shopify, upstream: "http://127.0.0.1:1", credentials: { accessToken: t }, secret: s }
            """.write(toFile: path, atomically: true, encoding: .utf8)
            let diagnostics = Diagnostics()
            let configuration = ConfigurationLoader.load(path: path, environment: [:], diagnostics: diagnostics)
            return (configuration, diagnostics.all.map { "\($0)" })
        }
        let (defaults, _) = try load("{ host: 127.0.0.1 }")
        #expect(defaults?.listener.maxConnections == 1000)
        #expect(defaults?.listener.requestReadTimeout == .seconds(20))
        #expect(defaults?.upstream.parseBudget == 96 << 20)
        #expect(defaults?.upstream.parseWait == .seconds(5))
        let (set, _) = try load("{ host: 127.0.0.1, maxConnections: 50, requestReadTimeout: 7s }", "{ parseBudget: 32MiB, parseWait: 2s }")
        #expect(set?.listener.maxConnections == 50)
        #expect(set?.listener.requestReadTimeout == .seconds(7))
        #expect(set?.upstream.parseBudget == 32 << 20)
        #expect(set?.upstream.parseWait == .seconds(2))
        let (refused, errors) = try load("{ host: 127.0.0.1, maxConnections: 0 }", "{ parseBudget: lots }")
        #expect(refused == nil)
        #expect(errors.contains { $0.contains("config.yaml:1:") }, "\(errors)")
        #expect(errors.contains { $0.contains("config.yaml:2:") }, "\(errors)")
    }

    /// Waits (up to 30 s) until `condition` holds, looking every 20 ms.
    func until(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !condition() {
            try #require(ContinuousClock.now < deadline, "the condition never held")
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
