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

    /// A GET with the given headers.
    static func get(port: Int, path: String, headers: [(String, String)] = []) async throws -> LoopbackResponse {
        try await request(port: port, method: "GET", path: path, headers: headers)
    }

    /// A GET of an absolute `http://127.0.0.1:port/…` URL, as found in a `Link` header.
    static func get(url: String, headers: [(String, String)] = []) async throws -> LoopbackResponse {
        guard let parsed = URLComponents(string: url), let port = parsed.port else {
            throw LoopbackHTTPError.malformedResponse("not an absolute URL with a port: \(url)")
        }
        let target = parsed.percentEncodedPath + (parsed.percentEncodedQuery.map { "?" + $0 } ?? "")
        return try await get(port: port, path: target, headers: headers)
    }

    /// Several requests on ONE keep-alive connection, each answer read by its `Content-Length`.
    static func keepAlive(port: Int, paths: [String], headers: [(String, String)] = []) async throws -> [LoopbackResponse] {
        let requests = paths.map { path in
            var text = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
            for (name, value) in headers { text += "\(name): \(value)\r\n" }
            return Array((text + "\r\n").utf8)
        }
        let result: Result<[[UInt8]], LoopbackHTTPError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                do throws(LoopbackHTTPError) {
                    continuation.resume(returning: .success(try exchangeKeepAlive(port: port, requests: requests)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.start()
        }
        return try result.get().map(parse)
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

    private static func connectedSocket(port: Int) throws(LoopbackHTTPError) -> Int32 {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw .socket("socket", errno) }
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
        guard connected == 0 else {
            let code = errno
            close(descriptor)
            throw .socket("connect", code)
        }
        return descriptor
    }

    private static func exchangeKeepAlive(port: Int, requests: [[UInt8]]) throws(LoopbackHTTPError) -> [[UInt8]] {
        let descriptor = try connectedSocket(port: port)
        defer { close(descriptor) }
        var answers: [[UInt8]] = []
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        for request in requests {
            var sent = 0
            while sent < request.count {
                let count = request[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { throw .socket("send", errno) }
                sent += count
            }
            // Read until the headers are complete, then until Content-Length bytes of body.
            while true {
                if let end = pending.indices.first(where: { pending[$0...].starts(with: [13, 10, 13, 10]) }) {
                    let head = String(decoding: pending[..<end], as: UTF8.self).lowercased()
                    let length =
                        head.components(separatedBy: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces)) } ?? 0
                    if pending.count >= end + 4 + length {
                        answers.append(Array(pending[..<(end + 4 + length)]))
                        pending.removeFirst(end + 4 + length)
                        break
                    }
                }
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { throw .socket("recv", count == 0 ? 0 : errno) }
                pending.append(contentsOf: buffer[0..<count])
            }
        }
        return answers
    }

    private static func exchange(port: Int, request: [UInt8]) throws(LoopbackHTTPError) -> [UInt8] {
        let descriptor = try connectedSocket(port: port)
        defer { close(descriptor) }
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
                let size = Int(String(decoding: data[index..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16)
            else {
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
