import GatewayConfig
import Testing

@testable import Server

@Suite struct SignatureCheckTests {
    // Computed independently: python3 -c "import hmac,hashlib; print(hmac.new(b'demo-connector-secret',
    //   b'idWebsite=ha-123&limit=1', hashlib.sha256).hexdigest())"
    private let knownSignature = "sha256=a34d30326aa0195ab4290836eae1726ae3ab10ba145034611ef4c26f8bfe43bb"

    @Test func matchesAnIndependentHMAC() {
        #expect(SignatureCheck.sign(Array("idWebsite=ha-123&limit=1".utf8), secret: "demo-connector-secret") == knownSignature)
        let check = SignatureCheck(secrets: ["demo-connector-secret"])
        #expect(check.isValid(header: knownSignature, payload: Array("idWebsite=ha-123&limit=1".utf8)))
        #expect(
            check.isValid(
                header: " " + knownSignature.uppercased().replacingOccurrences(of: "SHA256", with: "sha256"),
                payload: Array("idWebsite=ha-123&limit=1".utf8)))
        #expect(!check.isValid(header: knownSignature, payload: Array("idWebsite=ha-123&limit=2".utf8)))
        #expect(!check.isValid(header: nil, payload: Array("x".utf8)))
        #expect(!check.isValid(header: String(knownSignature.dropLast()), payload: Array("idWebsite=ha-123&limit=1".utf8)))
        #expect(!check.isValid(header: knownSignature + "00", payload: Array("idWebsite=ha-123&limit=1".utf8)))
        // The prefix in any case, blanks around; nothing else passes for it.
        let payload = Array("idWebsite=ha-123&limit=1".utf8)
        let hex = knownSignature.dropFirst(7)
        #expect(check.isValid(header: "\tSHA256=\(hex) ", payload: payload))
        #expect(!check.isValid(header: "sha257=\(hex)", payload: payload))
        #expect(!check.isValid(header: "sha256:\(hex)", payload: payload))
        #expect(!check.isValid(header: "sha256=\(hex.dropLast())g", payload: payload))
        #expect(!check.isValid(header: "sha256= \(hex.dropLast())", payload: payload))
    }

    /// The keyed HMACs are shared by every request: verifying must never leave state behind.
    @Test func oneCheckVerifiesManyPayloadsAtOnce() async {
        let check = SignatureCheck(secrets: ["old", "new"])
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let payload = Array("idWebsite=ha-123&limit=\(index)".utf8)
                    let signed = SignatureCheck.sign(payload, secret: index.isMultiple(of: 2) ? "old" : "new")
                    let forged = SignatureCheck.sign(payload, secret: "other")
                    return check.isValid(header: signed, payload: payload) && !check.isValid(header: forged, payload: payload)
                        && !check.isValid(header: signed, payload: payload + [0x20])
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count == 200 && outcomes.allSatisfy { $0 })
    }

    @Test func anyOfTheRotationSecretsVerifies() {
        let payload = Array("body".utf8)
        let check = SignatureCheck(secrets: ["old", "new"])
        #expect(check.isValid(header: SignatureCheck.sign(payload, secret: "old"), payload: payload))
        #expect(check.isValid(header: SignatureCheck.sign(payload, secret: "new"), payload: payload))
        #expect(!check.isValid(header: SignatureCheck.sign(payload, secret: "other"), payload: payload))
        #expect(!SignatureCheck(secrets: []).isValid(header: SignatureCheck.sign(payload, secret: ""), payload: payload))
    }
}

@Suite struct IPNetworkTests {
    @Test func matchesAddressesAndBlocks() throws {
        let single = try #require(IPNetwork("35.158.241.155"))
        #expect(single.contains("35.158.241.155"))
        #expect(!single.contains("35.158.241.156"))
        #expect(single.contains("::ffff:35.158.241.155"))
        let block = try #require(IPNetwork("10.0.0.0/8"))
        #expect(block.contains("10.255.1.2"))
        #expect(!block.contains("11.0.0.1"))
        let v6 = try #require(IPNetwork("2001:db8::/32"))
        #expect(v6.contains("2001:db8:1::5"))
        #expect(!v6.contains("2001:db9::1"))
        #expect(!v6.contains("10.0.0.1"))
        #expect(try #require(IPNetwork("0.0.0.0/0")).contains("1.2.3.4"))
        for bad in ["", "10.0.0.0/33", "10.0.0.0/-1", "host.example", "1.2.3", "::/129"] {
            #expect(IPNetwork(bad) == nil, "\(bad)")
        }
    }

    @Test func forwardedForIsBelievedOnlyFromTrustedProxies() throws {
        let proxies = [try #require(IPNetwork("10.0.0.0/8"))]
        #expect(ClientAddress.resolve(peer: "1.2.3.4", forwardedFor: "35.158.241.155", trustedProxies: proxies) == "1.2.3.4")
        #expect(ClientAddress.resolve(peer: "10.0.0.5", forwardedFor: "9.9.9.9, 35.158.241.155", trustedProxies: proxies) == "35.158.241.155")
        #expect(ClientAddress.resolve(peer: "10.0.0.5", forwardedFor: "35.158.241.155, 10.0.0.7", trustedProxies: proxies) == "35.158.241.155")
        #expect(ClientAddress.resolve(peer: "10.0.0.5", forwardedFor: "garbage", trustedProxies: proxies) == nil)
        #expect(ClientAddress.resolve(peer: "10.0.0.5", forwardedFor: nil, trustedProxies: proxies) == "10.0.0.5")
        #expect(ClientAddress.resolve(peer: "10.0.0.5", forwardedFor: "1.1.1.1", trustedProxies: []) == "10.0.0.5")
    }
}
