import CHiredis
import NIOCore

/// Turns a command's arguments into RESP bytes with hiredis' formatter.
enum RedisCommandEncoder {
    /// The bytes of `arguments` as one RESP command. Binary-safe: every argument goes to hiredis
    /// with its length, so NUL, CR and LF are plain data.
    static func encode(_ arguments: [[UInt8]], allocator: ByteBufferAllocator) throws(RedisError) -> ByteBuffer {
        guard !arguments.isEmpty else { throw .protocolError("a command needs at least its name") }
        // argv needs a pointer to every argument at once; one contiguous copy gives them without
        // nesting a closure per argument. The trailing byte keeps the base address non-nil when
        // every argument is empty.
        var storage: [UInt8] = []
        storage.reserveCapacity(arguments.reduce(1) { $0 + $1.count })
        var offsets: [Int] = []
        var lengths: [Int] = []
        for argument in arguments {
            offsets.append(storage.count)
            lengths.append(argument.count)
            storage.append(contentsOf: argument)
        }
        storage.append(0)

        var formatted: UnsafeMutablePointer<CChar>?
        let length = storage.withUnsafeBytes { bytes -> Int32 in
            let base = bytes.baseAddress!.assumingMemoryBound(to: CChar.self)
            var argv: [UnsafePointer<CChar>?] = offsets.map { UnsafePointer(base + $0) }
            return argv.withUnsafeMutableBufferPointer { argv in
                lengths.withUnsafeBufferPointer { lengths in
                    redisFormatCommandArgv(&formatted, Int32(arguments.count), argv.baseAddress, lengths.baseAddress)
                }
            }
        }
        guard length >= 0, let formatted else { throw .protocolError("hiredis could not format the command") }
        defer { redisFreeCommand(formatted) }
        var buffer = allocator.buffer(capacity: Int(length))
        buffer.writeBytes(UnsafeRawBufferPointer(start: formatted, count: Int(length)))
        return buffer
    }
}
