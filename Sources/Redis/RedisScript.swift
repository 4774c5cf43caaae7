import Crypto

/// A Lua script, known to Redis by the SHA-1 of its source.
///
/// ``RedisClient/eval(_:keys:arguments:)`` sends the SHA-1 alone (EVALSHA) and the source only
/// when the server no longer has it cached (after a restart, a failover or SCRIPT FLUSH).
package struct RedisScript: Sendable, Hashable {
    package let source: String
    /// The SHA-1 of `source` in lowercase hexadecimal, as EVALSHA wants it.
    package let sha1: String

    package init(_ source: String) {
        self.source = source
        let digest = Insecure.SHA1.hash(data: Array(source.utf8))
        let digits = Array("0123456789abcdef".utf8)
        sha1 = String(decoding: digest.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }, as: UTF8.self)
    }
}
