import Crypto
import Foundation

/// iAdvize's request signature: `x-iadvize-signature: sha256=<lowercase hex>`, an HMAC-SHA256 keyed
/// with the connector's secret token over the raw query string (GET) or the raw body (POST, PUT).
public struct SignatureCheck: Sendable {
    package static let headerName = "x-iadvize-signature"

    /// One HMAC per accepted secret, keyed once: each request copies one and feeds it the payload,
    /// rather than deriving the keyed state from the secret again.
    private let keyed: [HMAC<SHA256>]

    /// - Parameter secrets: every secret currently accepted: one, or two while a secret is rotated.
    public init(secrets: [String]) {
        keyed = secrets.map { HMAC<SHA256>(key: SymmetricKey(data: Data($0.utf8))) }
    }

    package var hasSecrets: Bool { !keyed.isEmpty }

    /// True when `header` carries a valid signature of `payload` under any accepted secret. The
    /// comparison is constant-time (swift-crypto's `==` between a code and bytes).
    public func isValid(header: String?, payload: some DataProtocol) -> Bool {
        guard let header, let expected = Self.decode(header) else { return false }
        var valid = false
        for prepared in keyed {
            var mac = prepared
            mac.update(data: payload)
            // Every secret is tried, so the time taken does not tell which one matched.
            if mac.finalize() == expected { valid = true }
        }
        return valid
    }

    /// The header value iAdvize would send for `payload` signed with `secret`.
    public static func sign(_ payload: some DataProtocol, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: payload, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The 32 bytes of `sha256=<64 hex digits>` (prefix in any case, blanks around allowed); nil
    /// for anything else. Works on the UTF-8 bytes: it runs on every request.
    private static func decode(_ header: String) -> [UInt8]? {
        var value = Substring(header).utf8
        while let first = value.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { value.removeFirst() }
        while let last = value.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { value.removeLast() }
        guard value.count == 7 + 64,
            value.prefix(7).elementsEqual("sha256=".utf8, by: { lowercased($0) == $1 })
        else { return nil }
        let hex = value.dropFirst(7)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = hex.startIndex
        while index != hex.endIndex {
            let next = hex.index(after: index)
            guard let high = nibble(hex[index]), let low = nibble(hex[next]) else { return nil }
            bytes.append(high << 4 | low)
            index = hex.index(after: next)
        }
        return bytes
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
