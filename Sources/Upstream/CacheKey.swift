import Crypto

/// Identifies a cached value: the tenant in clear (for per-tenant purges and metrics) and a
/// SHA-256 fingerprint of everything else, so credentials and bodies are never held in clear.
public struct CacheKey: Sendable, Hashable, CustomStringConvertible {
    /// The tenant the entry belongs to, in clear.
    package let tenant: String
    private let fingerprint: Fingerprint

    /// The key of an upstream request. `credentialIdentity` is whatever distinguishes the
    /// caller's credentials (a token, a key id…): two tenants' tokens must not share entries.
    /// `headers` are the request's rendered headers (an `Accept-Language` from the operator's
    /// locale changes the answer), names compared without case, in order.
    package init(tenant: String, method: String, url: String, headers: [HTTPHeader], body: [UInt8]?, credentialIdentity: String) {
        var hasher = FieldHasher(domain: "upstream-request/v2", tenant: tenant)
        hasher.add(Array(method.uppercased().utf8))
        hasher.add(Array(url.utf8))
        hasher.add(body.map { [1] + $0 } ?? [0])  // a missing body differs from an empty one
        hasher.add(Array(credentialIdentity.utf8))
        hasher.add(Array(String(headers.count).utf8))  // so no header can pass for the next field
        for header in headers {
            hasher.add(Array(header.name.lowercased().utf8))
            hasher.add(Array(header.value.utf8))
        }
        self.tenant = tenant
        self.fingerprint = hasher.finish()
    }

    /// The key of anything else worth caching (e.g. a final plugin response), from ordered parts.
    public init(tenant: String, parts: [String]) {
        var hasher = FieldHasher(domain: "parts/v1", tenant: tenant)
        for part in parts { hasher.add(Array(part.utf8)) }
        self.tenant = tenant
        self.fingerprint = hasher.finish()
    }

    /// The fingerprint as 64 lowercase hex digits.
    package var hexDigest: String {
        let words = fingerprint.words
        return [words.0, words.1, words.2, words.3].map { word in
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// The tenant and the first 16 hex digits of the fingerprint, safe to log.
    public var description: String { "\(tenant)/\(hexDigest.prefix(16))" }
}

/// A SHA-256 digest as four words: cheap to hash and compare on every cache lookup.
private struct Fingerprint: Sendable, Hashable {
    let words: (UInt64, UInt64, UInt64, UInt64)

    static func == (lhs: Fingerprint, rhs: Fingerprint) -> Bool {
        lhs.words == rhs.words
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}

/// SHA-256 over length-prefixed fields, so that no two different field lists hash the same bytes.
private struct FieldHasher {
    private var sha = SHA256()

    init(domain: String, tenant: String) {
        add(Array(domain.utf8))
        add(Array(tenant.utf8))
    }

    mutating func add(_ field: [UInt8]) {
        withUnsafeBytes(of: UInt64(field.count).bigEndian) { sha.update(bufferPointer: $0) }
        sha.update(data: field)
    }

    func finish() -> Fingerprint {
        let bytes = Array(sha.finalize())
        func word(_ index: Int) -> UInt64 {
            bytes[index * 8..<index * 8 + 8].reduce(0) { $0 << 8 | UInt64($1) }
        }
        return Fingerprint(words: (word(0), word(1), word(2), word(3)))
    }
}
