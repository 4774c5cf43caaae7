import CCurl

/// One request in flight on the curl thread: the easy handle's configuration, the buffers its
/// callbacks fill, and the translation of the outcome into a response or an ``UpstreamError``.
///
/// Confined to the curl thread. libcurl reaches it from C callbacks through an unretained pointer
/// (`CURLOPT_WRITEDATA`/`HEADERDATA`/`PRIVATE`); ``CurlMultiDriver`` keeps the strong reference
/// until the easy handle has been removed from the multi handle.
final class CurlTransfer {
    let submission: CurlSubmission
    let easy: CurlEasyHandle
    /// When the first response byte must have arrived by (nil: no such limit).
    let firstByteDeadline: ContinuousClock.Instant?
    /// True once the status line of a response arrived.
    private(set) var hasFirstByte = false
    private let configuration: CurlClientConfiguration
    private let limit: Int
    private var body: [UInt8] = []
    private var headers: [HTTPHeader] = []
    private var headerBytes = 0
    private var exceededLimit = false
    private var headerList: UnsafeMutablePointer<curl_slist>?

    var id: UInt64 { submission.id }
    private var connectTimeout: Duration { configuration.connectTimeout }

    init(submission: CurlSubmission, easy: CurlEasyHandle, configuration: CurlClientConfiguration, now: ContinuousClock.Instant) {
        self.submission = submission
        self.easy = easy
        self.configuration = configuration
        self.limit = max(configuration.maxResponseBytes, 1)
        self.firstByteDeadline = configuration.firstByteTimeout.map { now.advanced(by: $0) }
    }

    /// Frees what the transfer allocated for libcurl; call after the handle left the multi handle.
    func release() {
        curl_slist_free_all(headerList)
        headerList = nil
    }

    // MARK: Configuration

    /// Sets every option of the (freshly reset) easy handle for this request; `share` is the
    /// client's share handle for TLS sessions and DNS, if any.
    func configure(share: UnsafeMutableRawPointer?) throws(UpstreamError) {
        let handle = easy.raw
        let request = submission.request
        let context = Unmanaged.passUnretained(self).toOpaque()

        // 128 KiB reads instead of 16 KiB: a 200 KB body takes 2 reads and callbacks, not 13.
        // First, because it is the option a reused handle can refuse (see CurlHandlePool).
        try check(deskbridge_easy_setopt_long(handle, CURLOPT_BUFFERSIZE, 128 << 10), "BUFFERSIZE")
        try check(deskbridge_easy_setopt_pointer(handle, CURLOPT_PRIVATE, context), "PRIVATE")
        try check(deskbridge_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, easy.errorBuffer), "ERRORBUFFER")
        try check(deskbridge_easy_setopt_string(handle, CURLOPT_URL, request.url), "URL")
        try check(deskbridge_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "NOSIGNAL")
        try check(deskbridge_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"), "PROTOCOLS_STR")
        try check(deskbridge_easy_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"), "REDIR_PROTOCOLS_STR")
        try check(deskbridge_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0), "FOLLOWLOCATION")
        // 0 would mean "no timeout" to libcurl: never send it.
        try check(deskbridge_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, max(connectTimeout.curlMilliseconds, 1)), "CONNECTTIMEOUT_MS")
        try check(deskbridge_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, max(request.timeout.curlMilliseconds, 1)), "TIMEOUT_MS")
        try check(deskbridge_easy_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""), "ACCEPT_ENCODING")
        try check(deskbridge_easy_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1), "TCP_KEEPALIVE")
        try check(deskbridge_easy_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent), "USERAGENT")
        try configureConnection(handle: handle, share: share)
        if request.isHTTPS {
            // While the first connection to a host negotiates (maybe HTTP/2), wait for it rather
            // than open one connection per queued request.
            try check(deskbridge_easy_setopt_long(handle, CURLOPT_PIPEWAIT, 1), "PIPEWAIT")
        }

        try check(deskbridge_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context), "WRITEDATA")
        try check(
            deskbridge_easy_setopt_write_callback(handle) { data, size, count, context in
                guard let context else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
            }, "WRITEFUNCTION")
        try check(deskbridge_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context), "HEADERDATA")
        try check(
            deskbridge_easy_setopt_header_callback(handle) { data, size, count, context in
                guard let context else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                return transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
            }, "HEADERFUNCTION")

        try configureMethod(request.method, handle: handle)
        try configureHeaders(request.headerLines, handle: handle)
    }

    /// HTTP version, DNS cache, slow-transfer check, TLS trust and proxy.
    private func configureConnection(handle: UnsafeMutableRawPointer, share: UnsafeMutableRawPointer?) throws(UpstreamError) {
        let version =
            switch configuration.httpVersion {
            case .http1_1: CURL_HTTP_VERSION_1_1
            case .http2OverTLS: CURL_HTTP_VERSION_2TLS
            }
        try check(deskbridge_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, version), "HTTP_VERSION")
        try check(
            deskbridge_easy_setopt_long(handle, CURLOPT_DNS_CACHE_TIMEOUT, max(configuration.dnsCacheTimeout.curlMilliseconds / 1000, 0)),
            "DNS_CACHE_TIMEOUT")
        if let share {
            try check(deskbridge_easy_setopt_share(handle, share), "SHARE")
        }
        if let slow = configuration.slowTransfer {
            let seconds = max((slow.period.curlMilliseconds + 999) / 1000, 1)
            try check(deskbridge_easy_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, max(slow.minimumBytesPerSecond, 1)), "LOW_SPEED_LIMIT")
            try check(deskbridge_easy_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, seconds), "LOW_SPEED_TIME")
        }
        // Verification is libcurl's default; said again so that no reset or default can lose it.
        try check(deskbridge_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1), "SSL_VERIFYPEER")
        try check(deskbridge_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2), "SSL_VERIFYHOST")
        if let caFile = configuration.caFile {
            try check(deskbridge_easy_setopt_string(handle, CURLOPT_CAINFO, caFile), "CAINFO")
        }
        switch configuration.proxy {
        case .environment:
            break  // libcurl reads the proxy variables itself when CURLOPT_PROXY is unset
        case .direct:
            try check(deskbridge_easy_setopt_string(handle, CURLOPT_PROXY, ""), "PROXY")
        case .server(let url, let noProxy):
            try check(deskbridge_easy_setopt_string(handle, CURLOPT_PROXY, url), "PROXY")
            if let noProxy {
                try check(deskbridge_easy_setopt_string(handle, CURLOPT_NOPROXY, noProxy), "NOPROXY")
            }
        }
    }

    private func configureMethod(_ method: PreparedRequest.MethodStyle, handle: UnsafeMutableRawPointer) throws(UpstreamError) {
        switch method {
        case .get:
            try check(deskbridge_easy_setopt_long(handle, CURLOPT_HTTPGET, 1), "HTTPGET")
            try check(deskbridge_easy_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, Int64(limit)), "MAXFILESIZE_LARGE")
        case .head:
            // No body is read, so an announced Content-Length above the limit is no reason to fail.
            try check(deskbridge_easy_setopt_long(handle, CURLOPT_NOBODY, 1), "NOBODY")
        case .withBody(let name, let bytes):
            try check(deskbridge_easy_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, Int64(limit)), "MAXFILESIZE_LARGE")
            try check(deskbridge_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, Int64(bytes.count)), "POSTFIELDSIZE_LARGE")
            // COPYPOSTFIELDS: libcurl keeps its own copy, so the Swift array need not outlive this call.
            let code = bytes.withUnsafeBytes { buffer in
                if let base = buffer.baseAddress, !buffer.isEmpty {
                    return deskbridge_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base))
                }
                return deskbridge_easy_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, "")
            }
            try check(code, "COPYPOSTFIELDS")
            if name != "POST" {
                try check(deskbridge_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, name), "CUSTOMREQUEST")
            }
        case .withoutBody(let name):
            try check(deskbridge_easy_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, Int64(limit)), "MAXFILESIZE_LARGE")
            try check(deskbridge_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, name), "CUSTOMREQUEST")
        }
    }

    private func configureHeaders(_ lines: [String], handle: UnsafeMutableRawPointer) throws(UpstreamError) {
        for line in lines {
            guard let extended = curl_slist_append(headerList, line) else {
                throw .transport(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "could not build the request headers")
            }
            headerList = extended
        }
        try check(deskbridge_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList), "HTTPHEADER")
    }

    private func check(_ code: CURLcode, _ option: String) throws(UpstreamError) {
        guard code == CURLE_OK else {
            throw .transport(code: Int(code.rawValue), message: "setting CURLOPT_\(option) failed: \(code.message)")
        }
    }

    // MARK: Callbacks (curl thread, inside curl_multi_perform)

    /// Appends a chunk of the decoded body; returning less than its size makes libcurl abort.
    private func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Int {
        guard chunk.count <= limit - body.count else {
            exceededLimit = true
            return 0
        }
        if body.capacity == 0 { reserveAnnouncedLength() }
        body.append(contentsOf: chunk)
        return chunk.count
    }

    /// Sizes the body buffer once from `Content-Length` (when announced and within the limit),
    /// so a large body is not copied again and again as the array grows.
    private func reserveAnnouncedLength() {
        var announced: Int64 = -1
        guard deskbridge_easy_getinfo_off_t(easy.raw, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced) == CURLE_OK,
            announced > 0, announced <= Int64(limit)
        else { return }
        body.reserveCapacity(Int(announced))
    }

    /// Parses one raw header line; a status line starts a new response (after 1xx), so only
    /// the final response's fields are kept.
    private func receiveHeaderLine(_ line: UnsafeRawBufferPointer) -> Int {
        hasFirstByte = true
        headerBytes += line.count
        guard headerBytes <= limit else {
            exceededLimit = true
            return 0
        }
        var bytes = line[...]
        while let last = bytes.last, last == 0x0D || last == 0x0A { bytes = bytes.dropLast() }
        if bytes.starts(with: "HTTP/".utf8) {
            headers.removeAll(keepingCapacity: true)
        } else if let first = bytes.first, first == 0x20 || first == 0x09 {
            // Obsolete line folding: the line continues the previous field's value.
            if !headers.isEmpty {
                headers[headers.count - 1].value += " " + Self.text(Self.trimmed(bytes))
            }
        } else if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            let name = Self.text(bytes[..<colon])
            let value = Self.text(Self.trimmed(bytes[(colon + 1)...]))
            headers.append(HTTPHeader(name: name, value: value))
        }
        return line.count
    }

    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> Slice<UnsafeRawBufferPointer> {
        var result = bytes
        while let first = result.first, first == 0x20 || first == 0x09 { result = result.dropFirst() }
        while let last = result.last, last == 0x20 || last == 0x09 { result = result.dropLast() }
        return result
    }

    private static func text(_ bytes: Slice<UnsafeRawBufferPointer>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Outcome

    /// The response, or the error, for libcurl's final code; reads transfer info, so call it
    /// before the handle is reset.
    func outcome(for code: CURLcode) -> Result<UpstreamResponse, UpstreamError> {
        guard code == CURLE_OK else { return .failure(error(for: code)) }
        var status = 0
        _ = deskbridge_easy_getinfo_long(easy.raw, CURLINFO_RESPONSE_CODE, &status)
        var response = UpstreamResponse(status: status, headers: [], body: [], timing: timing())
        swap(&response.headers, &headers)
        swap(&response.body, &body)
        return .success(response)
    }

    private func timing() -> UpstreamTiming {
        UpstreamTiming(
            total: .curlMicroseconds(info(CURLINFO_TOTAL_TIME_T)),
            connect: .curlMicroseconds(info(CURLINFO_CONNECT_TIME_T)),
            timeToFirstByte: .curlMicroseconds(info(CURLINFO_STARTTRANSFER_TIME_T)),
            connectionReused: {
                var connects = 0
                let code = deskbridge_easy_getinfo_long(easy.raw, CURLINFO_NUM_CONNECTS, &connects)
                return code == CURLE_OK && connects == 0
            }()
        )
    }

    private func info(_ what: CURLINFO) -> Int64 {
        var value: Int64 = 0
        _ = deskbridge_easy_getinfo_off_t(easy.raw, what, &value)
        return value
    }

    private func error(for code: CURLcode) -> UpstreamError {
        switch code {
        case CURLE_OPERATION_TIMEDOUT where easy.errorDetail?.hasPrefix("Operation too slow") == true:
            // The slow-transfer check (LOW_SPEED_LIMIT/TIME) fired, not a deadline.
            return .timedOut(after: configuration.slowTransfer?.period ?? submission.request.timeout)
        case CURLE_OPERATION_TIMEDOUT:
            // Report the deadline that fired: libcurl uses the same code for the connect timeout,
            // which is the one that fired when the transfer stopped well before the total deadline.
            let timeout = submission.request.timeout
            let elapsed = Duration.curlMicroseconds(info(CURLINFO_TOTAL_TIME_T))
            let connectFired = connectTimeout < timeout && elapsed < (connectTimeout + timeout) / 2
            return .timedOut(after: connectFired ? connectTimeout : timeout)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .connectFailed(host: submission.request.host, reason: easy.errorDetail ?? code.message)
        case CURLE_FILESIZE_EXCEEDED:
            return .responseTooLarge(limit: limit)
        case CURLE_WRITE_ERROR where exceededLimit:
            return .responseTooLarge(limit: limit)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidURL(submission.request.url)
        default:
            var message = code.message
            if let detail = easy.errorDetail, detail != message { message += ": \(detail)" }
            return .transport(code: Int(code.rawValue), message: message)
        }
    }
}
