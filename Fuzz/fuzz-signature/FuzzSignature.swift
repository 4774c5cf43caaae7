import Foundation
import FuzzSupport
import GatewayConfig

/// iAdvize's signature header, read on every call before anything else: any header value is
/// accepted or refused, never a crash, and only the signature of the payload under the secret is
/// accepted. The input is split at its first newline into a header value and a payload.
@main enum FuzzSignature {
    static let secret = "fuzz-connector-secret-0123456789"
    static let check = SignatureCheck(secrets: [secret])

    static func main() {
        FuzzHarness.run(corpus: FuzzHarness.seedCorpus("signature")) { bytes in
            let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            let header = String(decoding: bytes[..<newline], as: UTF8.self)
            let payload = newline < bytes.endIndex ? Array(bytes[(newline + 1)...]) : []
            let signature = SignatureCheck.sign(payload, secret: secret)
            precondition(check.isValid(header: signature, payload: payload), "a genuine signature is refused")
            precondition(check.isValid(header: " \(signature.uppercased())\t", payload: payload), "blanks and case are refused")
            if check.isValid(header: header, payload: payload) {
                let digits = header.trimmingCharacters(in: [" ", "\t"]).lowercased()
                precondition(digits == signature, "accepted a header that is not the signature: \(header)")
            }
        }
    }
}
