import Adapters
import GatewayHTTP
import Hummingbird
import Logging
import Mapping
import Plugins

/// `POST /plugins/{tenant}/customer/action`: the agent clicked an ACTION line of the customer panel.
///
/// Every answer has the contract's `{success, message}` shape, so the Desk can show the message
/// (the one answer family that does not use the gateway's error shape, `GatewayError`):
/// - 200 for every call that authenticates, `success` saying whether the action worked: an action the
///   adapter does not have, a body that is not an action, an upstream that refuses or fails are all
///   `success: false` with a sentence the agent can read, in the operator's language;
/// - 401/403 for calls that do not authenticate (signature, source address, website, connector
///   version); before that, 404 for an unknown tenant and 413 for a body over the limit, which
///   cannot be authenticated at all.
struct ActionRoute: Sendable {
    let store: SnapshotStore

    func serve(_ request: Request, _ context: GatewayRequestContext) async -> Response {
        let snapshot = store.snapshot
        guard let name = context.parameters.get("tenant"), let tenant = snapshot.tenants[name] else {
            return Self.answer(.notFound, success: false, message: "no tenant is configured under this URL")
        }
        var logger = context.logger
        logger[metadataKey: "tenant"] = .string(tenant.name)
        var request = request
        let body: [UInt8]
        do {
            body = Array(try await request.collectBody(upTo: context.maxUploadSize).readableBytesView)
        } catch {
            return Self.answer(.contentTooLarge, success: false, message: "the body is larger than \(context.maxUploadSize / 1024) KiB")
        }
        do throws(CallRefused) {
            try PluginRoutes.authenticate(request, context, tenant: tenant, payload: body, snapshot: snapshot, logger: logger)
        } catch {
            return Self.answer(error.status, success: false, message: error.message)
        }
        let contentType = request.headers[.contentType]
        let action: ActionRequest
        do {
            action = try ActionRequest(body: body, contentType: contentType)
        } catch {
            logger.notice("customer action body refused", metadata: ["problem": "\(error)"])
            let hints = ActionRequest.languageHints(body: body, contentType: contentType)
            let result =
                tenant.customers?.unreadableAction(idOperator: hints.idOperator, operatorLocale: hints.operatorLocale)
                ?? Self.withoutCustomers("actionUnreadable", tenant: tenant.name, snapshot: snapshot)
            return JSONAnswer.ok(PluginJSONWriter.encode(result))
        }
        guard tenant.websites.contains(action.caller.idWebsite) else {
            return Self.answer(.forbidden, success: false, message: CallRefused.website.message)
        }
        guard tenant.access.allowsConnectorVersion(action.caller.idConnectorVersion) else {
            return Self.answer(.forbidden, success: false, message: CallRefused.connectorVersion.message)
        }
        guard let customers = tenant.customers else {
            return JSONAnswer.ok(PluginJSONWriter.encode(Self.withoutCustomers("actionUnknown", tenant: tenant.name, snapshot: snapshot)))
        }
        switch await customers.perform(action, logger: logger) {
        case .ran(let result), .unknownAction(let result):
            return JSONAnswer.ok(PluginJSONWriter.encode(result))
        }
    }

    /// A failed action of a tenant whose adapter has no customer panel, in the tenant's language.
    static func withoutCustomers(_ key: String, tenant name: String, snapshot: Snapshot) -> ActionResult {
        let tenant = snapshot.configuration.tenants.first { $0.name == name }
        let text = (BuiltInLabels.text(key) ?? LocalizedText(key)).overridden(by: tenant?.labels[key])
        return ActionResult(success: false, message: text.text(for: tenant?.language ?? .en))
    }

    static func answer(_ status: HTTPResponse.Status, success: Bool, message: String) -> Response {
        JSONAnswer.ok(PluginJSONWriter.encode(ActionResult(success: success, message: message)), status: status)
    }
}
