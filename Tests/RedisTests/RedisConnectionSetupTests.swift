import Redis
import RedisServerSupport
import Testing

/// AUTH and SELECT on every new connection.
@Suite struct RedisConnectionSetupTests {
    @Test func authenticatesAndSelectsTheDatabase() async throws {
        try await RedisServer.with(password: "s3cret") { server in
            let url = "redis://:s3cret@127.0.0.1:\(server.port)/3"
            try await withClient(try RedisConfiguration(url: url)) { database3 in
                try await database3.set("fleet:key", to: Array("in db 3".utf8))
                #expect(try await database3.get("fleet:key") == Array("in db 3".utf8))
            }
            // The ACL form (AUTH user password) with Redis' default user, on database 0.
            try await withClient(server.configuration(username: "default", password: "s3cret")) { database0 in
                let value = try await database0.get("fleet:key")
                #expect(value == nil)
            }
        }
    }

    @Test func aWrongPasswordIsAClearError() async throws {
        try await RedisServer.with(password: "s3cret") { server in
            try await withClient(server.configuration(password: "wrong")) { client in
                await #expect {
                    try await client.ping()
                } throws: { error in
                    guard case RedisError.authenticationFailed(let address, let message) = error else { return false }
                    return address == "127.0.0.1:\(server.port)" && message.hasPrefix("WRONGPASS")
                        && "\(error)".contains("refused the credentials")
                }
                #expect(client.connectedCount == 0)
            }
            try await withClient(server.configuration()) { client in
                await #expect {
                    try await client.ping()
                } throws: { error in
                    (error as? RedisError)?.serverErrorCode == "NOAUTH"
                }
            }
        }
    }

    @Test func aDatabaseTheServerDoesNotHaveIsAConnectError() async throws {
        try await RedisServer.with { server in
            try await withClient(server.configuration(database: 99)) { client in
                await #expect {
                    try await client.ping()
                } throws: { error in
                    guard case RedisError.connectFailed(_, let reason) = error else { return false }
                    return reason.contains("SELECT 99 refused")
                }
            }
        }
    }

    @Test func nobodyListeningIsAConnectError() async throws {
        let server = try await RedisServer.start()
        var configuration = server.configuration()
        // A refusal must not wait for the connect timeout: one far longer than any loaded machine's delay.
        configuration.connectTimeout = .seconds(30)
        await server.stop()
        try await withClient(configuration) { client in
            let (outcome, elapsed) = await timed { try await client.ping() }
            guard case .failure(RedisError.connectFailed(let address, _)) = outcome else {
                Issue.record("expected connectFailed, got \(outcome)")
                return
            }
            #expect(address == "127.0.0.1:\(configuration.port)")
            #expect(elapsed < .seconds(10))
        }
    }
}
