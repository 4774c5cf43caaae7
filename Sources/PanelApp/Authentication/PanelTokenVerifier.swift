import Foundation
import JWTKit

/// Checks the JWT iAdvize gives a panel app, with jwt-kit: HS256 under one of the connector's
/// secrets, `iss` "iadvize", `aud` exactly the tenant's app URL, and `exp`/`nbf`/`iat` within
/// `clockSkew` of now.
package struct PanelTokenVerifier: Sendable {
    /// The issuer iAdvize writes in `iss`.
    package static let issuer = "iadvize"

    private let secrets: [String]
    private let audience: String
    private let clockSkew: TimeInterval
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - secrets: every connector secret currently accepted (two during a rotation).
    ///   - audience: the app URL pasted in the connector, compared exactly with `aud`.
    ///   - clockSkew: how far the token's times may be off.
    ///   - now: the clock; tests pass a fixed one.
    package init(secrets: [String], audience: String, clockSkew: Duration = .seconds(30), now: @escaping @Sendable () -> Date = { Date() }) {
        self.secrets = secrets.filter { !$0.isEmpty }
        self.audience = audience
        let parts = clockSkew.components
        self.clockSkew = Double(parts.seconds) + Double(parts.attoseconds) / 1e18
        self.now = now
    }

    /// The operator id (`sub`) of a valid token; throws the first reason to refuse it.
    @discardableResult
    package func verify(_ token: String) async throws(PanelTokenError) -> String? {
        let parser = DefaultJWTParser()
        let header: JWTHeader
        do {
            header = try parser.parse(Array(token.utf8), as: PanelClaims.self).header
        } catch {
            throw .malformed
        }
        guard header.alg == "HS256" else { throw .unsupportedAlgorithm(header.alg) }
        let claims = try await verifiedClaims(token)
        guard claims.iss?.value == Self.issuer else { throw .wrongIssuer }
        guard let audiences = claims.aud?.value, audiences.contains(audience) else { throw .wrongAudience }
        let instant = now()
        guard let exp = claims.exp else { throw .expired }
        do {
            try exp.verifyNotExpired(currentDate: instant.addingTimeInterval(-clockSkew))
        } catch {
            throw .expired
        }
        if let nbf = claims.nbf, nbf.value > instant.addingTimeInterval(clockSkew) { throw .notYetValid }
        if let iat = claims.iat, iat.value > instant.addingTimeInterval(clockSkew) { throw .notYetValid }
        return claims.sub?.value
    }

    /// The claims of a token whose signature one of the secrets verifies. Each secret gets its own
    /// key collection: iAdvize's tokens carry no `kid` to pick one.
    private func verifiedClaims(_ token: String) async throws(PanelTokenError) -> PanelClaims {
        for secret in secrets {
            let keys = JWTKeyCollection()
            await keys.add(hmac: Self.key(secret), digestAlgorithm: .sha256)
            do {
                return try await keys.verify(token, as: PanelClaims.self)
            } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
                continue
            } catch {
                throw .malformed
            }
        }
        throw .badSignature
    }

    /// The HMAC key of a connector secret. jwt-kit asserts (in debug builds) that HS256 keys have at
    /// least 32 bytes; HMAC pads shorter keys with zero bytes anyway (RFC 2104), so padding them to
    /// 32 bytes here yields the very same signatures, and a short secret never trips the assertion.
    static func key(_ secret: String) -> HMACKey {
        var bytes = Array(secret.utf8)
        if bytes.count < 32 { bytes += Array(repeating: 0, count: 32 - bytes.count) }
        return HMACKey(from: bytes)
    }
}
