import GatewayConfig
import HTTPTypes

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let xRequestID = HTTPField.Name("X-Request-Id")!
    static let iAdvizeSignature = HTTPField.Name(SignatureCheck.headerName)!
    /// How the answer was made: `hit` (the plugin-response cache), `stale` or `stale-if-error`.
    static let deskBridgeCache = HTTPField.Name("X-DeskBridge-Cache")!
}
