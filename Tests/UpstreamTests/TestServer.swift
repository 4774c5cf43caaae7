import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization
import Testing

/// A Hummingbird server on 127.0.0.1 (port 0) with the routes the client tests need.
struct TestServer: Sendable {
    let port: Int
    let connections: ConnectionLog
    /// Scripted answers of `/script/{name}` and how often each name was called.
    let scripts: ScriptBook
    /// Body bytes the `/endless` route managed to write before the client went away.
    let streamedBytes: ByteTally

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Starts a server, runs `body` against it, then stops the server.
    static func run<T: Sendable>(_ body: (TestServer) async throws -> T) async throws -> T {
        let connections = ConnectionLog()
        let scripts = ScriptBook()
        let streamedBytes = ByteTally()
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "upstream-tests.server")
        logger.logLevel = .critical
        let app = Application(
            router: makeRouter(connections: connections, scripts: scripts, streamedBytes: streamedBytes),
            server: .http1(configuration: .init(additionalChannelHandlers: [AcceptedConnectionCounter(log: connections)])),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try #require(port > 0)
            return try await body(TestServer(port: port, connections: connections, scripts: scripts, streamedBytes: streamedBytes))
        }
    }

    private static func makeRouter(connections: ConnectionLog, scripts: ScriptBook, streamedBytes: ByteTally) -> Router<TestRequestContext> {
        let router = Router(context: TestRequestContext.self)
        router.add(middleware: ConnectionRecordingMiddleware(log: connections))
        addScriptedRoutes(to: router, scripts: scripts, streamedBytes: streamedBytes)

        router.get("/json") { _, _ in
            jsonResponse(#"{"ok":true,"name":"deskbridge"}"#)
        }
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            router.on("/echo", method: method) { request, _ in
                let body = try await request.body.collect(upTo: 1 << 20)
                var headers: [String: String] = [:]
                for field in request.headers {
                    let name = field.name.canonicalName
                    headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
                }
                let echo = Echo(method: request.method.rawValue, headers: headers, body: String(buffer: body))
                return jsonResponse(String(decoding: try JSONEncoder().encode(echo), as: UTF8.self))
            }
        }
        router.head("/echo") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain", .contentLength: "5000000"])
        }
        router.get("/bytes/{count}") { _, context in
            let count = try context.parameters.require("count", as: Int.self)
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: patternBytes(count))))
        }
        router.get("/slow") { request, _ in
            let milliseconds = request.uri.queryParameters.get("ms", as: Int.self) ?? 1000
            try await Task.sleep(for: .milliseconds(milliseconds))
            return jsonResponse(#"{"slow":true}"#)
        }
        router.get("/stream") { request, _ in
            // Chunked transfer encoding: no Content-Length announces the size.
            let total = request.uri.queryParameters.get("bytes", as: Int.self) ?? 1 << 20
            return Response(
                status: .ok,
                body: ResponseBody { writer in
                    var sent = 0
                    while sent < total {
                        let size = min(16 << 10, total - sent)
                        try await writer.write(ByteBuffer(repeating: UInt8(ascii: "s"), count: size))
                        sent += size
                    }
                    try await writer.finish(nil)
                })
        }
        router.get("/redirect") { _, _ in
            Response(status: .found, headers: [.location: "/json"])
        }
        router.get("/error") { _, _ in
            var response = jsonResponse(#"{"error":"boom"}"#)
            response.status = .internalServerError
            return response
        }
        router.get("/headers") { _, _ in
            var headers: HTTPFields = [.contentType: "text/plain"]
            headers.append(.init(name: .init("X-Custom-One")!, value: "alpha"))
            headers.append(.init(name: .init("X-Repeated")!, value: "first"))
            headers.append(.init(name: .init("X-Repeated")!, value: "second"))
            headers.append(.init(name: .init("X-Spaced")!, value: "  padded value  "))
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "with headers")))
        }
        router.get("/gzip") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json", .contentEncoding: "gzip"],
                body: .init(byteBuffer: ByteBuffer(bytes: gzippedJSON))
            )
        }
        return router
    }
}

/// What `/echo` saw of the request.
struct Echo: Codable, Sendable {
    var method: String
    /// Lowercased names; repeated fields joined with ", ".
    var headers: [String: String]
    var body: String
}

/// The bytes `/bytes/{count}` returns: a pattern, so that truncation or reordering shows.
func patternBytes(_ count: Int) -> [UInt8] {
    (0..<max(count, 0)).map { UInt8(truncatingIfNeeded: $0 % 251) }
}

/// The document `/gzip` sends gzip-compressed (checked by the test after decoding).
let gzippedDocument = #"{"compressed":true,"filler":""# + String(repeating: "deskbridge-", count: 100) + #""}"#

/// `gzippedDocument` compressed with gzip (made once with Python's gzip module, mtime 0).
private let gzippedJSON: [UInt8] = [
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xab, 0x56, 0x4a, 0xce, 0xcf, 0x2d,
    0x28, 0x4a, 0x2d, 0x2e, 0x4e, 0x4d, 0x51, 0xb2, 0x2a, 0x29, 0x2a, 0x4d, 0xd5, 0x51, 0x4a, 0xcb,
    0xcc, 0xc9, 0x49, 0x2d, 0x52, 0xb2, 0x52, 0x4a, 0x49, 0x2d, 0xce, 0x4e, 0x2a, 0xca, 0x4c, 0x49,
    0x4f, 0xd5, 0x1d, 0x65, 0x8e, 0x32, 0x47, 0x99, 0xa3, 0x4c, 0xb2, 0x99, 0x4a, 0xb5, 0x00, 0x8d,
    0x0c, 0x21, 0x6c, 0x6b, 0x04, 0x00, 0x00,
]

private func jsonResponse(_ json: String) -> Response {
    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
}

/// Request context that remembers the client's port, which identifies its TCP connection.
struct TestRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remotePort: Int?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remotePort = source.channel.remoteAddress?.port
    }
}

/// The distinct client ports (hence TCP connections) the server has served requests on, and the
/// TCP connections it accepted (counted as each connection's pipeline is set up).
final class ConnectionLog: Sendable {
    private let ports = Mutex<Set<Int>>([])
    private let accepted = Atomic<Int>(0)

    func record(_ port: Int?) {
        guard let port else { return }
        ports.withLock { _ = $0.insert(port) }
    }

    func recordAccepted() {
        accepted.add(1, ordering: .relaxed)
    }

    var distinctConnections: Int { ports.withLock { $0.count } }
    var acceptedConnections: Int { accepted.load(ordering: .relaxed) }
}

/// Counts accepted TCP connections: Hummingbird adds one instance to every new connection.
final class AcceptedConnectionCounter: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny
    let log: ConnectionLog

    init(log: ConnectionLog) {
        self.log = log
    }

    func handlerAdded(context: ChannelHandlerContext) {
        log.recordAccepted()
    }
}

struct ConnectionRecordingMiddleware: RouterMiddleware {
    typealias Context = TestRequestContext
    let log: ConnectionLog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        log.record(context.remotePort)
        return try await next(request, context)
    }
}
