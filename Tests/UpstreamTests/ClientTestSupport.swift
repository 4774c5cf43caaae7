import Foundation
import Logging
import Testing

@testable import Upstream

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A logger that stays quiet unless something is badly wrong.
let quietLogger: Logger = {
    var logger = Logger(label: "upstream-tests")
    logger.logLevel = .critical
    return logger
}()

/// Runs `body` with a fresh client and always shuts the client down afterwards.
func withClient<T: Sendable>(
    _ configuration: CurlClientConfiguration = .init(),
    _ body: (CurlHTTPClient) async throws -> T
) async throws -> T {
    let client = try CurlHTTPClient(configuration: configuration, logger: quietLogger)
    do {
        let result = try await body(client)
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}

/// The error `execute` threw, or nil when it returned a response.
func failure(of request: UpstreamRequest, on client: CurlHTTPClient) async -> UpstreamError? {
    do {
        _ = try await client.execute(request)
        return nil
    } catch {
        return error
    }
}

/// Runs `body` with a loopback port that is bound but not listening, so connecting is refused.
func withRefusingPort<T>(_ body: (Int) async throws -> T) async throws -> T {
    #if canImport(Glibc)
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    try #require(descriptor >= 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    try #require(bound == 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    try #require(named == 0)
    return try await body(Int(UInt16(bigEndian: address.sin_port)))
}

extension UpstreamResponse {
    var text: String { String(decoding: body, as: UTF8.self) }

    func decoded<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(body))
    }
}
