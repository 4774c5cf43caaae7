import Foundation

/// An HTTP request as a simulator sees it, independent of the server that received it: the
/// method, the path apart from its query string, the decoded query parameters in order, the
/// headers and the body.
package struct SimulatedRequest: Sendable {
    /// Uppercased (`GET`, `POST`).
    package var method: String
    /// The path without the query string, as sent (percent-encoding kept).
    package var path: String
    /// The query string without its `?`, as sent.
    package var rawQuery: String
    /// The query parameters in order, percent-decoded (`+` read as a space, like PHP and Rails).
    package var query: [(name: String, value: String)]
    package var headers: [(String, String)]
    package var body: [UInt8]

    /// - Parameter target: the request target, a path optionally followed by `?query`.
    package init(method: String, target: String, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.method = method.uppercased()
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            rawQuery = String(target[target.index(after: mark)...])
        } else {
            path = target
            rawQuery = ""
        }
        query = QueryString.parse(rawQuery)
        self.headers = headers
        self.body = body
    }

    /// The first header with this name, compared case-insensitively.
    package func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.0.lowercased() == lowered }?.1
    }

    /// The first value of a query parameter.
    package func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// True when the query names this parameter (even with an empty value).
    package func hasQueryParameter(_ name: String) -> Bool {
        query.contains { $0.name == name }
    }

    /// `scheme://host[:port]` as the client reached us (from the `Host` header), so that links in
    /// answers lead back to this server.
    var baseURL: String {
        let host = header("Host").flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        return "http://\(host)"
    }
}

/// Reading and writing `application/x-www-form-urlencoded` query strings.
enum QueryString {
    /// Splits on `&`, then on the first `=`; decodes `+` and percent escapes (invalid escapes are
    /// kept as written).
    static func parse(_ raw: String) -> [(name: String, value: String)] {
        guard !raw.isEmpty else { return [] }
        return raw.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            if let equals = pair.firstIndex(of: "=") {
                return (decode(pair[..<equals]), decode(pair[pair.index(after: equals)...]))
            }
            return (decode(pair[...]), "")
        }
    }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// Characters left as they are in names and values (RFC 3986 unreserved).
    private static let unreserved: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        set.insert(charactersIn: "-._~")
        return set
    }()

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// `name=value&…`, each part percent-encoded; `spaceAsPlus` writes spaces as `+` (PHP's
    /// `urlencode`).
    static func serialize(_ items: [(name: String, value: String)], spaceAsPlus: Bool = false) -> String {
        items.map { item in
            let pair = "\(encode(item.name))=\(encode(item.value))"
            return spaceAsPlus ? pair.replacingOccurrences(of: "%20", with: "+") : pair
        }.joined(separator: "&")
    }
}
