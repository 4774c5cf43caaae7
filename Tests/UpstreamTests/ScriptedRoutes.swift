import Foundation
import Hummingbird
import Synchronization

/// One answer a scripted route gives.
struct ScriptedResponse: Sendable {
    var status: Int = 200
    var headers: [(String, String)] = []
    var body: String = #"{"ok":true}"#
    /// Wait before answering (to make an attempt time out).
    var delay: Duration = .zero

    static func ok(_ body: String = #"{"ok":true}"#) -> ScriptedResponse { ScriptedResponse(body: body) }
    static func status(_ status: Int, headers: [(String, String)] = [], body: String = "{}") -> ScriptedResponse {
        ScriptedResponse(status: status, headers: headers, body: body)
    }
}

/// The answers of `/script/{name}`: each call takes the next answer of the name's script; the
/// last answer repeats. Calls are counted per name, with the instant each arrived.
final class ScriptBook: Sendable {
    private struct Script {
        var responses: [ScriptedResponse]
        var calls: [ContinuousClock.Instant] = []
    }

    private let scripts = Mutex<[String: Script]>([:])

    func set(_ name: String, _ responses: [ScriptedResponse]) {
        scripts.withLock { $0[name] = Script(responses: responses) }
    }

    func hits(_ name: String) -> Int { scripts.withLock { $0[name]?.calls.count ?? 0 } }

    /// When each call to `name` arrived.
    func callInstants(_ name: String) -> [ContinuousClock.Instant] { scripts.withLock { $0[name]?.calls ?? [] } }

    fileprivate func next(_ name: String) -> ScriptedResponse? {
        scripts.withLock { scripts in
            guard var script = scripts[name], let first = script.responses.first else { return nil }
            let index = min(script.calls.count, script.responses.count - 1)
            script.calls.append(.now)
            scripts[name] = script
            return index < script.responses.count ? script.responses[index] : first
        }
    }
}

/// Bytes counted across tasks.
final class ByteTally: Sendable {
    private let value = Atomic<Int>(0)
    func add(_ count: Int) { value.add(count, ordering: .relaxed) }
    var total: Int { value.load(ordering: .relaxed) }
}

/// Routes for retries, throttling, breakers and slow or endless bodies.
func addScriptedRoutes(to router: Router<TestRequestContext>, scripts: ScriptBook, streamedBytes: ByteTally) {
    for method in [HTTPRequest.Method.get, .post, .put, .delete] {
        router.on("/script/{name}", method: method) { _, context in
            let name = try context.parameters.require("name")
            guard let scripted = scripts.next(name) else { return Response(status: .notFound) }
            if scripted.delay > .zero { try await Task.sleep(for: scripted.delay) }
            var headers: HTTPFields = [.contentType: "application/json"]
            for (field, value) in scripted.headers {
                if let name = HTTPFields.Element.Name(field) { headers.append(.init(name: name, value: value)) }
            }
            return Response(status: .init(code: scripted.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: scripted.body)))
        }
    }
    router.get("/trickle") { request, _ in
        // `chunks` chunks of `bytes` bytes, one every `ms` milliseconds, with no Content-Length.
        let chunks = request.uri.queryParameters.get("chunks", as: Int.self) ?? 20
        let bytes = request.uri.queryParameters.get("bytes", as: Int.self) ?? 10
        let milliseconds = request.uri.queryParameters.get("ms", as: Int.self) ?? 500
        return Response(
            status: .ok,
            body: ResponseBody { writer in
                for _ in 0..<chunks {
                    try await writer.write(ByteBuffer(repeating: UInt8(ascii: "t"), count: bytes))
                    try await Task.sleep(for: .milliseconds(milliseconds))
                }
                try await writer.finish(nil)
            })
    }
    router.get("/endless") { _, _ in
        // A body without end (bounded at 1 GiB so the test server stops by itself).
        Response(
            status: .ok,
            body: ResponseBody { writer in
                let chunk = ByteBuffer(repeating: UInt8(ascii: "e"), count: 64 << 10)
                for _ in 0..<(1 << 14) {
                    try await writer.write(chunk)
                    streamedBytes.add(chunk.readableBytes)
                }
                try await writer.finish(nil)
            })
    }
}
