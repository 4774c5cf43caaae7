import Foundation
import Logging
import Mapping
import Upstream

/// Sends one tenant's rendered requests through the gateway and checks the answers.
struct UpstreamFetcher: Sendable {
    let adapter: AdapterDefinition
    let upstream: TenantUpstream
    let gateway: UpstreamGateway
    let logger: Logger

    /// Renders `template` with `variables` and fetches it (through the cache, for `ttl`).
    func fetch(_ template: RequestTemplate, variables: [JSON], ttl: Duration) async throws(AdapterError) -> UpstreamDocument {
        let request: UpstreamRequest
        do {
            request = try render(template, variables: variables)
        } catch {
            recordUnsent(template, variables: variables, error: error)
            throw error
        }
        return try await fetch(request, rules: template.errorRules, emptyWhen: template.emptyWhen, ttl: ttl)
    }

    /// A request that could not be sent (a null path segment, a bad link) still shows in the call
    /// log, with the value that stopped it, so `deskbridge try` can say why a value is missing.
    private func recordUnsent(_ template: RequestTemplate, variables: [JSON], error: AdapterError) {
        guard let log = UpstreamCallLog.current else { return }
        let shown: String
        switch template.target {
        case .path(let path): shown = upstream.baseURL.description + path.source
        case .url(let expression): shown = "url: \(expression.source) = " + String(expression.evaluate(variables).jsonText.prefix(200))
        }
        log.record(unsent: UpstreamCallLog.Unsent(method: template.method, target: upstream.redacting(shown), reason: error.description))
    }

    func render(_ template: RequestTemplate, variables: [JSON]) throws(AdapterError) -> UpstreamRequest {
        try RequestRenderer(adapter: adapter, upstream: upstream).render(template, variables: variables)
    }

    func fetch(
        _ request: UpstreamRequest, rules: [ErrorRule], emptyWhen: Mapping.Expression? = nil, ttl: Duration
    ) async throws(AdapterError) -> UpstreamDocument {
        let check = ResponseCheck(adapter: adapter, settings: upstream.settings, requestRules: rules, emptyWhen: emptyWhen)
        return try await gateway.fetch(request, tenant: upstream, ttl: ttl, logger: logger) { response throws(AdapterError) in
            try check.document(from: response)
        }
    }

    /// A request for a next-page URL the upstream gave (Link header, `next` in the body): the
    /// template's method, headers and body, sent to that URL once it is checked to be on the
    /// tenant's own upstream.
    func following(_ url: String, from first: UpstreamRequest) throws(AdapterError) -> UpstreamRequest {
        guard let resolved = upstream.sameOriginURL(url) else {
            throw .badResponse(message: "the upstream pointed the next page to another host")
        }
        var request = first
        request.url = resolved
        return request
    }
}
