import Foundation
import Hummingbird
import NIOCore

/// Routes only the browser tests use, beside the panel:
///
/// - `/test/idzcpa.js`: the stand-in for iAdvize's library (Browser/idzcpa-standin.js);
/// - `/test/jwt?tenant=…&mode=…`: a token as iAdvize would sign it, or a broken one;
/// - `/test/frame.html?src=…`: a page that frames `src` and records the messages it posts.
struct BrowserTestRoutes: Sendable {
    let secrets: [String]
    let appURL: @Sendable (String) -> String

    static let standIn = repositoryRoot.appendingPathComponent("Tests/PanelAppTests/Browser/idzcpa-standin.js")

    func register(on router: Router<BasicRequestContext>) {
        router.get("test/idzcpa.js") { _, _ in
            let bytes = (try? Data(contentsOf: Self.standIn)).map(Array.init) ?? Array("throw new Error('stand-in missing')".utf8)
            return Self.response(bytes, type: "text/javascript; charset=utf-8")
        }
        router.get("test/jwt") { request, _ in
            let tenant = request.uri.queryParameters.get("tenant") ?? "demo"
            let mode = request.uri.queryParameters.get("mode").flatMap(TestTokens.Mode.init(rawValue:)) ?? .valid
            let token = try await TestTokens.make(mode, secret: secrets[0], audience: appURL(tenant))
            return Self.response(Array(token.utf8), type: "text/plain; charset=utf-8")
        }
        router.get("test/frame.html") { _, _ in
            // The page only frames; its script records what the framed panel posts.
            let html = """
                <!doctype html><html><head><meta charset="utf-8"><title>frame</title>
                <script src="frame.js"></script></head><body><iframe id="panel" width="360" height="600"></iframe></body></html>
                """
            return Self.response(Array(html.utf8), type: "text/html; charset=utf-8")
        }
        router.get("test/frame.js") { _, _ in
            let script = """
                window.__frameMessages = [];
                window.addEventListener('message', (event) => window.__frameMessages.push(event.data));
                window.addEventListener('DOMContentLoaded', () => {
                  document.getElementById('panel').src = new URLSearchParams(location.search).get('src');
                });
                """
            return Self.response(Array(script.utf8), type: "text/javascript; charset=utf-8")
        }
    }

    private static func response(_ bytes: [UInt8], type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
