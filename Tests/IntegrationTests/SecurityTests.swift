import GatewayConfig
import Mapping
import Server
import Testing
import Upstream

/// Only iAdvize gets in: signatures, rotation, allow-lists, and the headers every answer carries.
@Suite struct SecurityTests {
    private let query = "idWebsite=ha-123&limit=2"

    @Test func unsignedCallsAreRefusedWithoutReachingTheUpstream() async throws {
        try await withLiveGateway { gateway in
            let before = gateway.shopify.requestCount
            let missing = try await gateway.send("GET", "/plugins/demo/products?\(query)")
            #expect(missing.status == 401)
            #expect(missing.json["error"] == "signature_missing")
            let wrong = try await gateway.send(
                "GET", "/plugins/demo/products?\(query)",
                headers: [HTTPHeader(name: "x-iadvize-signature", value: SignatureCheck.sign(Array(query.utf8), secret: "other"))])
            #expect(wrong.status == 401)
            #expect(wrong.json["error"] == "signature_invalid")
            for garbage in ["", "sha256=", "sha256=zz", "md5=abc", String(repeating: "a", count: 10_000)] {
                let answer = try await gateway.send(
                    "GET", "/plugins/demo/products?\(query)", headers: [HTTPHeader(name: "x-iadvize-signature", value: garbage)])
                #expect(answer.status == 401, "\(garbage.prefix(20))")
            }
            #expect(gateway.shopify.requestCount == before)
        }
    }

    @Test func theSignatureCoversTheRawQueryString() async throws {
        try await withLiveGateway { gateway in
            let signed = SignatureCheck.sign(Array(query.utf8), secret: LiveGateway.secret)
            let header = [HTTPHeader(name: "x-iadvize-signature", value: signed)]
            let status = try await gateway.send("GET", "/plugins/demo/products?\(query)", headers: header).status
            #expect(status == 200)
            // Same parameters, other bytes: reordered, re-encoded or extended queries are not the signed ones.
            for tampered in [
                "limit=2&idWebsite=ha-123", "idWebsite=ha%2D123&limit=2", "idWebsite=ha-123&limit=2&offset=0", "idWebsite=ha-123&limit=20",
            ] {
                let answer = try await gateway.send("GET", "/plugins/demo/products?\(tampered)", headers: header)
                #expect(answer.status == 401, "\(tampered)")
            }
            // Upper-case hex is accepted too.
            let upper = [HTTPHeader(name: "X-IADVIZE-SIGNATURE", value: "sha256=" + signed.dropFirst(7).uppercased())]
            let upperStatus = try await gateway.send("GET", "/plugins/demo/products?\(query)", headers: upper).status
            #expect(upperStatus == 200)
        }
    }

    @Test func twoSecretsAreAcceptedDuringARotation() async throws {
        var options = GatewayOptions()
        options.tenantExtra = "secret: [\(LiveGateway.secret), next-secret]"
        try await withLiveGateway(options) { gateway in
            for secret in [LiveGateway.secret, "next-secret"] {
                let header = [HTTPHeader(name: "x-iadvize-signature", value: SignatureCheck.sign(Array(query.utf8), secret: secret))]
                let status = try await gateway.send("GET", "/plugins/demo/products?\(query)", headers: header).status
                #expect(status == 200)
            }
        }
    }

    @Test func anInsecureTenantTakesUnsignedCalls() async throws {
        var options = GatewayOptions()
        options.tenantExtra = "insecure: true"
        try await withLiveGateway(options) { gateway in
            let status = try await gateway.send("GET", "/plugins/demo/products?\(query)").status
            #expect(status == 200)
        }
    }

    @Test func sourceAddressAllowList() async throws {
        var options = GatewayOptions()
        options.tenantExtra = "secret: \(LiveGateway.secret)\n    allow: { sourceAddresses: [35.158.241.155, 10.0.0.0/8] }"
        try await withLiveGateway(options) { gateway in
            let refused = try await gateway.get("/plugins/demo/products?\(query)")
            #expect(refused.status == 403)
            #expect(refused.json["error"] == "source_not_allowed")
            // X-Forwarded-For is not believed from an untrusted peer.
            let spoofed = try await gateway.get(
                "/plugins/demo/products?\(query)", headers: [HTTPHeader(name: "X-Forwarded-For", value: "35.158.241.155")])
            #expect(spoofed.status == 403)
        }
        options.tenantExtra = "secret: \(LiveGateway.secret)\n    allow: { sourceAddresses: [127.0.0.0/8, '::1'] }"
        try await withLiveGateway(options) { gateway in
            let status = try await gateway.get("/plugins/demo/products?\(query)").status
            #expect(status == 200)
        }
    }

    @Test func connectorVersionAllowList() async throws {
        var options = GatewayOptions()
        options.tenantExtra = "secret: \(LiveGateway.secret)\n    allow: { connectorVersions: [c008849d-7cb1-40ca-9503-d6df2c5cddd8] }"
        try await withLiveGateway(options) { gateway in
            let good = try await gateway.get("/plugins/demo/products?idConnectorVersion=c008849d-7cb1-40ca-9503-d6df2c5cddd8&\(query)")
            #expect(good.status == 200)
            let other = try await gateway.get("/plugins/demo/products?idConnectorVersion=00000000-0000-0000-0000-000000000000&\(query)")
            #expect(other.status == 403)
            #expect(other.json["error"] == "connector_version_not_allowed")
            #expect(try await gateway.get("/plugins/demo/products?\(query)").status == 403)
        }
    }

    @Test func everyAnswerCarriesSecurityHeaders() async throws {
        try await withLiveGateway { gateway in
            for path in ["/health", "/plugins/demo/products?\(query)", "/plugins/demo/products?limit=x", "/nowhere"] {
                let answer = try await gateway.get(path)
                #expect(answer.headers.first(named: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(answer.headers.first(named: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
                #expect(answer.headers.first(named: "Referrer-Policy") == "no-referrer")
                #expect(answer.headers.first(named: "Cache-Control") == "no-store")
            }
        }
    }

    // Body limits are in BodyLimitTests, the panel's framing in PanelGatewayTests.
}

/// Clients that open a connection and then stall are cut off.
@Suite struct SlowClientTests {
    @Test func aStalledRequestIsClosedAfterTheIdleTimeout() async throws {
        var options = GatewayOptions()
        options.idleTimeout = "1s"
        try await withLiveGateway(options) { gateway in
            let connection = try await RawConnection.open(port: gateway.port)
            defer { connection.close() }
            // Half a request: the header block never ends.
            try await connection.send(Array("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8))
            let started = ContinuousClock.now
            // The server closes the connection, without an answer, well before 5 s.
            let received = try await connection.readUntilClosed(timeout: .seconds(5))
            #expect(received.isEmpty)
            #expect(ContinuousClock.now - started < .seconds(4))
        }
    }
}
