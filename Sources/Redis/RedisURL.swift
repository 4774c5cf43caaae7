extension RedisConfiguration {
    /// The configuration a `redis://[user:password@]host[:port][/db]` URL describes; the pool size,
    /// timeouts and back-off keep their defaults.
    ///
    /// User and password may be percent-encoded (`%40` for `@`); `redis://:password@host` gives a
    /// password alone. `rediss://` (TLS) is refused: Debian 12's hiredis 0.14 has no TLS and the
    /// client does not add it, so reach a TLS-only Redis through a tunnel (stunnel, a service mesh).
    /// - Throws: ``RedisError/invalidURL(url:reason:)`` saying what is wrong.
    package init(url: String) throws(RedisError) {
        self.init()
        let masked = Self.masked(url)
        func invalid(_ reason: String) -> RedisError { .invalidURL(url: masked, reason: reason) }

        guard let schemeEnd = Self.schemeSeparator(in: url) else {
            throw invalid("expected redis://[user:password@]host[:port][/db]")
        }
        switch url[..<schemeEnd.lowerBound].lowercased() {
        case "redis": break
        case "rediss":
            throw invalid(
                "rediss:// (TLS) is not supported: this build's hiredis (0.14) has no TLS; use redis:// over a private network or a TLS tunnel")
        default:
            throw invalid("the scheme must be redis://")
        }
        let rest = url[schemeEnd.upperBound...]
        if rest.contains("?") || rest.contains("#") {
            throw invalid("query parameters and fragments are not supported (give the database as a path: /3)")
        }
        let authority = rest.prefix { $0 != "/" }
        let path = rest[authority.endIndex...]

        var hostAndPort = authority[...]
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostAndPort = authority[authority.index(after: at)...]
            guard let colon = userInfo.firstIndex(of: ":") else {
                throw invalid("credentials need a colon: redis://:password@host or redis://user:password@host")
            }
            guard let user = Self.percentDecoded(userInfo[..<colon]),
                let password = Self.percentDecoded(userInfo[userInfo.index(after: colon)...])
            else {
                throw invalid("the user or password has a malformed percent-escape")
            }
            guard !password.isEmpty else { throw invalid("the password is empty") }
            username = user.isEmpty ? nil : user
            self.password = password
        }

        var portText: Substring?
        if hostAndPort.hasPrefix("[") {
            guard let close = hostAndPort.firstIndex(of: "]") else { throw invalid("an IPv6 host lacks its closing ]") }
            host = String(hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close])
            let after = hostAndPort[hostAndPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("expected :port after the IPv6 host") }
                portText = after.dropFirst()
            }
        } else {
            let parts = hostAndPort.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { throw invalid("an IPv6 host must be written in brackets: redis://[::1]:6379") }
            host = String(parts[0])
            portText = parts.count == 2 ? parts[1] : nil
        }
        guard !host.isEmpty else { throw invalid("the host is missing") }
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number), portText.allSatisfy({ $0.isASCIIDigit }) else {
                throw invalid("the port must be a number from 1 to 65535, not '\(portText)'")
            }
            port = number
        }

        let databaseText = path.drop { $0 == "/" }
        if path.dropFirst().contains("/") { throw invalid("the path must be the database number alone, as in /3") }
        if !databaseText.isEmpty {
            guard databaseText.allSatisfy({ $0.isASCIIDigit }), let number = Int(databaseText) else {
                throw invalid("the database must be a number, as in /3, not '\(databaseText)'")
            }
            database = number
        }
    }

    /// The URL with the password (between `user:` and `@`) replaced by `***`, for error messages;
    /// credentials without a colon are masked whole, since they may be a password.
    static func masked(_ url: String) -> String {
        guard let schemeEnd = schemeSeparator(in: url),
            let at = url[schemeEnd.upperBound...].prefix(while: { $0 != "/" }).lastIndex(of: "@")
        else { return url }
        let secretStart = url[schemeEnd.upperBound..<at].firstIndex(of: ":").map { url.index(after: $0) } ?? schemeEnd.upperBound
        return String(url[..<secretStart]) + "***" + String(url[at...])
    }

    /// Where `://` is, without Foundation.
    private static func schemeSeparator(in url: String) -> Range<String.Index>? {
        var index = url.startIndex
        while index < url.endIndex {
            if url[index...].hasPrefix("://") { return index..<url.index(index, offsetBy: 3) }
            index = url.index(after: index)
        }
        return nil
    }

    /// `%XX` escapes decoded as UTF-8; nil when an escape is malformed or the bytes are not UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
