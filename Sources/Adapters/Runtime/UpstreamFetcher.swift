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

    /// Renders `template` with `variables` and fetches it (through the cache, for `ttl`). `origin`
    /// (`enrichment 'price', item 3 of the window`) is named when the request cannot be sent.
    func fetch(_ template: RequestTemplate, variables: [JSON], ttl: Duration, origin: String? = nil) async throws(AdapterError) -> UpstreamDocument {
        let request: UpstreamRequest
        do {
            request = try render(template, variables: variables)
        } catch {
            recordUnsent(template, variables: variables, error: error, origin: origin)
            throw error
        }
        return try await fetch(request, rules: template.errorRules, emptyWhen: template.emptyWhen, ttl: ttl)
    }

    /// A request that could not be sent (a null path segment, a bad link) goes to the log and the
    /// call log with whose it was and the value that stopped it, so `deskbridge try` can say why a
    /// value is missing. The Desk's answer says only what failed, never the value.
    private func recordUnsent(_ template: RequestTemplate, variables: [JSON], error: AdapterError, origin: String?) {
        let shown: String
        switch template.target {
        case .path(let path): shown = upstream.baseURL.description + path.source
        case .url(let expression): shown = "url: \(expression.source) = " + Self.excerpt(expression.evaluate(variables))
        }
        let unsent = UpstreamCallLog.Unsent(method: template.method, target: upstream.redacting(shown), reason: error.description, origin: origin)
        // A null path segment is an ordinary skip (no owner, no lookup); a bad link fails the value.
        let level: Logger.Level = if case .notFound = error { .debug } else { .notice }
        logger.log(level: level, "request not sent", metadata: ["request": "\(unsent.summary)"])
        UpstreamCallLog.current?.record(unsent: unsent)
    }

    /// A value as JSON text, cut after 120 characters (a link is recognisable by then; a body is not).
    static func excerpt(_ value: JSON) -> String {
        let text = value.jsonText
        guard text.count > 120 else { return text }
        return text.prefix(120) + "… (\(text.count) characters)"
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
