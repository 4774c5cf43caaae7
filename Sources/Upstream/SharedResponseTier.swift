/// A tier of upstream answers shared by a fleet of gateways, under each one's in-memory cache.
///
/// `response(for:ttl:isKept:load:)` is called by the in-memory cache's single loader of a key:
/// it answers from the shared tier when another replica stored a fresh answer, lets one replica
/// of the fleet run `load` while the others wait for its answer, and keeps what `load` returned
/// when `isKept` accepts it. It never fails for its own reasons: without the shared store it
/// runs `load` itself.
public protocol SharedResponseTier: Sendable {
    func response(
        for key: CacheKey, ttl: Duration, isKept: @escaping @Sendable (UpstreamResponse) -> Bool,
        load: @escaping @Sendable () async throws -> UpstreamResponse
    ) async throws -> UpstreamResponse
}

/// One gateway alone: every load runs here.
public struct LocalResponseTier: SharedResponseTier {
    public init() {}

    public func response(
        for key: CacheKey, ttl: Duration, isKept: @escaping @Sendable (UpstreamResponse) -> Bool,
        load: @escaping @Sendable () async throws -> UpstreamResponse
    ) async throws -> UpstreamResponse {
        try await load()
    }
}
