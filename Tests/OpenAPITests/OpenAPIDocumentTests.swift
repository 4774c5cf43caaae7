import Adapters
import Foundation
import GatewayConfig
import Hummingbird
import Logging
import Mapping
import Server
import ServiceLifecycle
import Testing
import Upstream

/// `/openapi.json` (Sources/Server/Resources/openapi.json) tells clients, and the schemathesis run of
/// `make test`, what the gateway serves: it must list exactly the router's routes.
@Suite struct OpenAPIDocumentTests {
    @Test func listsExactlyTheRoutesTheRouterServes() throws {
        try withRuntime { runtime in
            let router = GatewayApplication.buildRouter(runtime: runtime)
            let served = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
            let documented = try Self.documentedOperations()
            try #require(served.count > 20, "the router lists its routes")
            #expect(served.subtracting(documented).sorted() == [], "served but not in the document")
            #expect(documented.subtracting(served).sorted() == [], "in the document but not served")
        }
    }

    @Test func everyOperationDescribesItsAnswersAndEveryReferenceResolves() throws {
        let document = try JSON(parsing: OpenAPIDocument.bundled.get().bytes)
        #expect(document["openapi"] == "3.1.0")
        let paths = try #require(document["paths"]?.objectValue)
        for (path, item) in paths {
            for (method, operation) in try #require(item.objectValue) {
                let responses = try #require(operation["responses"]?.objectValue, "\(method) \(path)")
                #expect(responses.keys.contains("200"), "\(method) \(path) has no 200")
                #expect(operation.objectValue?.keys.contains("security") == true, "\(method) \(path) does not say who may call it")
                for parameter in operation["parameters"]?.arrayValue ?? [] where parameter["in"] == "path" {
                    let name = try #require(parameter["name"]?.stringValue)
                    #expect(path.contains("{\(name)}"), "\(method) \(path) declares a path parameter it does not have: \(name)")
                }
            }
        }
        var references: [String] = []
        OpenAPIDocument.collectReferences(document, into: &references)
        try #require(references.count > 30)
        for reference in references {
            let parts = reference.split(separator: "/").dropFirst()  // "#"
            var target: JSON? = document
            for part in parts { target = target?[String(part)] }
            #expect(target != nil, "\(reference) does not resolve")
        }
    }

    @Test func theDocumentIsServedAtOpenAPIJSON() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let runtime = try Self.runtime(logger: logger)
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        let services = ServiceGroup(configuration: .init(services: runtime.services(logger: logger) { port.yield($0) }, logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var listening = ports.makeAsyncIterator()
            let gatewayPort = try #require(await listening.next())
            let client = try CurlHTTPClient(configuration: CurlClientConfiguration(requestTimeout: .seconds(30)), logger: logger)
            let response = try await client.execute(UpstreamRequest(url: "http://127.0.0.1:\(gatewayPort)/openapi.json"))
            await client.shutdown()
            group.cancelAll()
            #expect(response.status == 200)
            #expect(response.headers.first(named: "content-type")?.hasPrefix("application/json") == true)
            #expect(try response.body == OpenAPIDocument.bundled.get().bytes)
        }
        await runtime.shutdown()
    }

    // MARK: Support

    /// "GET /plugins/{tenant}/products"… for every operation of the document.
    static func documentedOperations() throws -> Set<String> {
        let document = try JSON(parsing: OpenAPIDocument.bundled.get().bytes)
        var operations: Set<String> = []
        for (path, item) in try #require(document["paths"]?.objectValue) {
            for (method, _) in try #require(item.objectValue) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    /// A runtime for a tenant with the panel and a bot (their routes are registered whatever the
    /// configuration; the upstream is never called), serving `openAPI`.
    static func runtime(
        logger: Logger, openAPI: Result<OpenAPIDocument, OpenAPIDocumentError> = OpenAPIDocument.bundled
    ) throws -> GatewayRuntime {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-openapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Only the adapter the tenant uses: the routes do not depend on the others.
        let adapters = directory.appendingPathComponent("adapters").path
        try FileManager.default.createDirectory(atPath: adapters, withIntermediateDirectories: true)
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../adapters/shopify.yaml").standardized
            .path
        try FileManager.default.copyItem(atPath: shipped, toPath: adapters + "/shopify.yaml")
        let configPath = directory.appendingPathComponent("config.yaml").path
        try """
        server: { host: 127.0.0.1, port: 0 }
        adapters: \(adapters)
        tenants:
          demo:
            websites: [ha-123]
            adapter: shopify
            upstream: http://127.0.0.1:9
            credentials: { accessToken: token }
            secret: openapi-test-secret
        """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let diagnostics = Diagnostics()
        let configuration = try #require(
            ConfigurationLoader.load(path: configPath, environment: [:], diagnostics: diagnostics), "\(diagnostics.all)")
        return try GatewayRuntime(configuration: configuration, environment: [:], logger: logger, openAPI: openAPI)
    }

    func withRuntime(_ body: (GatewayRuntime) throws -> Void) throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let runtime = try Self.runtime(logger: logger)
        try body(runtime)
    }
}
