/// A 64-bit FNV-1a hash of length-prefixed fields: the same text gives the same number in every
/// process (Swift's `Hasher` is seeded per process), so replicas of a fleet that loaded the same
/// files agree on it, and the fleet's shared cache keys built from it match.
package struct StableFingerprint {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    package init() {}

    package mutating func combine(_ text: String) {
        var count = UInt64(text.utf8.count)
        for _ in 0..<8 {
            add(UInt8(truncatingIfNeeded: count))
            count >>= 8
        }
        for byte in text.utf8 { add(byte) }
    }

    package var value: Int { Int(truncatingIfNeeded: state) }

    /// The fingerprint of `fields`, in order.
    package static func of(_ fields: String...) -> Int {
        var fingerprint = StableFingerprint()
        for field in fields { fingerprint.combine(field) }
        return fingerprint.value
    }

    private mutating func add(_ byte: UInt8) {
        state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
}
