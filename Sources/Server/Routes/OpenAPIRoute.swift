import GatewayHTTP
import Hummingbird
import NIOCore

/// `GET /openapi.json`: the OpenAPI 3.1 document of every route the gateway serves, for clients and
/// for the schemathesis run of `make test` (scripts/schemathesis). The document is
/// `Sources/Server/Resources/openapi.json` (`OpenAPIDocument`); OpenAPIDocumentTests keeps its paths
/// and methods equal to the router's: a route added without its entry there fails it.
struct OpenAPIRoute: Sendable {
    let document: OpenAPIDocument

    func register(on router: Router<GatewayRequestContext>) {
        let body = ByteBuffer(bytes: document.bytes)
        router.get("openapi.json") { _, _ in
            JSONAnswer.ok(body)
        }
    }
}
