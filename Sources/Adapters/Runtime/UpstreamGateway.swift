import Logging
import Mapping
import Plugins
import Synchronization
import Upstream

/// An upstream answer after DeskBridge has checked it: the parsed JSON and what came with it.
/// This is what the upstream cache keeps, so a hit costs no parsing.
struct UpstreamDocument: Sendable {
    let status: Int
    /// Response headers with lower-case names.
    let headers: JSONObject
    let body: JSON
    /// Bytes the raw answer took, used to weigh the cache entry.
    let size: Int
}

/// The path from adapters to upstreams: every upstream call goes through the transport (libcurl),
/// behind a byte-bounded cache with single-flight, and remembers cursors for deep pages.
public final class UpstreamGateway: Sendable {
    let transport: any HTTPTransport
    let cache: ResponseCache<UpstreamDocument>
    let cursors: ResponseCache<CursorTrail>
    /// Results of customer actions per conversation, so a double click does not act twice.
    let actionResults: ResponseCache<ActionResult>

    /// - Parameters:
    ///   - transport: how requests reach upstreams (the libcurl client in production).
    ///   - cacheBytes: bound of the upstream response cache.
    public init(transport: any HTTPTransport, cacheBytes: Int) {
        self.transport = transport
        self.cache = ResponseCache(maxBytes: cacheBytes)
        self.cursors = ResponseCache(maxBytes: max(1 << 20, cacheBytes / 32))
        self.actionResults = ResponseCache(maxBytes: 4 << 20)
    }

    public var cacheStatistics: CacheStatistics { cache.statistics }

    /// Sends `request` unless an equal one was answered within `ttl`; only answers that `check`
    /// accepts are cached, so a throttled or failed answer is never served again.
    func fetch(
        _ request: UpstreamRequest, tenant: TenantUpstream, ttl: Duration, logger: Logger,
        check: @escaping @Sendable (UpstreamResponse) throws(AdapterError) -> UpstreamDocument
    ) async throws(AdapterError) -> UpstreamDocument {
        let key = CacheKey(
            tenant: tenant.tenant, method: request.method, url: request.url, body: request.body,
            credentialIdentity: tenant.credentialIdentity)
        let transport = self.transport
        let log = UpstreamCallLog.current
        let started = ContinuousClock.now
        let loaded = Mutex<UpstreamResponse?>(nil)
        do {
            let (document, hit) = try await cache.value(for: key, ttl: ttl, cost: { $0.size + 256 }) {
                let response: UpstreamResponse
                do throws(UpstreamError) {
                    response = try await transport.execute(request)
                } catch {
                    throw Self.adapterError(for: error)
                }
                loaded.withLock { $0 = response }
                return try check(response)
            }
            log?.record(
                .init(
                    method: request.method, url: tenant.redacting(request.url), status: document.status, cache: hit ? .hit : .miss,
                    duration: .now - started, body: log?.keepBodies == true ? document.body : nil))
            return document
        } catch {
            let failure = (error as? AdapterError) ?? .unavailable(message: "the upstream call failed")
            log?.record(
                .init(
                    method: request.method, url: tenant.redacting(request.url), status: loaded.withLock { $0?.status }, cache: .miss,
                    duration: .now - started, failure: failure,
                    body: log?.keepBodies == true ? loaded.withLock { $0.flatMap { try? JSON(parsing: $0.body) } } : nil))
            throw failure
        }
    }

    static func adapterError(for error: UpstreamError) -> AdapterError {
        switch error {
        case .timedOut(let after):
            return .timedOut(after: after)
        case .responseTooLarge(let limit):
            return .badResponse(message: "the answer is larger than the \(limit / 1024) KiB limit")
        case .connectFailed:
            return .unavailable(message: "the upstream cannot be reached")
        case .invalidURL, .invalidRequest:
            return .badResponse(message: "the adapter built an invalid upstream request")
        case .transport(_, let message):
            return .unavailable(message: "the upstream connection failed (\(message))")
        case .cancelled:
            return .unavailable(message: "the call was cancelled")
        case .shutDown:
            return .unavailable(message: "the gateway is shutting down")
        case .circuitOpen:
            return .unavailable(message: "the upstream keeps failing; DeskBridge pauses calls to it for a moment")
        }
    }
}
