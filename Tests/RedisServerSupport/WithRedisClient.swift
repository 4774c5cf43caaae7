import Logging
import Redis

/// Runs `body` with a client of `configuration` and shuts the client down afterwards, whatever
/// `body` does.
@discardableResult
package func withClient<T>(_ configuration: RedisConfiguration, _ body: (RedisClient) async throws -> T) async throws -> T {
    var logger = Logger(label: "redis-test-client")
    logger.logLevel = .critical
    let client = RedisClient(configuration: configuration, logger: logger)
    do {
        let result = try await body(client)
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}
