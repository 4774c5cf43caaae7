import Upstream

/// An upstream that answers from memory: the saved simulator answers, so that the micro benchmark
/// measures the adapter pipeline and nothing of the network.
struct FixtureTransport: HTTPTransport {
    /// One canned answer, chosen by `matches`.
    struct Answer: Sendable {
        let matches: @Sendable (UpstreamRequest) -> Bool
        let status: Int
        let headers: [HTTPHeader]
        let body: [UInt8]
    }

    let answers: [Answer]

    func execute(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        guard let answer = answers.first(where: { $0.matches(request) }) else {
            throw .invalidRequest(reason: "no fixture answers \(request.method) \(request.url)")
        }
        return UpstreamResponse(
            status: answer.status, headers: answer.headers, body: answer.body,
            timing: UpstreamTiming(total: .zero, connect: .zero, timeToFirstByte: .zero, connectionReused: true))
    }
}

extension UpstreamRequest {
    /// True when the request's body contains `text` (a GraphQL operation name, say).
    func bodyContains(_ text: String) -> Bool {
        guard let body else { return false }
        return String(decoding: body, as: UTF8.self).contains(text)
    }
}
