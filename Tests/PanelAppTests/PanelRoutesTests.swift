import Foundation
import GatewayConfig
import Hummingbird
import Mapping
import Plugins
import Testing
import Upstream

@testable import PanelApp

/// The panel's routes over a real loopback socket, against the Shopify simulator through the real
/// adapter: the page and its headers, the assets, and the API's answers and refusals.
@Suite(.serialized) struct PanelRoutesTests {
    @Test func pageHasThePanelSecurityHeadersAndNoSecret() async throws {
        try await withPanelServer { server in
            let page = try await server.get("/panel/demo/?jwt=abc")
            #expect(page.status == 200)
            #expect(page.header("content-type") == "text/html; charset=utf-8")
            let csp = try #require(page.header("content-security-policy"))
            #expect(
                csp == "default-src 'none'; script-src 'self' \(server.base); style-src 'self'; img-src https: data:; "
                    + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors https://sd.iadvize.com https://ha.iadvize.com")
            #expect(page.header("x-frame-options") == nil)
            #expect(page.header("referrer-policy") == "no-referrer")
            #expect(page.header("x-content-type-options") == "nosniff")
            #expect(page.header("cache-control") == "private, no-cache")
            // No secret, no inline script or style; the library and the app are external scripts.
            #expect(!page.text.contains(PanelTestServer.secret) && !page.text.contains(PanelTestServer.nextSecret))
            #expect(!page.text.contains("style="))
            #expect(!page.text.contains("<style"))
            let scripts = page.text.components(separatedBy: "<script").dropFirst()
            #expect(scripts.count == 2)
            #expect(scripts.allSatisfy { $0.hasPrefix(" src=") || $0.hasPrefix(" type=\"module\" src=") })
            #expect(page.text.contains("<script src=\"\(server.base)/test/idzcpa.js\"></script>"))
            #expect(page.text.contains("assets/\(PanelAssets.bundled.version)/app.js"))
        }
    }

    @Test func defaultLibraryOriginIsIAdvizeStaticHost() {
        let csp = PanelContentSecurityPolicy.header(settings: PanelSettings())
        #expect(csp.contains("script-src 'self' https://static.iadvize.com;"))
        #expect(csp.contains("frame-ancestors https://sd.iadvize.com https://ha.iadvize.com"))
        #expect(!csp.contains("unsafe"))
    }

    @Test func pageWithoutTrailingSlashRedirectsKeepingTheToken() async throws {
        try await withPanelServer { server in
            let answer = try await server.get("/panel/demo?jwt=a.b.c")
            #expect(answer.status == 308)
            #expect(answer.header("location") == "demo/?jwt=a.b.c")
        }
    }

    @Test func pageRevalidatesWithItsEntityTag() async throws {
        try await withPanelServer { server in
            let first = try await server.get("/panel/demo/")
            let tag = try #require(first.header("etag"))
            let again = try await server.get("/panel/demo/", headers: [HTTPHeader(name: "If-None-Match", value: tag)])
            #expect(again.status == 304)
            #expect(again.body.isEmpty)
        }
    }

    @Test func unknownTenantIs404Everywhere() async throws {
        try await withPanelServer { server in
            for path in ["/panel/nobody/", "/panel/nobody/api/products", "/panel/nobody/assets/\(PanelAssets.bundled.version)/app.js"] {
                let answer = try await server.get(path)
                #expect(answer.status == 404, "\(path)")
                #expect(answer.json["error"]?.stringValue == "unknown_tenant", "\(path)")
            }
        }
    }

    @Test func assetsHaveTheirContentTypesAndAreImmutable() async throws {
        let assets = PanelAssets.bundled
        #expect(assets.files.keys.sorted() == ["api.js", "app.js", "cards.js", "dom.js", "i18n.js", "panel.css", "session.js", "view.js"])
        try await withPanelServer { server in
            for (name, asset) in assets.files {
                let answer = try await server.get("/panel/demo/assets/\(assets.version)/\(name)")
                #expect(answer.status == 200, "\(name)")
                #expect(answer.body == asset.bytes, "\(name)")
                let expected = name.hasSuffix(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8"
                #expect(answer.header("content-type") == expected, "\(name)")
                #expect(answer.header("cache-control") == "public, max-age=31536000, immutable", "\(name)")
                #expect(answer.header("etag") == asset.entityTag, "\(name)")
                let again = try await server.get(
                    "/panel/demo/assets/\(assets.version)/\(name)", headers: [HTTPHeader(name: "If-None-Match", value: asset.entityTag)])
                #expect(again.status == 304, "\(name)")
            }
            // An older version's URL still gets today's file, but revalidated.
            let stale = try await server.get("/panel/demo/assets/000000000000/app.js")
            #expect(stale.status == 200)
            #expect(stale.header("cache-control") == "no-cache")
            let missing = try await server.get("/panel/demo/assets/\(assets.version)/secrets.yaml")
            #expect(missing.status == 404)
            let index = try await server.get("/panel/demo/assets/\(assets.version)/index.html")
            #expect(index.status == 404)
        }
    }

    @Test func productsAnswerThePluginJSON() async throws {
        try await withPanelServer { server in
            let token = try await server.token()
            let answer = try await server.get("/panel/demo/api/products?searchQuery=robe&limit=5", token: token)
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.header("cache-control") == "no-store")
            let products = try #require(answer.json.arrayValue)
            #expect(products.count == 5)
            #expect(PluginContract.products.violations(in: answer.json).isEmpty)
            // "robe" finds robes by title and dresses by their tag.
            let titles = products.compactMap { $0["title"]?.stringValue?.lowercased() }
            #expect(titles.allSatisfy { $0.contains("robe") || $0.contains("dress") }, "\(titles)")
            // The next page follows on.
            let next = try await server.get("/panel/demo/api/products?searchQuery=robe&limit=5&offset=5", token: token)
            let ids = Set(products.compactMap { $0["id"]?.stringValue })
            let nextIDs = Set(next.json.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [])
            #expect(!nextIDs.isEmpty && ids.isDisjoint(with: nextIDs))
        }
    }

    @Test func categoriesAnswerThePluginJSON() async throws {
        try await withPanelServer { server in
            let token = try await server.token()
            let answer = try await server.get("/panel/demo/api/categories?limit=100", token: token)
            #expect(answer.status == 200, "\(answer.text)")
            #expect(PluginContract.categories.violations(in: answer.json).isEmpty)
            let categories = try #require(answer.json.arrayValue)
            #expect(categories.count == 24)
            let first = try #require(categories.first?["id"]?.stringValue)
            let products = try await server.get("/panel/demo/api/products?idCategory=\(first)&limit=3", token: token)
            #expect(products.status == 200)
            let sub = try await server.get("/panel/demo/api/categories?idParent=\(first)", token: token)
            #expect(sub.json.arrayValue?.isEmpty == true)
        }
    }

    @Test func theSecondSecretOfARotationIsAccepted() async throws {
        try await withPanelServer { server in
            let token = try await server.token(secret: PanelTestServer.nextSecret)
            let answer = try await server.get("/panel/demo/api/categories", token: token)
            #expect(answer.status == 200)
        }
    }

    @Test func callsWithoutAValidTokenAre401() async throws {
        try await withPanelServer { server in
            let missing = try await server.get("/panel/demo/api/products")
            #expect(missing.status == 401)
            #expect(missing.json["error"]?.stringValue == "token_missing")
            #expect(missing.header("www-authenticate") == "Bearer")
            #expect(missing.header("content-type") == "application/json; charset=utf-8")

            let basic = try await server.get("/panel/demo/api/products", headers: [HTTPHeader(name: "Authorization", value: "Basic YTpi")])
            #expect(basic.json["error"]?.stringValue == "token_missing")

            let cases: [(TestTokens.Mode, String)] = [
                (.expired, "token_expired"), (.wrongSecret, "token_signature"), (.wrongAudience, "token_audience"),
                (.wrongIssuer, "token_issuer"), (.notYetValid, "token_not_yet_valid"), (.algorithmNone, "token_algorithm"),
            ]
            for (mode, code) in cases {
                let token = try await TestTokens.make(mode, secret: PanelTestServer.secret, audience: server.appURL("demo"))
                for route in ["products", "categories"] {
                    let answer = try await server.get("/panel/demo/api/\(route)", token: token)
                    #expect(answer.status == 401, "\(mode) \(route)")
                    #expect(answer.json["error"]?.stringValue == code, "\(mode) \(route)")
                    #expect(answer.header("www-authenticate") == "Bearer error=\"invalid_token\"")
                    #expect(!answer.text.contains(token))
                }
            }
            let garbage = try await server.get("/panel/demo/api/products", token: "not-a-jwt")
            #expect(garbage.json["error"]?.stringValue == "token_malformed")
            // A token for another tenant's app URL does not open this one.
            let other = try await server.get("/panel/demo/api/products", token: try await server.token("showcase"))
            #expect(other.json["error"]?.stringValue == "token_audience")
        }
    }

    @Test func authenticationOffAnswersWithoutToken() async throws {
        try await withPanelServer { server in
            let answer = try await server.get("/panel/open/api/products?limit=2")
            #expect(answer.status == 200)
            #expect(answer.json.arrayValue?.count == 2)
        }
    }

    @Test func aPanelWithoutAppURLRefusesWith503() async throws {
        try await withPanelServer { server in
            let answer = try await server.get("/panel/unset/api/products", token: try await server.token("unset"))
            #expect(answer.status == 503)
            #expect(answer.json["error"]?.stringValue == "panel_not_configured")
        }
    }

    @Test func badParametersAre400() async throws {
        try await withPanelServer { server in
            let token = try await server.token()
            let cases: [(String, String)] = [
                ("limit=abc", "limit"), ("limit=100000", "limit"), ("offset=-1", "offset"),
                ("searchQuery=a&searchQuery=b", "searchQuery"), ("searchQuery=\(String(repeating: "x", count: 300))", "searchQuery"),
                ("idCategory=%FF", "idCategory"),
            ]
            for (query, parameter) in cases {
                let answer = try await server.get("/panel/demo/api/products?\(query)", token: token)
                #expect(answer.status == 400, "\(query)")
                #expect(answer.json["error"]?.stringValue == "invalid_parameter", "\(query)")
                #expect(answer.json["parameter"]?.stringValue == parameter, "\(query)")
            }
            // The caller's own idWebsite is ignored: the tenant's website is used.
            let answer = try await server.get("/panel/demo/api/products?idWebsite=zz-999&limit=1", token: token)
            #expect(answer.status == 200)
        }
    }

    @Test func upstreamFailuresAre502And503() async throws {
        try await withPanelServer { server in
            let down = try await server.get("/panel/down/api/products", token: try await server.token("down"))
            #expect(down.status == 503)
            #expect(down.json["error"]?.stringValue == "upstream_unavailable")
            let garbled = try await server.get("/panel/garbled/api/categories", token: try await server.token("garbled"))
            #expect(garbled.status == 502)
            #expect(garbled.json["error"]?.stringValue == "upstream_bad_response")
            // The real shop failing: the simulator answers 503 to the adapter's next calls.
            server.sandbox.faults.add(.status(503, body: #"{"errors":"down"}"#), to: .init(simulator: .shopify), trigger: .next(20))
            let real = try await server.get("/panel/demo/api/products?searchQuery=zz-unavailable", token: try await server.token())
            server.sandbox.faults.clear()
            #expect(real.status == 503 || real.status == 502, "\(real.status) \(real.text)")
        }
    }

    @Test func bearerTokenParsing() {
        #expect(PanelRoutes<BasicRequestContext>.bearerToken("Bearer abc") == "abc")
        #expect(PanelRoutes<BasicRequestContext>.bearerToken("bearer   abc ") == "abc")
        #expect(PanelRoutes<BasicRequestContext>.bearerToken("Bearer") == nil)
        #expect(PanelRoutes<BasicRequestContext>.bearerToken("Basic abc") == nil)
        #expect(PanelRoutes<BasicRequestContext>.bearerToken(nil) == nil)
        #expect(PanelRoutes<BasicRequestContext>.matches("\"a\", W/\"b\"", tag: "\"b\""))
        #expect(!PanelRoutes<BasicRequestContext>.matches("\"a\"", tag: "\"b\""))
    }
}
