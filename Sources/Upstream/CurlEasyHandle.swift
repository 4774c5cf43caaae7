import CCurl

/// A libcurl easy handle with its error buffer; reused across requests (`curl_easy_reset`).
///
/// Confined to the curl thread: created, configured, reset and destroyed there only.
struct CurlEasyHandle {
    let raw: UnsafeMutableRawPointer
    /// `CURLOPT_ERRORBUFFER`: libcurl writes a detailed message here when a transfer fails.
    let errorBuffer: UnsafeMutablePointer<CChar>

    static func make() -> CurlEasyHandle? {
        guard let raw = curl_easy_init() else { return nil }
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        buffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        return CurlEasyHandle(raw: raw, errorBuffer: buffer)
    }

    /// Forgets every option of the previous request; keeps the connection and DNS caches.
    func reset() {
        curl_easy_reset(raw)
        errorBuffer[0] = 0
    }

    /// Frees the handle; it must already be removed from the multi handle.
    func destroy() {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    /// The detailed message of the last failure, if libcurl wrote one.
    var errorDetail: String? {
        errorBuffer[0] == 0 ? nil : String(cString: errorBuffer)
    }
}
