/// Something that can perform an ``UpstreamRequest``: the curl client, or a wrapper around one
/// (retries, circuit breaking, caching, a test double).
public protocol HTTPTransport: Sendable {
    func execute(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse
}
