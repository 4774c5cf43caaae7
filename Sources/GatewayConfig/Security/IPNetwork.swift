import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address or CIDR block, for source-address allow-lists (`35.158.241.155`,
/// `10.0.0.0/8`, `2001:db8::/32`).
package struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    let address: [UInt8]
    let prefixLength: Int
    package let description: String

    package init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let address = Self.parse(String(first)) else { return nil }
        let bits = address.count * 8
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...bits).contains(length) else { return nil }
            prefixLength = length
        } else {
            prefixLength = bits
        }
        self.address = address
        description = text
    }

    /// Whether `text` (an address, with an optional IPv6 zone or IPv4-mapped IPv6 form) is in the block.
    package func contains(_ text: String) -> Bool {
        guard var candidate = Self.parse(text) else { return false }
        if candidate.count == 16, address.count == 4, candidate.prefix(12).elementsEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]) {
            candidate = Array(candidate.suffix(4))
        }
        guard candidate.count == address.count else { return false }
        var remaining = prefixLength
        for (a, b) in zip(address, candidate) {
            guard remaining > 0 else { return true }
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if a & mask != b & mask { return false }
            remaining -= 8
        }
        return true
    }

    /// The address bytes (4 or 16); nil when `text` is not an address.
    package static func parse(_ text: String) -> [UInt8]? {
        let plain = text.split(separator: "%", maxSplits: 1).first.map(String.init) ?? text
        var v4 = in_addr()
        if inet_pton(AF_INET, plain, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, plain, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
