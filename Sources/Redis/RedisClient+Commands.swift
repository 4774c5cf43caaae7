/// The commands the gateway's shared features use, typed. Keys, fields and channels are text;
/// values are bytes, stored and returned exactly.
extension RedisClient {
    /// PING; throws when Redis does not answer PONG.
    package func ping() async throws(RedisError) {
        let reply = try await send(["PING"])
        guard reply == .simpleString("PONG") else { throw Self.unexpected(reply, from: "PING", expected: "PONG") }
    }

    /// GET: the value, or nil when the key does not exist.
    package func get(_ key: String) async throws(RedisError) -> [UInt8]? {
        try await optionalBytes(send([Array("GET".utf8), Array(key.utf8)]), from: "GET")
    }

    /// SET, optionally with an expiry (PX) and only if the key does not exist yet (NX).
    /// - Returns: whether the value was stored (false only when `onlyIfAbsent` found the key).
    @discardableResult
    package func set(
        _ key: String, to value: [UInt8], expiresIn expiry: Duration? = nil, onlyIfAbsent: Bool = false
    ) async throws(RedisError) -> Bool {
        var arguments = [Array("SET".utf8), Array(key.utf8), value]
        if let expiry { arguments += [Array("PX".utf8), Array(String(expiry.redisMilliseconds).utf8)] }
        if onlyIfAbsent { arguments.append(Array("NX".utf8)) }
        let reply = try await send(arguments)
        switch reply {
        case .simpleString("OK"): return true
        case .null: return false
        default: throw Self.unexpected(reply, from: "SET", expected: "OK or null")
        }
    }

    /// DEL: how many of the keys existed.
    @discardableResult
    package func del(_ keys: [String]) async throws(RedisError) -> Int {
        try await integer(send(["DEL"] + keys), from: "DEL")
    }

    /// PEXPIRE (EXPIRE with millisecond precision): whether the key exists and now expires.
    @discardableResult
    package func expire(_ key: String, after expiry: Duration) async throws(RedisError) -> Bool {
        try await integer(send(["PEXPIRE", key, String(expiry.redisMilliseconds)]), from: "PEXPIRE") == 1
    }

    /// PUBLISH: how many subscribers (of this server) received the message.
    @discardableResult
    package func publish(_ message: [UInt8], to channel: String) async throws(RedisError) -> Int {
        try await integer(send([Array("PUBLISH".utf8), Array(channel.utf8), message]), from: "PUBLISH")
    }

    /// HGET: the field's value, or nil when the key or the field does not exist.
    package func hget(_ key: String, field: String) async throws(RedisError) -> [UInt8]? {
        try await optionalBytes(send([Array("HGET".utf8), Array(key.utf8), Array(field.utf8)]), from: "HGET")
    }

    /// HSET of one or more fields: how many fields were new.
    @discardableResult
    package func hset(_ key: String, fields: [String: [UInt8]]) async throws(RedisError) -> Int {
        var arguments = [Array("HSET".utf8), Array(key.utf8)]
        for (field, value) in fields { arguments += [Array(field.utf8), value] }
        return try await integer(send(arguments), from: "HSET")
    }

    /// HLEN: how many fields the hash has (0 when the key does not exist).
    package func hlen(_ key: String) async throws(RedisError) -> Int {
        try await integer(send(["HLEN", key]), from: "HLEN")
    }

    /// HDEL: how many of the fields existed.
    @discardableResult
    package func hdel(_ key: String, fields: [String]) async throws(RedisError) -> Int {
        try await integer(send(["HDEL", key] + fields), from: "HDEL")
    }

    /// HGETALL: every field and value of the hash (empty when the key does not exist).
    package func hgetall(_ key: String) async throws(RedisError) -> [String: [UInt8]] {
        let reply = try await send(["HGETALL", key])
        guard let elements = reply.array, elements.count.isMultiple(of: 2) else {
            throw Self.unexpected(reply, from: "HGETALL", expected: "an array of fields and values")
        }
        var fields: [String: [UInt8]] = [:]
        for index in stride(from: 0, to: elements.count, by: 2) {
            guard let field = elements[index].string, let value = elements[index + 1].bytes else {
                throw Self.unexpected(reply, from: "HGETALL", expected: "an array of fields and values")
            }
            fields[field] = value
        }
        return fields
    }

    /// Runs a Lua script by its SHA-1 (EVALSHA), sending its source (EVAL) only when Redis
    /// answers NOSCRIPT; the reply is the script's, as it returned it.
    package func eval(_ script: RedisScript, keys: [String] = [], arguments: [[UInt8]] = []) async throws(RedisError) -> RedisReply {
        let tail = [Array(String(keys.count).utf8)] + keys.map { Array($0.utf8) } + arguments
        do {
            return try await send([Array("EVALSHA".utf8), Array(script.sha1.utf8)] + tail)
        } catch let error where error.serverErrorCode == "NOSCRIPT" {
            return try await send([Array("EVAL".utf8), Array(script.source.utf8)] + tail)
        }
    }

    private func optionalBytes(_ reply: RedisReply, from command: String) throws(RedisError) -> [UInt8]? {
        switch reply {
        case .bulk(let bytes): return bytes
        case .null: return nil
        default: throw Self.unexpected(reply, from: command, expected: "a bulk string or null")
        }
    }

    private func integer(_ reply: RedisReply, from command: String) throws(RedisError) -> Int {
        guard let value = reply.integer else { throw Self.unexpected(reply, from: command, expected: "an integer") }
        return Int(value)
    }

    private static func unexpected(_ reply: RedisReply, from command: String, expected: String) -> RedisError {
        .protocolError("\(command) answered \(reply.kindName) where \(expected) was expected")
    }
}
