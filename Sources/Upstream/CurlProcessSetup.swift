import CCurl

/// The process-wide libcurl initialisation, run once before the first client starts its thread.
enum CurlProcessSetup {
    private struct Outcome: Sendable {
        /// `curl_global_init`'s result.
        let code: UInt32
        /// Whether OpenSSL was found and told not to register its atexit handler.
        let openSSLWithoutAtexit: Bool
    }

    /// A `static let` is initialised lazily, exactly once and thread-safely: what
    /// `curl_global_init` (itself not thread-safe) needs.
    private static let outcome: Outcome = {
        // Must precede curl_global_init: stops OpenSSL 3 from registering its atexit handler,
        // which can race Swift's runtime teardown at exit. A no-op when curl uses another TLS library.
        let openSSL = deskbridge_openssl_init_no_atexit() == 1
        // Every easy handle sets CURLOPT_NOSIGNAL, so curl no longer shields us from SIGPIPE.
        deskbridge_ignore_sigpipe()
        return Outcome(code: deskbridge_global_init_all().rawValue, openSSLWithoutAtexit: openSSL)
    }()

    /// Runs the set-up if needed; throws if libcurl could not initialise.
    static func ensureInitialised() throws(UpstreamError) {
        let code = outcome.code
        guard code == CURLE_OK.rawValue else {
            throw .transport(code: Int(code), message: "curl_global_init failed: \(CURLcode(rawValue: code).message)")
        }
    }

    /// True when libcurl's OpenSSL was initialised with `OPENSSL_INIT_NO_ATEXIT`.
    static var openSSLInitialisedWithoutAtexit: Bool { outcome.openSSLWithoutAtexit }
}

extension CURLcode {
    /// libcurl's one-line explanation of the code (`curl_easy_strerror`).
    var message: String {
        String(cString: curl_easy_strerror(self))
    }
}
