import Mapping
import Plugins

/// How an adapter finds the visitor's customer record and shows it to the agent.
struct CustomerOperation: Sendable {
    /// Candidate lookups (by email, by external id…); the first whose `when` holds is sent.
    let requests: [RequestTemplate]
    /// Where the matching records are in the answer; the first one is shown.
    let items: Expression
    /// One more call per shown record, for data the lookup does not carry (an owner's name…).
    let enrichments: [Enrichment]
    let lets: [(slot: Int, value: Expression)]
    /// The lines of the panel when a record matches.
    let fields: [CustomerFieldTemplate]
    /// Lines added after the "no record" line when nothing matches (actions that still make sense).
    let notFoundFields: [CustomerFieldTemplate]
    let layout: VariableLayout
    let ttl: Duration
    /// `total:`, how many records the upstream matched (its own count, beyond the page it sent);
    /// nil counts the records in the answer.
    var total: Expression? = nil
}

/// One line of the customer panel, as an adapter declares it.
struct CustomerFieldTemplate: Sendable {
    let id: String
    let type: CustomerField.FieldType
    /// The label in each language; nil for built-in labels (by `id`).
    let label: LocalizedText?
    /// The value of TEXT and URL lines; lines whose value is null or empty are left out.
    let value: Expression?
    /// For ACTION lines: the action's name, sent back with `target` as `name:target`.
    let action: String?
    /// The record the action applies to (e.g. `item.id`).
    let target: Expression?
    /// The line is shown only when this holds.
    let condition: Expression?
    /// `values:`, the words for an upstream's enum values (a lifecycle stage) in each language;
    /// a tenant's `labels` override them under `<id>.<value>`.
    var values: [String: LocalizedText] = [:]
}

/// Something an agent can do from the customer panel: the upstream call it makes.
struct ActionDefinition: Sendable {
    let name: String
    let request: RequestTemplate
    /// The message for the agent when it worked, per language, with `{expression}` parts.
    let success: [String: TextTemplate]
    /// A second click for the same conversation within this window gets the first result.
    let window: Duration
    /// `existing:`: how to find what an earlier attempt made, so that a retry never writes twice.
    var existing: ExistingLookup? = nil
}

/// Options of a closing-form SELECT loaded from the upstream (HubSpot ticket pipelines, say).
struct OptionSource: Sendable {
    let name: String
    let request: RequestTemplate
    let items: Expression
    let label: Expression
    let value: Expression
    let ttl: Duration
}
