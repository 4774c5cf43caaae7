import Mapping
import Testing

/// What the Desk gets for calls DeskBridge refuses: always JSON, always a status that says why.
@Suite struct RequestValidationTests {
    @Test func badParametersAre400sNamingTheParameter() async throws {
        try await withLiveGateway { gateway in
            for (query, parameter) in [
                ("idWebsite=ha-123&limit=abc", "limit"), ("idWebsite=ha-123&offset=-1", "offset"),
                ("idWebsite=ha-123&limit=1001", "limit"), ("limit=10", "idWebsite"), ("idWebsite=ha-123&limit=1&limit=2", "limit"),
                ("idWebsite=ha-123&searchQuery=%FF", "searchQuery"),
            ] {
                let answer = try await gateway.get("/plugins/demo/products?\(query)")
                #expect(answer.status == 400, "\(query)")
                #expect(answer.json["error"] == "invalid_parameter")
                #expect(answer.json["parameter"]?.stringValue == parameter, "\(query)")
                #expect(answer.headers.first(named: "Content-Type")?.hasPrefix("application/json") == true)
            }
        }
    }

    @Test func otherWebsitesAreForbidden() async throws {
        try await withLiveGateway { gateway in
            let before = gateway.shopify.requestCount
            let answer = try await gateway.get("/plugins/demo/products?idWebsite=ha-999")
            #expect(answer.status == 403)
            #expect(answer.json["error"] == "website_not_allowed")
            #expect(gateway.shopify.requestCount == before)
        }
    }

    @Test func unknownTenantsAre404s() async throws {
        try await withLiveGateway { gateway in
            let answer = try await gateway.get("/plugins/nobody/products?idWebsite=ha-123")
            #expect(answer.status == 404)
            #expect(answer.json["error"] == "unknown_tenant")
        }
    }

    @Test func refusedCredentialsAreA502() async throws {
        var options = GatewayOptions()
        options.accessToken = "shpat_wrong"
        try await withLiveGateway(options) { gateway in
            let answer = try await gateway.get("/plugins/demo/products?idWebsite=ha-123")
            #expect(answer.status == 502)
            #expect(answer.json["error"] == "upstream_auth_failed")
            #expect(!answer.text.contains("shpat_wrong"))
        }
    }
}
