import Foundation
import JWTKit
import PanelApp

/// The claims of a test token, shaped like iAdvize's.
struct TestClaims: JWTPayload {
    var iss: IssuerClaim?
    var sub: SubjectClaim?
    var aud: AudienceClaim?
    var iat: IssuedAtClaim?
    var exp: ExpirationClaim?
    var nbf: NotBeforeClaim?
    var email: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// Tokens as iAdvize signs them, and the broken ones an attacker or a misconfiguration produces.
enum TestTokens {
    /// Kinds the stand-in library can ask the test server for (`/test/jwt?mode=…`).
    enum Mode: String, CaseIterable, Sendable {
        case valid
        case expired
        case wrongSecret = "wrong-secret"
        case wrongAudience = "wrong-aud"
        case wrongIssuer = "wrong-iss"
        case notYetValid = "not-yet-valid"
        case algorithmNone = "alg-none"
    }

    /// A token for `audience` signed with `secret`, issued at `issuedAt` and valid `lifetime` seconds.
    static func make(
        secret: String, audience: String, issuer: String = "iadvize", subject: String = "9999", issuedAt: Date = Date(),
        lifetime: TimeInterval = 60, algorithm: DigestAlgorithm = .sha256, keyBytes: Int = 32, email: String? = "agent@example.com"
    ) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: paddedKey(secret, to: keyBytes), digestAlgorithm: algorithm)
        let claims = TestClaims(
            iss: IssuerClaim(value: issuer), sub: SubjectClaim(value: subject), aud: AudienceClaim(value: [audience]),
            iat: IssuedAtClaim(value: issuedAt), exp: ExpirationClaim(value: issuedAt.addingTimeInterval(lifetime)), email: email)
        return try await keys.sign(claims)
    }

    /// An unsigned token (`alg: none`) with otherwise perfect claims.
    static func unsigned(audience: String) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.addUnsecuredNone()
        let now = Date()
        let claims = TestClaims(
            iss: IssuerClaim(value: "iadvize"), sub: SubjectClaim(value: "9999"), aud: AudienceClaim(value: [audience]),
            iat: IssuedAtClaim(value: now), exp: ExpirationClaim(value: now.addingTimeInterval(60)))
        return try await keys.sign(claims)
    }

    static func make(_ mode: Mode, secret: String, audience: String) async throws -> String {
        switch mode {
        case .valid: try await make(secret: secret, audience: audience)
        case .expired: try await make(secret: secret, audience: audience, issuedAt: Date().addingTimeInterval(-600))
        case .wrongSecret: try await make(secret: "not-the-connector-secret", audience: audience)
        case .wrongAudience: try await make(secret: secret, audience: audience.replacingOccurrences(of: "/panel/", with: "/other/"))
        case .wrongIssuer: try await make(secret: secret, audience: audience, issuer: "someone-else")
        case .notYetValid: try await make(secret: secret, audience: audience, issuedAt: Date().addingTimeInterval(600))
        case .algorithmNone: try await unsigned(audience: audience)
        }
    }

    /// jwt-kit asserts HS256 keys are 32 bytes or more in debug builds; HMAC pads shorter keys with
    /// zeros anyway, so this is the same key (`PanelTokenVerifierTests` checks it).
    /// HS512 needs 64 bytes (`keyBytes: 64`).
    static func paddedKey(_ secret: String, to length: Int = 32) -> HMACKey {
        var bytes = Array(secret.utf8)
        if bytes.count < length { bytes += Array(repeating: 0, count: length - bytes.count) }
        return HMACKey(from: bytes)
    }
}
