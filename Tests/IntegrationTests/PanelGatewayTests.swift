import Crypto
import Foundation
import Mapping
import Server
import Testing
import Upstream

/// The conversation panel app through the whole gateway: its page keeps its own framing policy
/// under the gateway's security headers, and its API takes only iAdvize's tokens, signed with the
/// tenant's connector secret for the tenant's app URL.
@Suite struct PanelGatewayTests {
    static let appURL = "https://bridge.example/panel/demo/"

    static func options() -> GatewayOptions {
        var options = GatewayOptions()
        options.tenantExtra = "secret: \(LiveGateway.secret)\n    panel: { appURL: \(appURL) }"
        return options
    }

    /// An HS256 token as iAdvize makes it.
    static func token(secret: String = LiveGateway.secret, audience: String = appURL, issuer: String = "iadvize") -> String {
        func base64URL(_ bytes: some Sequence<UInt8>) -> String {
            Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        let now = Int(Date().timeIntervalSince1970)
        let header = base64URL(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let claims = base64URL(Array(#"{"iss":"\#(issuer)","aud":"\#(audience)","sub":"op-1","iat":\#(now),"exp":\#(now + 300)}"#.utf8))
        let signature = HMAC<SHA256>.authenticationCode(for: Array("\(header).\(claims)".utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return "\(header).\(claims).\(base64URL(signature))"
    }

    static func api(_ gateway: LiveGateway, token: String?) async throws -> LiveGateway.Answer {
        try await gateway.send(
            "GET", "/panel/demo/api/products?limit=3", headers: token.map { [HTTPHeader(name: "Authorization", value: "Bearer \($0)")] } ?? [])
    }

    @Test func thePageMayBeFramedByTheDeskOnly() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            let page = try await gateway.send("GET", "/panel/demo/")
            #expect(page.status == 200, "\(page.text.prefix(200))")
            #expect(page.headers.first(named: "Content-Type") == "text/html; charset=utf-8")
            let policies = page.headers.filter { $0.name.lowercased() == "content-security-policy" }.map(\.value)
            #expect(policies.count == 1, "\(policies)")
            let policy = try #require(policies.first)
            #expect(policy.contains("frame-ancestors https://sd.iadvize.com https://ha.iadvize.com"), "\(policy)")
            #expect(!policy.contains("frame-ancestors 'none'"), "\(policy)")
            #expect(policy.contains("script-src 'self' https://static.iadvize.com;"), "\(policy)")
            // X-Frame-Options cannot name the Desk's origins: any value would forbid the Desk's frame.
            #expect(page.headers.first(named: "X-Frame-Options") == nil)
            #expect(page.headers.first(named: "X-Content-Type-Options") == "nosniff")
            #expect(page.headers.first(named: "Referrer-Policy") == "no-referrer")
            #expect(page.headers.first(named: "Cache-Control") == "private, no-cache")
            #expect(!page.text.contains(LiveGateway.secret))

            // The gateway's other answers still refuse every frame.
            let health = try await gateway.send("GET", "/health")
            #expect(health.headers.first(named: "X-Frame-Options") == "DENY")
        }
    }

    @Test func theAPITakesOnlyTheTenantsTokens() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            let missing = try await Self.api(gateway, token: nil)
            #expect(missing.status == 401)
            #expect(missing.json["error"] == "token_missing")
            #expect(missing.headers.first(named: "WWW-Authenticate") == "Bearer")

            for (token, what) in [
                (Self.token(secret: "another-secret"), "another secret"),
                (Self.token(audience: "https://bridge.example/panel/other/"), "another app URL"),
                (Self.token(issuer: "someone"), "another issuer"),
            ] {
                let refused = try await Self.api(gateway, token: token)
                #expect(refused.status == 401, "\(what): \(refused.text.prefix(200))")
                #expect(refused.headers.first(named: "WWW-Authenticate") == #"Bearer error="invalid_token""#, "\(what)")
            }

            let before = gateway.shopify.requestCount
            let accepted = try await Self.api(gateway, token: Self.token())
            #expect(accepted.status == 200, "\(accepted.text.prefix(300))")
            #expect(accepted.json.arrayValue?.count == 3, "\(accepted.text.prefix(300))")
            #expect(gateway.shopify.requestCount > before, "the catalog came from the shop")
        }
    }

    /// The panel API refuses ids the shop cannot have as the plugin routes do: the caller's
    /// mistake, a 400 naming the parameter, never a 502 blaming the shop (schemathesis found it).
    @Test func idsTheShopCannotHaveAreTheCallersError() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            let authorization = [HTTPHeader(name: "Authorization", value: "Bearer \(Self.token())")]
            let before = gateway.shopify.requestCount
            for (path, parameter) in [
                ("/panel/demo/api/products?idCategory=%C3%97", "idCategory"),
                ("/panel/demo/api/products?idCategory=..%2F..%2Fadmin", "idCategory"),
                ("/panel/demo/api/categories?idParent=1%20OR%201", "idParent"),
            ] {
                let refused = try await gateway.send("GET", path, headers: authorization)
                #expect(refused.status == 400, "\(path): \(refused.text.prefix(200))")
                #expect(refused.json["parameter"]?.stringValue == parameter, "\(path): \(refused.text.prefix(200))")
            }
            #expect(gateway.shopify.requestCount == before, "no upstream call for an impossible id")
        }
    }
}
