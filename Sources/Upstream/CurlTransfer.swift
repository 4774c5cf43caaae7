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
    private let limit: Int
    private let connectTimeout: Duration
    private var body: [UInt8] = []
    private var headers: [HTTPHeader] = []
    private var headerBytes = 0
    private var exceededLimit = false
    private var headerList: UnsafeMutablePointer<curl_slist>?

    var id: UInt64 { submission.id }

    init(submission: CurlSubmission, easy: CurlEasyHandle, configuration: CurlClientConfiguration) {
        self.submission = submission
        self.easy = easy
        self.limit = max(configuration.maxResponseBytes, 1)
        self.connectTimeout = configuration.connectTimeout
    }

    /// Frees what the transfer allocated for libcurl; call after the handle left the multi handle.
    func release() {
        curl_slist_free_all(headerList)
        headerList = nil
    }

    // MARK: Configuration

    /// Sets every option of the (freshly reset) easy handle for this request.
    func configure(userAgent: String) throws(UpstreamError) {
        let handle = easy.raw
        let request = submission.request
        let context = Unmanaged.passUnretained(self).toOpaque()

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
        try check(deskbridge_easy_setopt_string(handle, CURLOPT_USERAGENT, userAgent), "USERAGENT")
        if request.isHTTPS {
            // While the first connection to a host negotiates (maybe HTTP/2), wait for it rather
            // than open one connection per queued request.
            try check(deskbridge_easy_setopt_long(handle, CURLOPT_PIPEWAIT, 1), "PIPEWAIT")
        }

        try check(deskbridge_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context), "WRITEDATA")
        try check(deskbridge_easy_setopt_write_callback(handle) { data, size, count, context in
            guard let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
        }, "WRITEFUNCTION")
        try check(deskbridge_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context), "HEADERDATA")
        try check(deskbridge_easy_setopt_header_callback(handle) { data, size, count, context in
            guard let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
        }, "HEADERFUNCTION")

        try configureMethod(request.method, handle: handle)
        try configureHeaders(request.headerLines, handle: handle)
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
        body.append(contentsOf: chunk)
        return chunk.count
    }

    /// Parses one raw header line; a status line starts a new response (after 1xx), so only
    /// the final response's fields are kept.
    private func receiveHeaderLine(_ line: UnsafeRawBufferPointer) -> Int {
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
