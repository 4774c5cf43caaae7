import Testing

@testable import Upstream

@Suite("CacheKey")
struct CacheKeyTests {
    private func requestKey(
        tenant: String = "shop-a", method: String = "GET", url: String = "https://shop.example/products.json",
        headers: [HTTPHeader] = [HTTPHeader(name: "Accept", value: "application/json")], body: [UInt8]? = nil,
        credential: String = "shpat_secret_token_123"
    ) -> CacheKey {
        CacheKey(tenant: tenant, method: method, url: url, headers: headers, body: body, credentialIdentity: credential)
    }

    @Test func sameInputsGiveTheSameKey() {
        #expect(requestKey() == requestKey())
        #expect(requestKey().hashValue == requestKey().hashValue)
        #expect(requestKey(method: "get") == requestKey(method: "GET"))
        // Header names are case-insensitive; their values are not.
        #expect(
            requestKey(headers: [HTTPHeader(name: "accept-language", value: "fr")])
                == requestKey(headers: [HTTPHeader(name: "Accept-Language", value: "fr")]))
        #expect(CacheKey(tenant: "t", parts: ["a", "b"]) == CacheKey(tenant: "t", parts: ["a", "b"]))
    }

    @Test func everyInputTellsKeysApart() {
        let base = requestKey()
        let variants = [
            requestKey(tenant: "shop-b"),
            requestKey(method: "POST"),
            requestKey(url: "https://shop.example/products.json?page=2"),
            requestKey(body: []),
            requestKey(body: Array("{}".utf8)),
            requestKey(credential: "shpat_other_token"),
            requestKey(headers: []),
            requestKey(headers: [HTTPHeader(name: "Accept", value: "application/json"), HTTPHeader(name: "Accept-Language", value: "fr")]),
            requestKey(headers: [HTTPHeader(name: "Accept", value: "application/json"), HTTPHeader(name: "Accept-Language", value: "de")]),
            // A header cannot pass for the credential that follows it, nor the other way round.
            requestKey(headers: [HTTPHeader(name: "shpat_secret_token_123", value: "")], credential: ""),
        ]
        for variant in variants { #expect(variant != base) }
        #expect(Set(variants + [base]).count == variants.count + 1)
        // The digest alone tells them apart too (it is what a shared store would be keyed by).
        #expect(Set((variants + [base]).map(\.hexDigest)).count == variants.count + 1)
    }

    @Test func fieldBoundariesMatter() {
        #expect(CacheKey(tenant: "t", parts: ["ab", "c"]) != CacheKey(tenant: "t", parts: ["a", "bc"]))
        #expect(CacheKey(tenant: "t", parts: ["a"]) != CacheKey(tenant: "u", parts: ["a"]))
        #expect(
            CacheKey(tenant: "t", parts: ["GET", "u", "", "c"])
                != CacheKey(tenant: "t", method: "GET", url: "u", headers: [], body: nil, credentialIdentity: "c"))
    }

    @Test func theSecretIsNeverHeldInClear() {
        let secret = "shpat_secret_token_123"
        let key = requestKey(body: Array("password=hunter2".utf8), credential: secret)
        let renderings = [key.description, String(reflecting: key), key.hexDigest, "\(key)"]
        for rendering in renderings {
            #expect(!rendering.contains(secret))
            #expect(!rendering.contains("hunter2"))
        }
        #expect(key.tenant == "shop-a")
        #expect(key.hexDigest.count == 64)
        #expect(key.hexDigest.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        // What the key stores, not how it prints: the tenant and four digest words, nothing else
        // (a secret or a body kept in a private field would show up here).
        let stored = Self.storedLeaves(of: key)
        #expect(stored.compactMap { $0 as? String } == ["shop-a"], "\(stored)")
        #expect(stored.filter { $0 is UInt64 }.count == 4, "\(stored)")
        #expect(stored.count == 5, "\(stored)")
        for value in stored {
            #expect(!String(describing: value).contains(secret))
            #expect(!String(describing: value).contains("hunter2"))
        }
    }

    /// Every value stored in `value`, through structs, tuples, arrays and optionals, down to leaves.
    static func storedLeaves(of value: Any) -> [Any] {
        let mirror = Mirror(reflecting: value)
        if mirror.children.isEmpty { return mirror.displayStyle == .optional ? [] : [value] }
        return mirror.children.flatMap { storedLeaves(of: $0.value) }
    }
}
