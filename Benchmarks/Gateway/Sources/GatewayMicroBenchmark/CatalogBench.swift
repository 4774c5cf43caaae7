import Adapters
import Foundation
import Logging
import Mapping
import Plugins
import Upstream

/// A tenant's product catalog built from a real adapter file and answered by fixtures: what the
/// gateway runs for a products call, without the network.
struct CatalogBench {
    let catalog: DeclarativeCatalog
    let query: ProductQuery

    /// - Parameters:
    ///   - adapterFile: the adapter YAML file (e.g. adapters/shopify.yaml).
    ///   - upstreamTTL: the products TTL of the upstream cache: zero makes every call parse the
    ///     answer again; a long one leaves only the mapping after the first call.
    init(
        adapterFile: String, credentials: [String: String], answers: [FixtureTransport.Answer], limit: Int, upstreamTTL: Duration
    ) throws {
        let diagnostics = Diagnostics()
        guard let adapter = AdapterLoader.loadFile(adapterFile, diagnostics: diagnostics) else {
            throw BenchmarkFailure.setup("\(adapterFile) does not load: \(diagnostics.errors.map(\.description).joined(separator: "; "))")
        }
        guard let baseURL = BaseURL("http://127.0.0.1:9") else { throw BenchmarkFailure.setup("base URL") }
        let upstream = TenantUpstream(
            tenant: "bench", baseURL: baseURL, credentials: credentials, settings: adapter.settings,
            ttlOverrides: [.products: upstreamTTL])
        // No stale windows: with a zero TTL every call loads and parses.
        let gateway = UpstreamGateway(
            transport: FixtureTransport(answers: answers), cacheBytes: 64 << 20,
            staleness: StalenessPolicy(staleWhileRevalidate: .zero, staleIfError: .zero, negativeTTL: .zero))
        catalog = DeclarativeCatalog(adapter: adapter, upstream: upstream, gateway: gateway)
        query = ProductQuery(caller: PluginCaller(idWebsite: "ha-123"), window: PageWindow(offset: 0, limit: limit))
    }

    /// One products call: the mapped products.
    func products(logger: Logger) async throws -> [Product] {
        try await catalog.products(query, logger: logger)
    }
}

enum BenchmarkFailure: Error, CustomStringConvertible {
    case setup(String)
    case usage(String)

    var description: String {
        switch self {
        case .setup(let message): "setup failed: \(message)"
        case .usage(let message): "usage: \(message)"
        }
    }
}

/// The saved simulator answers in Benchmarks/Gateway/Fixtures (see its README.md).
struct Fixtures {
    let shopifyShop: [UInt8]
    let shopifyPage250: [UInt8]
    let shopifyPage50: [UInt8]
    let wooCommercePage250: [UInt8]

    init(directory: String) throws {
        func read(_ name: String) throws -> [UInt8] {
            guard let data = FileManager.default.contents(atPath: directory + "/" + name) else {
                throw BenchmarkFailure.setup("missing fixture \(directory)/\(name)")
            }
            return Array(data)
        }
        shopifyShop = try read("shopify-shop.json")
        shopifyPage250 = try read("shopify-products-250.json")
        shopifyPage50 = try read("shopify-products-50.json")
        wooCommercePage250 = try read("woocommerce-products-250.json")
    }

    /// Shopify Admin GraphQL: the Shop query (the adapter's context), else the products page.
    func shopifyAnswers(page: [UInt8]) -> [FixtureTransport.Answer] {
        let json = [HTTPHeader(name: "Content-Type", value: "application/json")]
        return [
            .init(matches: { $0.bodyContains("query Shop") }, status: 200, headers: json, body: shopifyShop),
            .init(matches: { $0.bodyContains("query Products") }, status: 200, headers: json, body: page),
        ]
    }

    /// WooCommerce REST: one page holding the whole list (X-WP-TotalPages: 1).
    func wooCommerceAnswers() -> [FixtureTransport.Answer] {
        let headers = [
            HTTPHeader(name: "Content-Type", value: "application/json"), HTTPHeader(name: "X-WP-Total", value: "250"),
            HTTPHeader(name: "X-WP-TotalPages", value: "1"),
        ]
        return [.init(matches: { $0.url.contains("/wp-json/wc/v3/products") }, status: 200, headers: headers, body: wooCommercePage250)]
    }
}
