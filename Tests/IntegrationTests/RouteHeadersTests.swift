import Foundation
import GatewayConfig
import Mapping
import Server
import Testing
import Upstream

/// The headers and challenges of each route family, as docs/security.md lists them, over real sockets.
@Suite struct RouteHeadersTests {
    static func header(_ answer: LiveGateway.Answer, _ name: String) -> String? {
        answer.headers.first(named: name)
    }

    /// The headers every JSON route family shares.
    static func expectLockedDown(_ answer: LiveGateway.Answer, _ place: String) {
        #expect(header(answer, "X-Content-Type-Options") == "nosniff", "\(place)")
        #expect(header(answer, "Referrer-Policy") == "no-referrer", "\(place)")
        #expect(header(answer, "Content-Security-Policy") == "default-src 'none'; frame-ancestors 'none'", "\(place)")
        #expect(header(answer, "X-Frame-Options") == "DENY", "\(place)")
        #expect(header(answer, "Cache-Control") == "no-store", "\(place)")
        #expect(header(answer, "X-Request-Id")?.isEmpty == false, "\(place)")
    }

    @Test func eachFamilySendsTheDocumentedHeaders() async throws {
        try await withLiveGateway(PanelGatewayTests.options()) { gateway in
            let query = "idWebsite=ha-123&limit=2"
            let action = Array(#"{"action":"noSuchAction","idWebsite":"ha-123"}"#.utf8)
            let signed = [HTTPHeader(name: "x-iadvize-signature", value: SignatureCheck.sign(action, secret: LiveGateway.secret))]
            let answers: [(String, LiveGateway.Answer)] = [
                ("health", try await gateway.send("GET", "/health")),
                ("products", try await gateway.get("/plugins/demo/products?\(query)")),
                ("bad parameter", try await gateway.get("/plugins/demo/products?idWebsite=ha-123&limit=x")),
                ("unsigned plugin", try await gateway.send("GET", "/plugins/demo/products?\(query)")),
                ("action", try await gateway.send("POST", "/plugins/demo/customer/action", headers: signed, body: action)),
                ("metrics without token", try await gateway.send("GET", "/metrics")),
                ("admin without token", try await gateway.send("GET", "/admin/status")),
                ("unknown path", try await gateway.send("GET", "/nowhere")),
                ("panel API without token", try await PanelGatewayTests.api(gateway, token: nil)),
            ]
            for (place, answer) in answers { Self.expectLockedDown(answer, place) }
            let products = answers[1].1
            #expect(products.status == 200)
            let again = try await gateway.get("/plugins/demo/products?\(query)")
            #expect(Self.header(again, "X-DeskBridge-Cache") == "hit")

            // Challenges: Bearer for the admin routes and a missing panel token, invalid_token for a
            // refused one, none for iAdvize's signature (not an HTTP scheme).
            #expect(answers[3].1.status == 401 && Self.header(answers[3].1, "WWW-Authenticate") == nil)
            #expect(answers[5].1.status == 401 && Self.header(answers[5].1, "WWW-Authenticate") == "Bearer")
            #expect(answers[6].1.status == 401 && Self.header(answers[6].1, "WWW-Authenticate") == "Bearer")
            #expect(answers[8].1.status == 401 && Self.header(answers[8].1, "WWW-Authenticate") == "Bearer")
            let refused = try await PanelGatewayTests.api(gateway, token: PanelGatewayTests.token(secret: "not-the-secret"))
            #expect(refused.status == 401 && Self.header(refused, "WWW-Authenticate") == "Bearer error=\"invalid_token\"")
            let opened = try await PanelGatewayTests.api(gateway, token: PanelGatewayTests.token())
            #expect(opened.status == 200)
            Self.expectLockedDown(opened, "panel API")

            // The panel page: its own policy, framed by the Desk, revalidated, public.
            let page = try await gateway.send("GET", "/panel/demo/")
            #expect(page.status == 200)
            #expect(Self.header(page, "Content-Security-Policy")?.contains("frame-ancestors https://sd.iadvize.com https://ha.iadvize.com") == true)
            #expect(Self.header(page, "X-Frame-Options") == nil)
            #expect(Self.header(page, "Cache-Control") == "private, no-cache")
            #expect(Self.header(page, "ETag") != nil)
            #expect(Self.header(page, "X-Content-Type-Options") == "nosniff" && Self.header(page, "Referrer-Policy") == "no-referrer")

            // Its assets: public, cached for a year, never framed.
            let asset = try #require(page.text.firstMatch(of: /assets\/([0-9a-zA-Z_-]+)\/([0-9a-zA-Z_.-]+\.js)/))
            let script = try await gateway.send("GET", "/panel/demo/assets/\(asset.1)/\(asset.2)")
            #expect(script.status == 200, "\(asset.0)")
            #expect(Self.header(script, "Cache-Control") == "public, max-age=31536000, immutable")
            #expect(Self.header(script, "X-Frame-Options") == "DENY")
            #expect(Self.header(script, "Content-Security-Policy") == "default-src 'none'; frame-ancestors 'none'")
            #expect(Self.header(script, "X-Content-Type-Options") == "nosniff" && Self.header(script, "Referrer-Policy") == "no-referrer")
        }
    }
}
