import CCurl

/// An ``UpstreamRequest`` checked and pre-formatted on the caller's task, so that bad input fails
/// fast and the curl thread only copies ready-made values into an easy handle.
struct PreparedRequest: Sendable {
    /// How the method maps onto libcurl options.
    enum MethodStyle: Sendable, Equatable {
        /// `CURLOPT_HTTPGET`.
        case get
        /// `CURLOPT_NOBODY`: no body is read even when Content-Length is announced.
        case head
        /// The body (possibly empty) as `CURLOPT_COPYPOSTFIELDS` with an explicit size, plus
        /// `CURLOPT_CUSTOMREQUEST` unless the method is POST.
        case withBody(method: String, body: [UInt8])
        /// `CURLOPT_CUSTOMREQUEST` with no body (e.g. DELETE).
        case withoutBody(method: String)
    }

    let url: String
    /// The URL's host, for error messages.
    let host: String
    let isHTTPS: Bool
    let method: MethodStyle
    /// "Name: value" lines for `CURLOPT_HTTPHEADER`, including the lines that switch off curl's
    /// own `Expect: 100-continue` and form `Content-Type`.
    let headerLines: [String]
    /// The total time allowed for this attempt, deadline included.
    let timeout: Duration

    init(_ request: UpstreamRequest, defaultTimeout: Duration) throws(UpstreamError) {
        (host, isHTTPS) = try Self.validatedHost(of: request.url)
        url = request.url
        let method = try Self.methodStyle(request.method, body: request.body)
        let hasBody = if case .withBody = method { true } else { false }
        self.method = method
        headerLines = try Self.headerLines(request.headers, hasBody: hasBody)
        timeout = try Self.effectiveTimeout(request.timeout ?? defaultTimeout, deadline: request.deadline)
    }

    /// The attempt's own timeout, shortened to what is left before the call's deadline; a
    /// deadline already past fails at once, without a network call.
    private static func effectiveTimeout(_ timeout: Duration, deadline: ContinuousClock.Instant?) throws(UpstreamError) -> Duration {
        guard let deadline else { return timeout }
        let remaining = deadline - .now
        guard remaining > .zero else { throw .timedOut(after: .zero) }
        return min(timeout, remaining)
    }

    /// Parses `url` with libcurl's own URL parser and returns its host; only http(s) is accepted.
    private static func validatedHost(of url: String) throws(UpstreamError) -> (host: String, isHTTPS: Bool) {
        guard !url.isEmpty, !url.utf8.contains(0), let handle = curl_url() else {
            throw .invalidURL(url)
        }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK,
            let scheme = urlPart(handle, CURLUPART_SCHEME)?.lowercased(),
            scheme == "http" || scheme == "https",
            let host = urlPart(handle, CURLUPART_HOST), !host.isEmpty
        else {
            throw .invalidURL(url)
        }
        return (host, scheme == "https")
    }

    private static func urlPart(_ handle: OpaquePointer, _ part: CURLUPart) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, part, &value, 0) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }

    private static func methodStyle(_ method: String, body: [UInt8]?) throws(UpstreamError) -> MethodStyle {
        guard !method.isEmpty, method.utf8.allSatisfy(isTokenByte) else {
            throw .invalidRequest(reason: "'\(method)' is not a valid HTTP method")
        }
        // Standard methods are sent in upper case whatever the caller wrote; others as given.
        let upper = method.uppercased()
        let name = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].contains(upper) ? upper : method
        switch (name, body) {
        case ("GET", nil): return .get
        case ("HEAD", nil): return .head
        case ("HEAD", .some): throw .invalidRequest(reason: "a HEAD request cannot carry a body")
        case ("POST", nil), ("PUT", nil), ("PATCH", nil): return .withBody(method: upper, body: [])
        case (_, .some(let body)): return .withBody(method: name, body: body)
        case (_, nil): return .withoutBody(method: name)
        }
    }

    private static func headerLines(_ headers: [HTTPHeader], hasBody: Bool) throws(UpstreamError) -> [String] {
        var lines: [String] = []
        lines.reserveCapacity(headers.count + 2)
        for header in headers {
            guard !header.name.isEmpty, header.name.utf8.allSatisfy(isTokenByte) else {
                throw .invalidRequest(reason: "'\(header.name)' is not a valid header name")
            }
            guard !header.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw .invalidRequest(reason: "the value of header '\(header.name)' contains CR, LF or NUL")
            }
            // "Name:" would tell curl to remove the header; "Name;" sends it with an empty value.
            lines.append(header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
        }
        if headers.first(named: "Expect") == nil {
            lines.append("Expect:")  // no 100-continue round trip before sending a body
        }
        if hasBody, headers.first(named: "Content-Type") == nil {
            lines.append("Content-Type:")  // not curl's default application/x-www-form-urlencoded
        }
        return lines
    }
}

/// RFC 9110 `tchar`: the bytes allowed in a method or a header name.
private func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"):
        return true
    default:
        return "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }
}
