import Logging
import Plugins

/// What the customer information plugin needs from a CRM or shop: the visitor's record as panel
/// lines, and the actions an agent can run from them.
package protocol CustomerDirectory: Sendable {
    func customer(_ query: CustomerQuery, logger: Logger) async throws(AdapterError) -> [CustomerField]
    func perform(_ request: ActionRequest, logger: Logger) async -> ActionOutcome
    /// The answer to an action call whose body is not an action (malformed, or missing a required
    /// parameter): `success: false`, in the operator's language as far as the body tells it.
    func unreadableAction(idOperator: String?, operatorLocale: String?) -> ActionResult
}

/// The result of an action call, and whether the action was one the adapter knows.
package enum ActionOutcome: Sendable, Hashable {
    /// The action ran (its result says whether it worked).
    case ran(ActionResult)
    /// No such action: the Desk sent a code this adapter never offered.
    case unknownAction(ActionResult)
}

/// Options for closing-form SELECTs, loaded from an upstream.
package protocol OptionProvider: Sendable {
    func options(from source: String, logger: Logger) async throws(AdapterError) -> [ClosingFormField.Option]
}
