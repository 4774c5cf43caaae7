import Logging
import Mapping

/// `existing:` of an action: how to find what an earlier attempt of the same action already made
/// (HubSpot: the conversation's ticket on the contact), so that a retry answers with it instead of
/// writing twice.
struct ExistingLookup: Sendable {
    /// The lookup runs only when this holds (there is a conversation to key on).
    let condition: Expression?
    let request: RequestTemplate
    /// The object found, from the lookup's `response`; null when there is none.
    let result: Expression
}

/// Runs an action's write at most once per action key: first looks for the object an earlier
/// attempt made; after a write whose answer was lost (a timeout, a dropped connection), looks
/// again, since the upstream may have written before the answer went missing.
struct IdempotentWrite {
    let action: ActionDefinition
    let fetcher: UpstreamFetcher

    /// The answer the success message reads: the object an earlier attempt made, or the write's own.
    func perform(variables: [JSON]) async throws(AdapterError) -> JSON {
        guard let existing = action.existing, existing.condition?.evaluate(variables).isTruthy ?? true else {
            return try await write(variables)
        }
        // A lookup that fails fails the action: writing blind could make the duplicate this avoids.
        if let found = try await lookUp(existing, variables) {
            fetcher.logger.notice("action already done upstream; not writing again", metadata: ["action": "\(action.name)"])
            return found
        }
        do {
            return try await write(variables)
        } catch {
            switch error {
            case .timedOut, .unavailable:
                if let found = try? await lookUp(existing, variables) {
                    fetcher.logger.notice("the write's answer was lost but the write happened", metadata: ["action": "\(action.name)"])
                    return found
                }
                throw error
            default:
                throw error
            }
        }
    }

    // Actions change things upstream: their answers are never cached (only deduplicated per
    // conversation by the caller); nor are lookups, which must see the latest writes.
    private func write(_ variables: [JSON]) async throws(AdapterError) -> JSON {
        try await fetcher.fetch(action.request, variables: variables, ttl: .zero).body
    }

    private func lookUp(_ existing: ExistingLookup, _ variables: [JSON]) async throws(AdapterError) -> JSON? {
        var scope = variables
        scope[VariableLayout.response] = try await fetcher.fetch(existing.request, variables: variables, ttl: .zero).body
        let found = existing.result.evaluate(scope)
        if case .null = found { return nil }
        return found
    }
}
