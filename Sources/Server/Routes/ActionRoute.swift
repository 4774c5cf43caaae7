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
/// - 200 when the action ran, `success` saying whether it worked (an upstream failure is a 200 with
///   `success: false` and a sentence the agent can act on: the Desk shows it as is);
/// - 400 for an unknown action or a malformed body, 401/403 for refused calls, 404 for an unknown tenant.
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
        do {
            let action = try ActionRequest(body: body, contentType: request.headers[.contentType])
            guard tenant.websites.contains(action.caller.idWebsite) else {
                return Self.answer(.forbidden, success: false, message: CallRefused.website.message)
            }
            guard tenant.access.allowsConnectorVersion(action.caller.idConnectorVersion) else {
                return Self.answer(.forbidden, success: false, message: CallRefused.connectorVersion.message)
            }
            guard let customers = tenant.customers else {
                return Self.answer(.notFound, success: false, message: "this tenant's adapter has no customer actions")
            }
            switch await customers.perform(action, logger: logger) {
            case .ran(let result):
                return JSONAnswer.ok(PluginJSONWriter.encode(result))
            case .unknownAction(let result):
                return JSONAnswer.ok(PluginJSONWriter.encode(result), status: .badRequest)
            }
        } catch {
            return Self.answer(.badRequest, success: false, message: error.description)
        }
    }

    static func answer(_ status: HTTPResponse.Status, success: Bool, message: String) -> Response {
        JSONAnswer.ok(PluginJSONWriter.encode(ActionResult(success: success, message: message)), status: status)
    }
}
