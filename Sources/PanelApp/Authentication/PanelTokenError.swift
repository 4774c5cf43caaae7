import GatewayHTTP
import Hummingbird

/// Why a panel API call's token was refused. Each case becomes a 401 whose `error` code the page
/// reads; messages say what is wrong without echoing the token.
package enum PanelTokenError: GatewayError, Hashable, CustomStringConvertible {
    /// No `Authorization: Bearer …` header.
    case missing
    /// Not a JWT (three base64url parts with JSON header and payload).
    case malformed
    /// Signed with another algorithm than HS256 (including `none`).
    case unsupportedAlgorithm(String?)
    /// The signature matches none of the connector's secrets.
    case badSignature
    /// `exp` is past, beyond the allowed clock skew, or missing.
    case expired
    /// `iat` or `nbf` lies in the future, beyond the allowed clock skew.
    case notYetValid
    /// `iss` is not "iadvize".
    case wrongIssuer
    /// `aud` does not name this tenant's app URL.
    case wrongAudience

    /// The code in the JSON answer.
    package var code: String {
        switch self {
        case .missing: "token_missing"
        case .malformed: "token_malformed"
        case .unsupportedAlgorithm: "token_algorithm"
        case .badSignature: "token_signature"
        case .expired: "token_expired"
        case .notYetValid: "token_not_yet_valid"
        case .wrongIssuer: "token_issuer"
        case .wrongAudience: "token_audience"
        }
    }

    package var description: String {
        switch self {
        case .missing: "this call needs the iAdvize token: Authorization: Bearer <jwt>"
        case .malformed: "the token is not a JWT"
        case .unsupportedAlgorithm(let name): "the token is signed with \(name.map { "'\($0)'" } ?? "no algorithm"); only HS256 is accepted"
        case .badSignature: "the token is not signed with this connector's secret"
        case .expired: "the token has expired"
        case .notYetValid: "the token is not valid yet"
        case .wrongIssuer: "the token was not issued by iAdvize"
        case .wrongAudience: "the token was issued for another app URL"
        }
    }

    package var status: HTTPResponse.Status { .unauthorized }
    package var message: String { description }

    /// RFC 6750: a bare challenge when no token came, `invalid_token` when one was refused.
    package var headers: HTTPFields {
        [.wwwAuthenticate: self == .missing ? "Bearer" : "Bearer error=\"invalid_token\""]
    }
}
