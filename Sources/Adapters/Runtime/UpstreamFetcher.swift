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
        try await fetch(render(template, variables: variables), rules: template.errorRules, ttl: ttl)
    }

    func render(_ template: RequestTemplate, variables: [JSON]) throws(AdapterError) -> UpstreamRequest {
        try RequestRenderer(adapter: adapter, upstream: upstream).render(template, variables: variables)
    }

    func fetch(_ request: UpstreamRequest, rules: [ErrorRule], ttl: Duration) async throws(AdapterError) -> UpstreamDocument {
        let check = ResponseCheck(adapter: adapter, settings: upstream.settings, requestRules: rules)
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
