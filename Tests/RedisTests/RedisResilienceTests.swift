import Redis
import RedisServerSupport
import Testing

/// Deadlines, lost connections and a Redis that goes away and comes back.
@Suite struct RedisResilienceTests {
    @Test func aCommandPastItsTimeoutFailsInTimeAndThePoolRecovers() async throws {
        try await RedisServer.with { server in
            var configuration = server.configuration()
            configuration.commandTimeout = .milliseconds(300)
            try await withClient(configuration) { client in
                try await client.set("key", to: Array("value".utf8))
                // Another client pauses every client's commands for 10 s (2 s once ended before a
                // loaded machine sent the next command).
                try await withClient(server.configuration()) { admin in
                    _ = try await admin.send(["CLIENT", "PAUSE", "10000", "ALL"])
                }
                let (outcome, elapsed) = await timed { try await client.get("key") }
                guard case .failure(RedisError.timedOut(let after)) = outcome else {
                    Issue.record("expected timedOut, got \(outcome)")
                    return
                }
                #expect(after == .milliseconds(300))
                #expect(elapsed >= .milliseconds(300))
                #expect(elapsed < .seconds(5))
                // The timed-out connection was replaced; once the pause ends commands succeed again.
                let value = try await eventually(within: .seconds(20)) { try await client.get("key") }
                #expect(value == Array("value".utf8))
                try await eventually(within: .seconds(3)) {
                    guard client.connectedCount == 2 else { throw RedisError.protocolError("pool not refilled") }
                }
            }
        }
    }

    @Test func commandsFailFastWhileRedisIsDownAndSucceedAfterItReturns() async throws {
        let first = try await RedisServer.start()
        let port = first.port
        var configuration = first.configuration()
        // Far above what a loaded machine takes to see a refused connection (1.35 s once in CI).
        configuration.commandTimeout = .seconds(30)
        try await withClient(configuration) { client in
            try await client.set("before", to: Array("kept in memory only".utf8))
            await first.stop()

            // Down: every command fails quickly with a connection error, never waits for the 30 s timeout.
            for _ in 0..<5 {
                let (outcome, elapsed) = await timed { try await client.get("before") }
                switch outcome {
                case .failure(RedisError.connectFailed), .failure(RedisError.connectionClosed): break
                default: Issue.record("expected a connection error, got \(outcome)")
                }
                #expect(elapsed < .seconds(10))
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(client.connectedCount == 0)

            // Back on the same port (no persistence: the data is gone, the connection comes back).
            let second = try await RedisServer.start(port: port)
            do {
                try await eventually(within: .seconds(5)) { try await client.ping() }
                try await client.set("after", to: Array("restarted".utf8))
                #expect(try await client.get("after") == Array("restarted".utf8))
                #expect(try await client.get("before") == nil)
                try await eventually(within: .seconds(3)) {
                    guard client.connectedCount == 2 else { throw RedisError.protocolError("pool not refilled") }
                }
            } catch {
                await second.stop()
                throw error
            }
            await second.stop()
        }
    }

    @Test func aConnectionTheServerDropsIsReplaced() async throws {
        try await RedisServer.with { server in
            var configuration = server.configuration()
            configuration.poolSize = 1
            try await withClient(configuration) { client in
                try await client.ping()
                let id = try #require(try await client.send(["CLIENT", "ID"]).integer)
                try await withClient(server.configuration()) { admin in
                    _ = try await admin.send(["CLIENT", "KILL", "ID", String(id)])
                }
                let newID = try await eventually(within: .seconds(3)) { try await client.send(["CLIENT", "ID"]).integer }
                #expect(newID != id)
            }
        }
    }
}
