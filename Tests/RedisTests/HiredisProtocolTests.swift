import NIOCore
import Testing

@testable import Redis

/// hiredis' formatter and reader as the client uses them, without a server.
@Suite struct HiredisProtocolTests {
    @Test func commandsAreBinarySafe() throws {
        let value: [UInt8] = [0, 13, 10, 36, 42, 255]
        let encoded = try RedisCommandEncoder.encode([Array("SET".utf8), Array("k".utf8), value, []], allocator: ByteBufferAllocator())
        let expected = Array("*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$6\r\n".utf8) + value + Array("\r\n$0\r\n\r\n".utf8)
        #expect(Array(encoded.readableBytesView) == expected)
    }

    @Test func anEmptyCommandIsRefused() {
        #expect(throws: RedisError.self) { try RedisCommandEncoder.encode([], allocator: ByteBufferAllocator()) }
    }

    @Test func repliesSplitAcrossReadsComeOutWhole() throws {
        let reader = RedisReplyReader()
        let stream = Array("+OK\r\n-ERR bad\r\n:-42\r\n$3\r\na\r\n\r\n$-1\r\n*2\r\n*1\r\n:1\r\n$0\r\n\r\n*-1\r\n".utf8)
        var replies: [RedisReply] = []
        // One byte at a time: the worst fragmentation a socket can produce.
        for byte in stream {
            try reader.feed(ByteBuffer(bytes: [byte]))
            while let reply = try reader.next() { replies.append(reply) }
        }
        #expect(
            replies == [
                .simpleString("OK"), .error("ERR bad"), .integer(-42), .bulk(Array("a\r\n".utf8)), .null,
                .array([.array([.integer(1)]), .bulk([])]), .null,
            ])
    }

    @Test func bytesThatAreNotRESPAreAProtocolError() throws {
        let reader = RedisReplyReader()
        try reader.feed(ByteBuffer(bytes: Array("HTTP/1.1 200 OK\r\n".utf8)))
        #expect {
            _ = try reader.next()
        } throws: { error in
            guard case RedisError.protocolError(let detail) = error else { return false }
            return !detail.isEmpty
        }
    }

    @Test func scriptsAreNamedByTheirSHA1() {
        #expect(RedisScript("return 1").sha1 == "e0e1f9fabfc9d4800c877a703b823ac0578ff8db")
    }

    @Test func expiriesRoundUpToWholeMilliseconds() {
        #expect(Duration.milliseconds(250).redisMilliseconds == 250)
        #expect(Duration.microseconds(1).redisMilliseconds == 1)
        #expect(Duration.microseconds(1500).redisMilliseconds == 2)
        #expect(Duration.zero.redisMilliseconds == 1)
        #expect(Duration.seconds(90).redisMilliseconds == 90_000)
    }

    @Test func backoffDoublesUpToItsCap() {
        let backoff = RedisBackoff(initial: .milliseconds(100), maximum: .seconds(1))
        #expect(backoff.ceiling(beforeAttempt: 1) == .milliseconds(100))
        #expect(backoff.ceiling(beforeAttempt: 3) == .milliseconds(400))
        #expect(backoff.ceiling(beforeAttempt: 5) == .seconds(1))
        #expect(backoff.ceiling(beforeAttempt: 1_000) == .seconds(1))
        for attempt in 1...8 { #expect(backoff.delay(beforeAttempt: attempt) < backoff.ceiling(beforeAttempt: attempt)) }
    }
}

extension HiredisProtocolTests {
    /// hiredis 0.14 keeps a fixed stack of 9 read tasks: arrays nest 8 deep at most, deeper is
    /// refused (a Lua script could return such a reply; none of ours does).
    @Test func arraysNestedDeeperThanHiredisAllowsAreAProtocolError() throws {
        func nested(_ depth: Int) -> [UInt8] {
            Array((String(repeating: "*1\r\n", count: depth) + ":1\r\n").utf8)
        }
        let reader = RedisReplyReader()
        try reader.feed(ByteBuffer(bytes: nested(8)))
        #expect(try reader.next() != nil)
        let deeper = RedisReplyReader()
        try deeper.feed(ByteBuffer(bytes: nested(9)))
        #expect(throws: RedisError.self) { try deeper.next() }
    }
}
