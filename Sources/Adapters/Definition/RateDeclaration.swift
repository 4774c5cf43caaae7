import Mapping
import Upstream

/// A rate the upstream enforces, declared under `rates:` (HubSpot's search: 5 requests per
/// second per account), so that DeskBridge queues calls under it instead of meeting 429s.
struct RateDeclaration: Sendable {
    /// The rate named `default` applies to every request that names none.
    static let defaultName = "default"

    let name: String
    /// Requests at most per `window`: a number, or an expression of `settings` (plans differ);
    /// null or 0 for a tenant turns pacing off for it.
    let requests: Mapping.Expression
    let window: Duration
}

extension DefinitionReader {
    /// `rates: { search: { requests: 5, per: 1s }, default: { requests: settings.burstLimit, per: 10s } }`
    func rates(_ node: ConfigNode) -> [String: RateDeclaration] {
        var rates: [String: RateDeclaration] = [:]
        for entry in node.entries(allowed: nil, diagnostics) ?? [] {
            guard let fields = entry.value.fields(allowed: ["requests", "per"], required: ["requests", "per"], diagnostics),
                let requests = fields["requests"]?.expression(compiler(.condition), diagnostics),
                let window = fields["per"]?.duration(diagnostics)
            else { continue }
            if case .number(let count) = requests.evaluate([JSON](repeating: .null, count: layout.count)), count < 1 || count != count.rounded() {
                diagnostics.error(
                    "'\(fields["requests"]!.displayPath)' must be a whole number of requests, at least 1", at: fields["requests"]!.location)
                continue
            }
            guard window >= .milliseconds(10) else {
                diagnostics.error("'\(fields["per"]!.displayPath)' must be at least 10ms", at: fields["per"]!.location)
                continue
            }
            rates[entry.key] = RateDeclaration(name: entry.key, requests: requests, window: window)
        }
        return rates
    }

    /// `rate:` of a request: the name of one of the adapter's `rates`.
    func rateName(_ node: ConfigNode) -> (name: String, location: SourceLocation)? {
        node.string(diagnostics).map { ($0, node.location) }
    }
}

extension AdapterLoader {
    /// Every request's `rate:` must name a declared rate.
    static func checkRateNames(_ requests: [RequestTemplate], rates: [String: RateDeclaration], _ diagnostics: Diagnostics) {
        for request in requests {
            guard let rate = request.rate, rates[rate.name] == nil else { continue }
            let names = rates.keys.sorted()
            diagnostics.error(
                "no rate named '\(rate.name)' under 'rates'", at: rate.location,
                hint: Suggestion.closest(to: rate.name, among: names).map { "did you mean '\($0)'?" }
                    ?? (names.isEmpty ? "declare it under 'rates'" : "one of \(names.joined(separator: ", "))"))
        }
    }
}

extension AdapterDefinition {
    /// The limits a rendered request counts against, for one tenant: shared by every tenant with
    /// the same upstream and credentials (the upstream counts per account or token).
    func paceLimits(for template: RequestTemplate, upstream: TenantUpstream, variables: [JSON]) -> [PaceLimit] {
        guard let rate = rates[template.rate?.name ?? RateDeclaration.defaultName],
            case .number(let count) = rate.requests.evaluate(variables), count >= 1, count <= Double(Int32.max)
        else { return [] }
        let key = CacheKey(tenant: "", parts: ["pace", upstream.baseURL.origin, upstream.credentialIdentity, rate.name]).hexDigest
        return [PaceLimit(key: key, requests: Int(count), window: rate.window)]
    }
}

extension AdapterDefinition {
    /// Every request the adapter can send, for checks that span the whole file.
    static func everyRequest(
        context: [ContextValue], operations: [PluginOperation: Operation], customer: CustomerOperation?, actions: [String: ActionDefinition],
        optionSources: [String: OptionSource]
    ) -> [RequestTemplate] {
        var requests = context.map(\.request) + optionSources.values.map(\.request)
        for action in actions.values { requests += [action.request] + (action.existing.map { [$0.request] } ?? []) }
        for operation in operations.values {
            requests += operation.prepared.map(\.request) + operation.requests + operation.enrichments.map(\.request)
        }
        if let customer { requests += customer.requests + customer.enrichments.map(\.request) }
        return requests
    }
}
