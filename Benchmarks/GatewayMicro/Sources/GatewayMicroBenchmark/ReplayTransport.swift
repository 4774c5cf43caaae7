import Upstream

/// An upstream that answers every request with one recorded document, at once and in memory: the
/// adapter pipeline runs as in production, with no socket and no simulated Shopify under it.
struct ReplayTransport: HTTPTransport {
    let body: [UInt8]

    func execute(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        UpstreamResponse(
            status: 200, headers: [HTTPHeader(name: "Content-Type", value: "application/json")], body: body,
            timing: UpstreamTiming(total: .zero, connect: .zero, timeToFirstByte: .zero, connectionReused: true))
    }
}
