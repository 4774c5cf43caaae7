import AsyncHTTPClient
import Logging
import NIOCore
import Upstream

/// One HTTP client under test: fetches a URL and returns the body's size.
protocol BenchmarkClient: Sendable {
    var name: String { get }
    func fetch(_ url: String) async throws -> Int
    func shutdown() async throws
}

/// DeskBridge's client: libcurl's multi interface on one thread.
struct CurlBenchmarkClient: BenchmarkClient {
    let name: String
    let client: CurlHTTPClient

    init(connections: Int, eventLoops: Int) throws {
        var logger = Logger(label: "bench.curl")
        logger.logLevel = .error
        name = eventLoops == 1 ? "libcurl (Upstream), 1 thread" : "libcurl (Upstream), \(eventLoops) threads"
        client = try CurlHTTPClient(
            configuration: CurlClientConfiguration(
                maxConnectionsPerHost: connections, maxTotalConnections: connections, eventLoops: eventLoops),
            logger: logger)
    }

    func fetch(_ url: String) async throws -> Int {
        let response = try await client.execute(UpstreamRequest(url: url))
        guard response.status == 200 else { throw BenchmarkError.status(response.status) }
        return response.body.count
    }

    func shutdown() async throws {
        await client.shutdown()
    }
}

/// AsyncHTTPClient 1.37 on SwiftNIO (its singleton event loop group: one loop per core), with the
/// same connection limit and the whole body collected.
struct AsyncHTTPBenchmarkClient: BenchmarkClient {
    let name = "AsyncHTTPClient"
    let client: HTTPClient

    init(connections: Int) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        configuration.decompression = .enabled(limit: .none)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func fetch(_ url: String) async throws -> Int {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        guard response.status == .ok else { throw BenchmarkError.status(Int(response.status.code)) }
        let body = try await response.body.collect(upTo: 8 << 20)
        return body.readableBytes
    }

    func shutdown() async throws {
        try await client.shutdown()
    }
}

enum BenchmarkError: Error {
    case status(Int)
    case usage(String)
}
