import Testing

@testable import Redis

@Suite struct RedisURLTests {
    @Test func fullFormWithEscapedPassword() throws {
        let configuration = try RedisConfiguration(url: "redis://gateway:p%40ss%3Aword@cache.internal:6380/3")
        #expect(configuration.host == "cache.internal")
        #expect(configuration.port == 6380)
        #expect(configuration.username == "gateway")
        #expect(configuration.password == "p@ss:word")
        #expect(configuration.database == 3)
    }

    @Test func defaultsForABareHost() throws {
        let configuration = try RedisConfiguration(url: "redis://localhost")
        #expect(configuration.host == "localhost")
        #expect(configuration.port == 6379)
        #expect(configuration.username == nil)
        #expect(configuration.password == nil)
        #expect(configuration.database == 0)
        #expect(try RedisConfiguration(url: "REDIS://localhost/").database == 0)
    }

    @Test func passwordWithoutUser() throws {
        let configuration = try RedisConfiguration(url: "redis://:secret@127.0.0.1/2")
        #expect(configuration.username == nil)
        #expect(configuration.password == "secret")
        #expect(configuration.database == 2)
    }

    @Test func bracketedIPv6Host() throws {
        let configuration = try RedisConfiguration(url: "redis://[::1]:7000")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 7000)
        #expect(configuration.description == "redis://[::1]:7000/0")
    }

    @Test(arguments: [
        ("http://localhost", "the scheme must be redis://"),
        ("localhost:6379", "expected redis://[user:password@]host[:port][/db]"),
        ("redis://", "the host is missing"),
        ("redis://:6379", "the host is missing"),
        ("redis://localhost:0", "the port must be a number from 1 to 65535"),
        ("redis://localhost:70000", "the port must be a number from 1 to 65535"),
        ("redis://localhost:+1", "the port must be a number from 1 to 65535"),
        ("redis://localhost:http", "the port must be a number from 1 to 65535"),
        ("redis://localhost/cache", "the database must be a number"),
        ("redis://localhost/-1", "the database must be a number"),
        ("redis://localhost/1/2", "the path must be the database number alone"),
        ("redis://localhost?db=1", "query parameters and fragments are not supported"),
        ("redis://::1:6379", "an IPv6 host must be written in brackets"),
        ("redis://[::1:6379", "an IPv6 host lacks its closing ]"),
        ("redis://secret@localhost", "credentials need a colon"),
        ("redis://user:@localhost", "the password is empty"),
        ("redis://user:%zz@localhost", "malformed percent-escape"),
    ])
    func malformedURLsSayWhatIsWrong(url: String, reason: String) {
        #expect {
            _ = try RedisConfiguration(url: url)
        } throws: { error in
            guard case RedisError.invalidURL(_, let actual) = error else { return false }
            return actual.contains(reason)
        }
    }

    @Test func tlsIsRefusedPlainly() {
        #expect {
            _ = try RedisConfiguration(url: "rediss://:secret@cache.internal:6380")
        } throws: { error in
            guard case RedisError.invalidURL(let url, let reason) = error else { return false }
            let message = "\(error)"
            return reason.contains("TLS") && reason.contains("not supported") && message.contains("hiredis")
                && url == "rediss://:***@cache.internal:6380" && !message.contains("secret")
        }
    }

    @Test func passwordsNeverShowInMessages() throws {
        let configuration = try RedisConfiguration(url: "redis://gateway:hunter2@cache.internal/1")
        #expect(configuration.description == "redis://gateway:***@cache.internal:6379/1")
        #expect(RedisConfiguration.masked("redis://hunter2@cache.internal") == "redis://***@cache.internal")
        #expect(RedisConfiguration.masked("redis://u:hunter2@cache.internal/4") == "redis://u:***@cache.internal/4")
        #expect(RedisConfiguration.masked("redis://cache.internal/4") == "redis://cache.internal/4")
    }
}
