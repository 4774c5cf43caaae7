import Redis
import RedisServerSupport
import Testing

/// The typed commands over a real socket to a real redis-server.
@Suite struct RedisCommandTests {
    @Test func valuesAndKeysAreBinarySafe() async throws {
        try await RedisServer.with { server in
            try await withClient(server.configuration()) { client in
                let value = (0...255).map(UInt8.init) + Array("\r\n$-1\r\n*0\r\n".utf8) + [0, 0]
                let key = "tenant a/key with spaces\r\nand a newline é"
                try await client.set(key, to: value)
                #expect(try await client.get(key) == value)
                try await client.set("empty", to: [])
                #expect(try await client.get("empty") == [])
                #expect(try await client.get("missing") == nil)

                #expect(try await client.hset("hash", fields: ["binary": value, "empty": [], "text": Array("ok".utf8)]) == 3)
                #expect(try await client.hget("hash", field: "binary") == value)
                #expect(try await client.hget("hash", field: "nope") == nil)
                #expect(try await client.hgetall("hash") == ["binary": value, "empty": [], "text": Array("ok".utf8)])
                #expect(try await client.hdel("hash", fields: ["text", "nope"]) == 1)
                #expect(try await client.hgetall("missing-hash") == [:])

                let large = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
                try await client.set("large", to: large)
                #expect(try await client.get("large") == large)
            }
        }
    }

    @Test func setOnlyIfAbsentWithExpiry() async throws {
        try await RedisServer.with { server in
            try await withClient(server.configuration()) { client in
                // An expiry no loaded machine outruns between two commands; shortened below to see it go.
                #expect(try await client.set("lock", to: Array("holder-a".utf8), expiresIn: .seconds(60), onlyIfAbsent: true))
                #expect(try await client.set("lock", to: Array("holder-b".utf8), expiresIn: .seconds(60), onlyIfAbsent: true) == false)
                #expect(try await client.get("lock") == Array("holder-a".utf8))
                let remaining = try #require(try await client.send(["PTTL", "lock"]).integer)
                #expect((1...60_000).contains(remaining))
                // Once expired, the next NX succeeds: a crashed holder blocks no longer than its expiry.
                #expect(try await client.expire("lock", after: .milliseconds(100)))
                try await eventually(within: .seconds(15)) {
                    guard try await client.get("lock") == nil else { throw RedisError.protocolError("not expired yet") }
                }
                #expect(try await client.set("lock", to: Array("holder-b".utf8), onlyIfAbsent: true))
                #expect(try await client.send(["PTTL", "lock"]) == .integer(-1))

                #expect(try await client.expire("lock", after: .seconds(30)))
                #expect(try await client.expire("missing", after: .seconds(30)) == false)
                let ttl = try #require(try await client.send(["PTTL", "lock"]).integer)
                #expect((20_000...30_000).contains(ttl))  // a loaded machine once took 2 s between the two commands
                #expect(try await client.del(["lock", "missing"]) == 1)
                #expect(try await client.get("lock") == nil)
            }
        }
    }

    @Test func serverErrorsCarryTheirMessage() async throws {
        try await RedisServer.with { server in
            try await withClient(server.configuration()) { client in
                try await client.ping()
                await #expect {
                    _ = try await client.send(["NOSUCHCOMMAND", "x"])
                } throws: { error in
                    guard case RedisError.server(let message) = error else { return false }
                    return message.hasPrefix("ERR unknown command")
                }
                try await client.set("text", to: Array("v".utf8))
                await #expect {
                    _ = try await client.hget("text", field: "f")
                } throws: { error in
                    (error as? RedisError)?.serverErrorCode == "WRONGTYPE"
                }
                // An error inside an array stays a reply element.
                let results = try await client.eval(RedisScript("return {1, redis.error_reply('BUDGET exhausted')}"))
                #expect(results == .array([.integer(1), .error("BUDGET exhausted")]))
            }
        }
    }

    @Test func aThousandConcurrentCommandsOnTwoConnectionsAllGetTheirOwnReply() async throws {
        try await RedisServer.with { server in
            try await withClient(server.configuration()) { client in
                try await client.ping()
                let mismatches = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<1_000 {
                        group.addTask {
                            let payload = "reply-\(index)-" + String(repeating: "x", count: index % 37)
                            let reply = try await client.send(["ECHO", payload])
                            return reply.string == payload ? 0 : 1
                        }
                    }
                    return try await group.reduce(0, +)
                }
                #expect(mismatches == 0)
                #expect(client.connectedCount == 2)
                // Exactly the pool's two connections at the server (the readiness probe's may linger a moment).
                try await eventually(within: .seconds(2)) {
                    let clients = try await client.send(["CLIENT", "LIST"]).string ?? ""
                    guard clients.split(separator: "\n").count == 2 else { throw RedisError.protocolError(clients) }
                }
            }
        }
    }

    @Test(arguments: [["MULTI"], ["select", "3"], ["SUBSCRIBE", "fleet"], ["WATCH", "key"], ["CLIENT", "REPLY", "OFF"]])
    func commandsThatWouldChangeOnePooledConnectionAreRefused(command: [String]) async throws {
        try await RedisServer.with { server in
            try await withClient(server.configuration()) { client in
                await #expect {
                    _ = try await client.send(command)
                } throws: { error in
                    guard case RedisError.connectionStateCommand(let name) = error else { return false }
                    return name.hasPrefix(command[0].uppercased()) && "\(error)".contains("eval")
                }
                try await client.ping()
            }
        }
    }

    @Test func aShutDownClientRefusesCommands() async throws {
        try await RedisServer.with { server in
            let client = RedisClient(configuration: server.configuration(), logger: quietLogger)
            try await client.ping()
            await client.shutdown()
            await client.shutdown()
            await #expect(throws: RedisError.shutDown) { try await client.ping() }
            #expect(client.connectedCount == 0)
        }
    }
}
