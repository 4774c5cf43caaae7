import Bot
import Hummingbird
import Plugins

/// Admits external-bot calls like plugin calls: the tenant's source addresses, connector versions
/// and signature (over the raw query string for GET, the raw body for POST and PUT).
struct BotAuthentication: Sendable {
    let store: SnapshotStore

    func check(_ request: Request, _ context: GatewayRequestContext, body: [UInt8], bot: BotTenant) -> Response? {
        let snapshot = store.snapshot
        guard let tenant = snapshot.tenants[bot.name] else {
            return JSONResponses.error(.notFound, code: "unknown_tenant", message: "no tenant is configured under this URL")
        }
        let payload = BotRoutes<GatewayRequestContext>.signedPayload(of: request, body: body)
        if let refusal = PluginRoutes.authenticate(request, context, tenant: tenant, payload: payload, snapshot: snapshot, logger: context.logger) {
            return refusal.response
        }
        let version = (try? QueryString(parsing: request.uri.query ?? "").value("idConnectorVersion")) ?? nil
        guard tenant.access.allowsConnectorVersion(version) else { return CallRefused.connectorVersion.response }
        return nil
    }
}
