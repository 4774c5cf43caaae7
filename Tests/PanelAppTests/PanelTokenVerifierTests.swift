import Crypto
import Foundation
import JWTKit
import Testing

@testable import PanelApp

/// The JWT checks, with jwt-kit-signed tokens and a fixed clock.
@Suite struct PanelTokenVerifierTests {
    static let audience = "https://bridge.example.com/panel/acme/"
    static let secret = "acme-connector-secret"
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    func verifier(secrets: [String] = [secret], skew: Duration = .seconds(30)) -> PanelTokenVerifier {
        PanelTokenVerifier(secrets: secrets, audience: Self.audience, clockSkew: skew, now: { Self.now })
    }

    func token(
        secret: String = secret, audience: String = audience, issuer: String = "iadvize", issuedAt: Date = now,
        lifetime: TimeInterval = 60, algorithm: DigestAlgorithm = .sha256, keyBytes: Int = 32
    ) async throws -> String {
        try await TestTokens.make(
            secret: secret, audience: audience, issuer: issuer, issuedAt: issuedAt, lifetime: lifetime, algorithm: algorithm, keyBytes: keyBytes)
    }

    func refusal(_ token: String, verifier: PanelTokenVerifier? = nil) async -> PanelTokenError? {
        do {
            try await (verifier ?? self.verifier()).verify(token)
            return nil
        } catch {
            return error
        }
    }

    @Test func acceptsAValidTokenAndReturnsTheOperator() async throws {
        let operatorID = try await verifier().verify(try await token())
        #expect(operatorID == "9999")
    }

    @Test func acceptsEitherSecretDuringARotation() async throws {
        let rotating = verifier(secrets: ["old-secret", Self.secret])
        #expect(try await rotating.verify(try await token()) == "9999")
        #expect(try await rotating.verify(try await token(secret: "old-secret")) == "9999")
        #expect(await refusal(try await token(secret: "third-secret"), verifier: rotating) == .badSignature)
    }

    @Test func refusesAnExpiredTokenBeyondTheSkewOnly() async throws {
        // Expired 20 s ago: within the 30 s skew.
        #expect(await refusal(try await token(issuedAt: Self.now.addingTimeInterval(-80))) == nil)
        // Expired 31 s ago: refused.
        #expect(await refusal(try await token(issuedAt: Self.now.addingTimeInterval(-91))) == .expired)
        #expect(await refusal(try await token(issuedAt: Self.now.addingTimeInterval(-80)), verifier: verifier(skew: .zero)) == .expired)
    }

    @Test func refusesATokenIssuedInTheFuture() async throws {
        #expect(await refusal(try await token(issuedAt: Self.now.addingTimeInterval(20))) == nil)
        #expect(await refusal(try await token(issuedAt: Self.now.addingTimeInterval(120))) == .notYetValid)
    }

    @Test func refusesTheWrongAudienceComparedExactly() async throws {
        #expect(await refusal(try await token(audience: "https://bridge.example.com/panel/other/")) == .wrongAudience)
        #expect(await refusal(try await token(audience: "https://bridge.example.com/panel/acme")) == .wrongAudience)
        #expect(await refusal(try await token(audience: "https://BRIDGE.example.com/panel/acme/")) == .wrongAudience)
    }

    @Test func refusesAnotherIssuer() async throws {
        #expect(await refusal(try await token(issuer: "iAdvize")) == .wrongIssuer)
        #expect(await refusal(try await token(issuer: "attacker")) == .wrongIssuer)
    }

    @Test func refusesTheWrongSecret() async throws {
        #expect(await refusal(try await token(secret: "another-connector-secret")) == .badSignature)
        #expect(await refusal(try await token(), verifier: verifier(secrets: [])) == .badSignature)
    }

    @Test func refusesUnsignedAndOtherAlgorithms() async throws {
        #expect(await refusal(try await TestTokens.unsigned(audience: Self.audience)) == .unsupportedAlgorithm("none"))
        #expect(await refusal(try await token(algorithm: .sha512, keyBytes: 64)) == .unsupportedAlgorithm("HS512"))
        // A valid token whose header is rewritten to `none` with its signature dropped.
        let parts = try await token().split(separator: ".").map(String.init)
        let noneHeader = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        #expect(await refusal("\(noneHeader).\(parts[1]).") == .unsupportedAlgorithm("none"))
        // The same header claiming HS256 with the signature dropped.
        #expect(await refusal("\(parts[0]).\(parts[1]).") == .badSignature)
    }

    @Test(arguments: ["", "abc", "a.b", "a.b.c", "....", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln", String(repeating: "x", count: 10_000)])
    func refusesMalformedTokens(_ text: String) async throws {
        let error = await refusal(text)
        #expect(error == .malformed, "\(String(text.prefix(40))): \(String(describing: error))")
    }

    @Test func refusesATokenWithoutExpiry() async throws {
        let keys = JWTKeyCollection()
        await keys.add(hmac: TestTokens.paddedKey(Self.secret), digestAlgorithm: .sha256)
        let claims = TestClaims(iss: "iadvize", sub: "1", aud: AudienceClaim(value: [Self.audience]), iat: IssuedAtClaim(value: Self.now))
        #expect(await refusal(try await keys.sign(claims)) == .expired)
    }

    @Test func acceptsANumericOperatorId() async throws {
        struct NumericSubject: JWTPayload {
            var iss = "iadvize"
            var sub = 4242
            var aud: String
            var exp: ExpirationClaim
            func verify(using algorithm: some JWTAlgorithm) async throws {}
        }
        let keys = JWTKeyCollection()
        await keys.add(hmac: TestTokens.paddedKey(Self.secret), digestAlgorithm: .sha256)
        let token = try await keys.sign(NumericSubject(aud: Self.audience, exp: ExpirationClaim(value: Self.now.addingTimeInterval(60))))
        #expect(try await verifier().verify(token) == "4242")
    }

    /// Short secrets are padded with zero bytes before jwt-kit sees them; HMAC does the same
    /// padding itself (RFC 2104), so the signatures are those of the raw secret.
    @Test func paddingAShortSecretKeepsItsSignatures() {
        let message = Array("header.payload".utf8)
        for secret in ["", "s", "acme-connector-secret", String(repeating: "k", count: 31)] {
            var padded = Array(secret.utf8)
            padded += Array(repeating: 0, count: 32 - padded.count)
            let raw = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
            let viaPadding = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: padded))
            #expect(Array(raw) == Array(viaPadding), "\(secret.count) bytes")
        }
    }
}
