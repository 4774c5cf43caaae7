import Redis
import RedisServerSupport
import Testing

@Suite struct RedisScriptTests {
    /// The shape of a fleet-wide budget: take one token if any is left, atomically.
    static let takeToken = RedisScript(
        """
        local left = tonumber(redis.call('GET', KEYS[1]) or ARGV[1])
        if left <= 0 then return 0 end
        redis.call('SET', KEYS[1], left - 1, 'PX', ARGV[2])
        return 1
        """)

    @Test func evalShaFallsBackToEvalWhenTheServerForgotTheScript() async throws {
        try await RedisServer.with { server in
            try await withClient(server.configuration()) { client in
                let script = Self.takeToken
                let exists = ["SCRIPT", "EXISTS", script.sha1]
                #expect(try await client.send(exists) == .array([.integer(0)]))
                #expect(try await client.eval(script, keys: ["budget"], arguments: [Array("2".utf8), Array("10000".utf8)]) == .integer(1))
                #expect(try await client.send(exists) == .array([.integer(1)]))

                _ = try await client.send(["SCRIPT", "FLUSH"])
                #expect(try await client.send(exists) == .array([.integer(0)]))
                #expect(try await client.eval(script, keys: ["budget"], arguments: [Array("2".utf8), Array("10000".utf8)]) == .integer(1))
                #expect(try await client.send(exists) == .array([.integer(1)]))
                #expect(try await client.eval(script, keys: ["budget"], arguments: [Array("2".utf8), Array("10000".utf8)]) == .integer(0))
            }
        }
    }

    @Test func scriptErrorsAreServerErrors() async throws {
        try await RedisServer.with { server in
            try await withClient(server.configuration()) { client in
                await #expect {
                    _ = try await client.eval(RedisScript("return redis.call('NOSUCHCOMMAND')"))
                } throws: { error in
                    guard case RedisError.server(let message) = error else { return false }
                    return message.contains("Unknown Redis command")
                }
                let reply = try await client.eval(RedisScript("return {1, 'two', false}"))
                #expect(reply == .array([.integer(1), .bulk(Array("two".utf8)), .null]))
            }
        }
    }
}
