import Foundation
import JWTKit

/// The claims of the token iAdvize gives a panel app: `iss` "iadvize", `sub` the operator, `aud`
/// the app's URL, `iat`, `exp` a minute later, and the operator's `email`.
struct PanelClaims: JWTPayload {
    var iss: IssuerClaim?
    var sub: OperatorClaim?
    var aud: AudienceClaim?
    var iat: IssuedAtClaim?
    var exp: ExpirationClaim?
    var nbf: NotBeforeClaim?
    var email: String?

    /// Claims are checked by `PanelTokenVerifier`, which knows the expected audience, the clock and the skew.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// `sub`: the operator's id, which may come as a JSON string or number.
struct OperatorClaim: Codable, Sendable, Hashable {
    var value: String

    init(value: String) {
        self.value = value
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            value = text
        } else {
            value = String(try container.decode(Int64.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
