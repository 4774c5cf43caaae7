import Adapters
import Crypto
import Foundation
import GatewayHTTP
import Hummingbird
import Mapping

/// The routes for operators: `/health` (public, for iAdvize and load balancers), `/metrics`
/// (Prometheus), `/admin/status` and `POST /admin/reload`. The last three need
/// `Authorization: Bearer <admin.token>` (without a token they do not exist), except `/metrics`
/// with `admin.publicMetrics: true`, which answers anyone.
struct OperationsRoutes: Sendable {
    let store: SnapshotStore
    let runtime: GatewayRuntime
    var gateway: UpstreamGateway { runtime.gateway }
    let metrics: GatewayMetrics
    let reloader: ConfigurationReloader

    func register(on router: Router<GatewayRequestContext>) {
        router.get("health") { _, _ in
            JSONAnswer.ok(Array(#"{"status":"UP"}"#.utf8))
        }
        router.get("metrics") { request, _ in
            if !store.snapshot.configuration.publicMetrics { try authorize(request) }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            let text = metrics.render(
                cache: gateway.cacheStatistics, plugins: runtime.plugins.statistics,
                upstreams: runtime.counters.snapshot().upstreams, breakers: runtime.breaker.states,
                curlPool: runtime.client.pool, shared: runtime.shared?.statistics)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: text)))
        }
        router.get("admin/status") { request, _ in
            try authorize(request)
            return JSONAnswer.ok(JSON.object(statusDocument()).encoded())
        }
        router.post("admin/reload") { request, _ in
            try authorize(request)
            let succeeded = reloader.reload(reason: "admin request")
            var document = statusDocument()
            document.append(key: "reloaded", value: .bool(succeeded))
            return JSONAnswer.ok(JSON.object(document).encoded())
        }
    }

    /// Returns when the call carries the admin token; throws the refusal to send (404 when the
    /// configuration has no admin token: those routes are off).
    private func authorize(_ request: Request) throws(GatewayRefusal) {
        guard let token = store.snapshot.configuration.adminToken else {
            throw GatewayRefusal(.notFound, code: "not_found", message: "no such route")
        }
        let expected = Array(SHA256.hash(data: Array("Bearer \(token)".utf8)))
        let given = Array(SHA256.hash(data: Array((request.headers[.authorization] ?? "").utf8)))
        // Comparing digests keeps the comparison's time independent of where the strings differ.
        guard given.elementsEqual(expected) else {
            throw GatewayRefusal(
                .unauthorized, code: "admin_token_required", message: "a valid admin bearer token is required", headers: [.wwwAuthenticate: "Bearer"])
        }
    }

    private func statusDocument() -> JSONObject {
        let snapshot = store.snapshot
        let status = reloader.status
        let cache = gateway.cacheStatistics
        let formatter = ISO8601DateFormatter()
        var reload = JSONObject()
        reload.append(key: "at", value: status.lastAttempt.map { .string(formatter.string(from: $0)) } ?? .null)
        reload.append(key: "succeeded", value: .bool(status.lastSucceeded))
        reload.append(key: "errors", value: .array(status.lastErrors.map(JSON.string)))
        reload.append(key: "changes", value: .array(status.lastChanges.map(JSON.string)))
        var cacheObject = JSONObject()
        cacheObject.append(key: "entries", value: .number(Double(cache.entries)))
        cacheObject.append(key: "bytes", value: .number(Double(cache.bytes)))
        cacheObject.append(key: "hits", value: .number(Double(cache.hits)))
        cacheObject.append(key: "misses", value: .number(Double(cache.misses)))
        var document = JSONObject()
        document.append(key: "version", value: .number(Double(snapshot.version)))
        document.append(key: "loadedAt", value: .string(formatter.string(from: status.loadedAt)))
        document.append(key: "tenants", value: .array(snapshot.tenants.keys.sorted().map(JSON.string)))
        document.append(key: "adapters", value: .array(snapshot.configuration.adapters.keys.sorted().map(JSON.string)))
        document.append(key: "lastReload", value: .object(reload))
        document.append(key: "upstreamCache", value: .object(cacheObject))
        let pool = runtime.client.pool
        var poolObject = JSONObject()
        poolObject.append(key: "idle", value: .number(Double(pool.idle)))
        poolObject.append(key: "running", value: .number(Double(pool.running)))
        poolObject.append(key: "created", value: .number(Double(pool.created)))
        poolObject.append(key: "destroyed", value: .number(Double(pool.destroyed)))
        poolObject.append(key: "configurationFailures", value: .number(Double(pool.configurationFailures)))
        document.append(key: "curlHandles", value: .object(poolObject))
        document.append(
            key: "shared",
            value: runtime.shared.map { store in
                let statistics = store.statistics
                var shared = JSONObject()
                shared.append(key: "redis", value: .string("\(store.settings.redis)"))
                shared.append(key: "state", value: .string(statistics.isShared ? "shared" : "degraded"))
                shared.append(key: "hits", value: .number(Double(statistics.hits)))
                shared.append(key: "fills", value: .number(Double(statistics.fills)))
                shared.append(key: "failures", value: .number(Double(statistics.failures)))
                return .object(shared)
            } ?? .null)
        return document
    }
}
