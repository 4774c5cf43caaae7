import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A response read off the wire.
struct LoopbackResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The body parsed as JSON with Foundation, for convenient assertions.
    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }
}

enum LoopbackHTTPError: Error, CustomStringConvertible {
    case socket(String, Int32)
    case malformedResponse(String)

    var description: String {
        switch self {
        case .socket(let call, let code): "\(call) failed: errno \(code)"
        case .malformedResponse(let reason): "malformed HTTP response: \(reason)"
        }
    }
}

/// A tiny HTTP/1.1 client over a raw TCP socket (`Connection: close`), so tests talk to the
/// sandbox exactly as a remote client would. The blocking socket calls run on a dedicated
/// thread, never on the cooperative pool the server's handlers need.
enum LoopbackHTTPClient {
    static func request(
        port: Int, method: String = "POST", path: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) async throws -> LoopbackResponse {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "Content-Length: \(body.count)\r\n\r\n"
        let bytes = Array(request.utf8) + body
        let result: Result<[UInt8], LoopbackHTTPError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                do throws(LoopbackHTTPError) {
                    continuation.resume(returning: .success(try exchange(port: port, request: bytes)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.start()
        }
        return try parse(result.get())
    }

    /// POSTs a GraphQL body to the Shopify endpoint with the demo token (or another one).
    static func graphQL(
        port: Int, query: String, variables: [String: Any]? = nil, token: String? = "shpat_demo_token",
        version: String = "2025-01"
    ) async throws -> LoopbackResponse {
        var payload: [String: Any] = ["query": query]
        if let variables { payload["variables"] = variables }
        let body = try JSONSerialization.data(withJSONObject: payload)
        var headers = [("Content-Type", "application/json")]
        if let token { headers.append(("X-Shopify-Access-Token", token)) }
        return try await request(port: port, path: "/admin/api/\(version)/graphql.json", headers: headers, body: Array(body))
    }

    private static func exchange(port: Int, request: [UInt8]) throws(LoopbackHTTPError) -> [UInt8] {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw .socket("socket", errno) }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw .socket("connect", errno) }
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw .socket("send", errno) }
            sent += count
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            guard count > 0 else { throw .socket("recv", errno) }
            response.append(contentsOf: buffer[0..<count])
        }
        return response
    }

    private static func parse(_ raw: [UInt8]) throws -> LoopbackResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let headerEnd = raw.indices.first(where: { raw[$0...].starts(with: separator) }) else {
            throw LoopbackHTTPError.malformedResponse("no header terminator in \(raw.count) bytes")
        }
        let lines = String(decoding: raw[..<headerEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw LoopbackHTTPError.malformedResponse("bad status line \(lines.first ?? "")")
        }
        let headers: [(String, String)] = lines.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Array(raw[(headerEnd + 4)...])
        let isChunked = headers.contains { $0.0.lowercased() == "transfer-encoding" && $0.1.lowercased().contains("chunked") }
        if isChunked { body = try dechunk(body) }
        return LoopbackResponse(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ data: [UInt8]) throws -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < data.count {
            guard let lineEnd = (index..<(data.count - 1)).first(where: { data[$0] == 13 && data[$0 + 1] == 10 }),
                  let size = Int(String(decoding: data[index..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16) else {
                throw LoopbackHTTPError.malformedResponse("bad chunk header")
            }
            if size == 0 { break }
            let start = lineEnd + 2
            guard start + size <= data.count else { throw LoopbackHTTPError.malformedResponse("truncated chunk") }
            output.append(contentsOf: data[start..<(start + size)])
            index = start + size + 2
        }
        return output
    }
}
