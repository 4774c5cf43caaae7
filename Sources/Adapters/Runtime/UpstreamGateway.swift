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
    /// The request's `emptyWhen` held: the answer is an empty list (an unknown category…).
    var isEmptyList = false

    /// What keeping this document costs: the parsed tree's heap footprint (several times the raw
    /// size), its headers, and a fixed amount for the entry and its key.
    var cacheCost: Int {
        body.heapFootprint + headers.heapFootprint + 256
    }
}

/// How long upstream answers may be served past their TTL, and how long "not found" is kept.
public struct StalenessPolicy: Sendable, Hashable {
    /// Past its TTL, an answer is served at once while one background refresh runs.
    package var staleWhileRevalidate: Duration
    /// Past its TTL, the last good answer stands in when the upstream fails.
    package var staleIfError: Duration
    /// "Not found" answers (an unknown category…) are kept this long.
    package var negativeTTL: Duration

    public init(staleWhileRevalidate: Duration = .seconds(30), staleIfError: Duration = .seconds(600), negativeTTL: Duration = .seconds(30)) {
        self.staleWhileRevalidate = staleWhileRevalidate
        self.staleIfError = staleIfError
        self.negativeTTL = negativeTTL
    }
}

/// The path from adapters to upstreams: every upstream call goes through the transport (libcurl,
/// with retries and a circuit breaker), behind a byte-bounded cache with single-flight and stale
/// answers, and remembers cursors for deep pages.
public final class UpstreamGateway: Sendable {
    let transport: any HTTPTransport
    let cache: ResponseCache<UpstreamDocument>
    let cursors: ResponseCache<CursorTrail>
    /// Results of customer actions per conversation, so a double click does not act twice.
    let actionResults: ResponseCache<ActionResult>
    let staleness: StalenessPolicy
    /// Under the in-memory cache: the fleet's shared answers and fill locks (Redis), or nothing.
    let shared: any SharedResponseTier
    /// What parsing answers may take at once, process-wide (`upstream.parseBudget`).
    let parseBudget: ParseBudget

    /// - Parameters:
    ///   - transport: how requests reach upstreams (the libcurl client in production).
    ///   - cacheBytes: bound of the upstream response cache.
    ///   - shared: the fleet's tier under this process' cache (`shared:` in config.yaml).
    ///   - parseBudgetBytes: what parsing answers may take at once; beyond it parses wait, up to `parseWait`.
    public init(
        transport: any HTTPTransport, cacheBytes: Int, staleness: StalenessPolicy = StalenessPolicy(),
        shared: any SharedResponseTier = LocalResponseTier(), parseBudgetBytes: Int = 96 << 20, parseWait: Duration = .seconds(5)
    ) {
        self.parseBudget = ParseBudget(capacity: parseBudgetBytes, maxWait: parseWait)
        self.transport = transport
        self.shared = shared
        self.cache = ResponseCache(maxBytes: cacheBytes)
        self.cursors = ResponseCache(maxBytes: max(1 << 20, cacheBytes / 32))
        self.actionResults = ResponseCache(maxBytes: 4 << 20)
        self.staleness = staleness
    }

    package var cacheStatistics: CacheStatistics { cache.statistics }

    /// Sends `request` unless an equal one was answered within `ttl`. Only answers that `check`
    /// accepts are cached (a throttled or failed answer is never served again); "not found" is
    /// cached briefly; past `ttl`, the last good answer is served while it refreshes, or when the
    /// upstream fails, within the staleness windows.
    func fetch(
        _ request: UpstreamRequest, tenant: TenantUpstream, ttl: Duration, logger: Logger,
        check: @escaping @Sendable (UpstreamResponse) throws(AdapterError) -> UpstreamDocument
    ) async throws(AdapterError) -> UpstreamDocument {
        let key = CacheKey(
            tenant: tenant.tenant, method: request.method, url: request.url, headers: request.headers, body: request.body,
            credentialIdentity: tenant.credentialIdentity)
        let transport = self.transport
        let log = UpstreamCallLog.current
        let started = ContinuousClock.now
        let loaded = Mutex<UpstreamResponse?>(nil)
        let policy = CachePolicy(
            ttl: ttl, staleWhileRevalidate: staleness.staleWhileRevalidate, staleIfError: staleness.staleIfError,
            negativeTTL: staleness.negativeTTL)
        let shared = self.shared
        let budget = self.parseBudget
        do {
            let lookup = try await cache.value(for: key, policy: policy, cost: \.cacheCost) {
                // The fleet's answer, or this replica loads it for the fleet; only checked answers are
                // shared, and the check that decides it is the one kept here (one parse, not two).
                let checked = Mutex<Result<UpstreamDocument, AdapterError>?>(nil)
                // The parse's share of the budget, held until the check below is done with the tree.
                let lease = Mutex<ParseBudget.Lease?>(nil)
                let response = try await shared.response(
                    for: key, ttl: ttl,
                    isKept: { response in
                        let result = Result { () throws(AdapterError) in try check(response) }
                        checked.withLock { $0 = result }
                        return (try? result.get()) != nil
                    }
                ) {
                    let response = try await Self.send(request, through: transport)
                    loaded.withLock { $0 = response }
                    // Before `isKept` parses it (with `shared:`, right after this load).
                    let granted = try await Self.reserveParse(of: response, request: request, in: budget)
                    lease.withLock { $0 = granted }
                    return response
                }
                // An answer another replica stored has not been parsed here yet.
                if lease.withLock({ $0 == nil }) {
                    let granted = try await Self.reserveParse(of: response, request: request, in: budget)
                    lease.withLock { $0 = granted }
                }
                defer { lease.withLock { $0?.release() } }
                return try Self.cacheLoad(checking: response, checked: checked.withLock { $0 }, with: check)
            }
            let outcome: UpstreamCallLog.CacheOutcome =
                switch lookup.outcome {
                case .fresh, .negativeHit: .hit
                case .stale: .stale
                case .staleOnError: .staleOnError
                case .loaded, .coalesced: .miss
                }
            if let hidden = lookup.hiddenError {
                logger.warning("upstream failed; serving the last good answer", metadata: ["error": "\(hidden)"])
            }
            log?.record(
                .init(
                    method: request.method, url: tenant.redacting(request.url), status: lookup.value.status, cache: outcome,
                    duration: .now - started, body: log?.keepBodies == true ? lookup.value.body : nil))
            if lookup.isNegative {
                throw AdapterError.notFound(message: lookup.value.body.stringValue ?? "the upstream has no such resource")
            }
            return lookup.value
        } catch {
            let failure = (error as? AdapterError) ?? .unavailable(message: "the upstream call failed")
            if case .notFound = failure, loaded.withLock({ $0 == nil }) {
                throw failure  // a cached "not found", already logged above
            }
            log?.record(
                .init(
                    method: request.method, url: tenant.redacting(request.url), status: loaded.withLock { $0?.status }, cache: .miss,
                    duration: .now - started, failure: failure,
                    body: log?.keepBodies == true ? loaded.withLock { $0.flatMap { try? JSON(parsing: $0.body) } } : nil))
            throw failure
        }
    }

    /// Waits for the budget to parse `response` (until the request's deadline, or the budget's
    /// longest wait): a 503 when other parses hold it too long, a 502 when this answer alone would
    /// take more than the whole budget.
    private static func reserveParse(
        of response: UpstreamResponse, request: UpstreamRequest, in budget: ParseBudget
    ) async throws(AdapterError) -> ParseBudget.Lease {
        let longest = ContinuousClock.now.advanced(by: budget.maxWait)
        do {
            return try await budget.reserve(parsing: response.body, until: min(request.deadline ?? longest, longest))
        } catch {
            switch error {
            case .tooLarge(let cost, let capacity):
                throw .badResponse(
                    message: "the answer would take \(cost >> 20) MiB to parse, more than the gateway's parse budget of \(capacity >> 20) MiB")
            case .busy:
                throw .unavailable(message: "the gateway is busy parsing other upstream answers")
            case .cancelled:
                throw .unavailable(message: "the call was cancelled")
            }
        }
    }

    private static func send(_ request: UpstreamRequest, through transport: any HTTPTransport) async throws(AdapterError) -> UpstreamResponse {
        do {
            return try await transport.execute(request)
        } catch {
            throw adapterError(for: error)
        }
    }

    /// A checked answer to keep, with "not found" kept apart (briefly) and other failures thrown.
    /// `checked` is the outcome of `check` on this very response when it was already run.
    private static func cacheLoad(
        checking response: UpstreamResponse, checked: Result<UpstreamDocument, AdapterError>?,
        with check: (UpstreamResponse) throws(AdapterError) -> UpstreamDocument
    ) throws(AdapterError) -> CacheLoad<UpstreamDocument> {
        switch checked ?? Result(catching: { () throws(AdapterError) in try check(response) }) {
        case .success(let document):
            return .found(document)
        case .failure(.notFound(let message)):
            return .notFound(UpstreamDocument(status: response.status, headers: JSONObject(), body: .string(message)))
        case .failure(let error):
            throw error
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
        case .paced(let retryAfter):
            return .throttled(message: "too many calls for the upstream's rate limit; DeskBridge queued what fits in time", retryAfter: retryAfter)
        }
    }
}
