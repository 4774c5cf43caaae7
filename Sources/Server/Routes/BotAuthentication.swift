import Bot
import GatewayHTTP
import Hummingbird
import Plugins

/// Admits external-bot calls like plugin calls: the tenant's source addresses, connector versions
/// and signature (over the raw query string for GET, the raw body for POST and PUT).
struct BotAuthentication: Sendable {
    let store: SnapshotStore

    func check(_ request: Request, _ context: GatewayRequestContext, body: [UInt8], bot: BotTenant) throws {
        let snapshot = store.snapshot
        guard let tenant = snapshot.tenants[bot.name] else { throw GatewayRefusal.unknownTenant() }
        let payload = BotRoutes<GatewayRequestContext>.signedPayload(of: request, body: body)
        try PluginRoutes.authenticate(request, context, tenant: tenant, payload: payload, snapshot: snapshot, logger: context.logger)
        let version = (try? QueryString(parsing: request.uri.query ?? "").value("idConnectorVersion")) ?? nil
        guard tenant.access.allowsConnectorVersion(version) else { throw CallRefused.connectorVersion }
    }
}
