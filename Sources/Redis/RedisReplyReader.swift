import CHiredis
import NIOCore

/// hiredis' reply parser: bytes go in as they arrive from the socket, whole replies come out.
///
/// Not thread-safe: one reader belongs to one channel handler and is used on its event loop only.
final class RedisReplyReader {
    private let reader: UnsafeMutablePointer<redisReader>

    init() {
        // hiredis aborts the process on allocation failure itself; a NULL here means the same.
        guard let reader = redisReaderCreate() else { preconditionFailure("hiredis could not allocate a reply reader") }
        self.reader = reader
    }

    deinit {
        redisReaderFree(reader)
    }

    /// Appends received bytes (a partial reply is kept until the rest arrives).
    func feed(_ buffer: ByteBuffer) throws(RedisError) {
        let status = buffer.withUnsafeReadableBytes { bytes in
            bytes.isEmpty ? REDIS_OK : redisReaderFeed(reader, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), bytes.count)
        }
        guard status == REDIS_OK else { throw .protocolError(String(cString: deskbridge_redis_reader_error(reader))) }
    }

    /// The next complete reply, or nil when more bytes are needed.
    /// - Throws: ``RedisError/protocolError(_:)`` when the bytes are not RESP; the reader is then
    ///   unusable and its connection must be closed.
    func next() throws(RedisError) -> RedisReply? {
        var raw: UnsafeMutableRawPointer?
        guard redisReaderGetReply(reader, &raw) == REDIS_OK else {
            throw .protocolError(String(cString: deskbridge_redis_reader_error(reader)))
        }
        guard let raw else { return nil }
        defer { freeReplyObject(raw) }
        return try Self.convert(raw.assumingMemoryBound(to: redisReply.self).pointee)
    }

    /// Copies hiredis' reply tree into Swift values (the tree is freed by the caller).
    private static func convert(_ reply: redisReply) throws(RedisError) -> RedisReply {
        switch reply.type {
        case REDIS_REPLY_STRING:
            return .bulk(Array(UnsafeRawBufferPointer(start: reply.str, count: reply.len)))
        case REDIS_REPLY_STATUS:
            return .simpleString(String(decoding: UnsafeRawBufferPointer(start: reply.str, count: reply.len), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            return .error(String(decoding: UnsafeRawBufferPointer(start: reply.str, count: reply.len), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            return .integer(Int64(reply.integer))
        case REDIS_REPLY_NIL:
            return .null
        case REDIS_REPLY_ARRAY:
            var elements: [RedisReply] = []
            elements.reserveCapacity(reply.elements)
            for index in 0..<reply.elements {
                guard let element = reply.element[index] else { throw .protocolError("hiredis returned an array with a missing element") }
                elements.append(try convert(element.pointee))
            }
            return .array(elements)
        default:
            throw .protocolError("hiredis returned an unknown reply type \(reply.type)")
        }
    }
}
