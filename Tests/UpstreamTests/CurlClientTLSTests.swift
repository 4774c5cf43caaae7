import Foundation
import Testing

@testable import Upstream

/// TLS verification, a private CA, and TLS session reuse across easy handles, against a real
/// OpenSSL server. Always run: without openssl they fail (`TLSTestServer.run`), they never skip.
@Suite("CurlHTTPClient TLS", .serialized)
struct CurlClientTLSTests {
    @Test func untrustedCertificateIsRefusedAndAPrivateCAFileIsTrusted() async throws {
        try await TLSTestServer.run { server in
            try await withClient { client in
                guard case .transport(let code, _) = await failure(of: UpstreamRequest(url: server.url()), on: client) else {
                    Issue.record("an untrusted certificate was accepted")
                    return
                }
                #expect(code == 60)  // CURLE_PEER_FAILED_VERIFICATION
            }
            try await withClient(CurlClientConfiguration(caFile: server.caFile)) { client in
                let response = try await client.execute(UpstreamRequest(url: server.url()))
                #expect(response.status == 200)
                #expect(response.text.contains("New, TLS"))
            }
        }
    }

    /// The second request runs on a new easy handle (the first handle is busy with a slow
    /// request), so only the shared session cache can resume the first handshake's session.
    @Test(arguments: [true, false])
    func tlsSessionsAreSharedAcrossEasyHandles(sharing: Bool) async throws {
        try await TestServer.run { plain in
            try await TLSTestServer.run { server in
                try await withClient(CurlClientConfiguration(sharesTLSSessions: sharing, caFile: server.caFile)) { client in
                    let first = try await client.execute(UpstreamRequest(url: server.url()))
                    #expect(first.text.contains("New, TLS"))
                    let busy = Task { try await client.execute(UpstreamRequest(url: plain.url("/slow?ms=600"))) }
                    // The first handle is busy once the plain server has the slow request.
                    try await waitUntil { plain.connections.distinctConnections == 1 }
                    let second = try await client.execute(UpstreamRequest(url: server.url()))
                    #expect(!second.timing.connectionReused)  // s_server -www closes each connection
                    #expect(second.text.contains("Reused, TLS") == sharing)
                    #expect(try await busy.value.status == 200)
                }
            }
        }
    }
}
