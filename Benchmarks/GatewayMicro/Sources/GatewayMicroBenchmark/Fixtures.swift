import Adapters
import Foundation
import Mapping

/// What the benchmarks run on: the Shopify adapter file and the upstream page recorded from the
/// sandbox by scripts/bench (`upstream-products-page.json`: a Products answer of 50 products, the
/// adapter's page size, with the shop's fields under `data.shop`, so it answers the context call too).
struct Fixtures {
    let adapter: AdapterDefinition
    /// The recorded upstream answer: one page of 50 products.
    let upstreamPage: [UInt8]

    enum Problem: Error, CustomStringConvertible {
        case adapter(String)
        case missingAnswer(path: String)

        var description: String {
            switch self {
            case .adapter(let report): "the Shopify adapter did not load:\n\(report)"
            case .missingAnswer(let path): "no recorded upstream answer at \(path) (scripts/bench/run.sh records it)"
            }
        }
    }

    init(fixtures: String, adapters: String) throws(Problem) {
        let diagnostics = Diagnostics()
        guard let adapter = AdapterLoader.loadFile("\(adapters)/shopify.yaml", diagnostics: diagnostics) else {
            throw .adapter(diagnostics.errors.map(\.description).joined(separator: "\n"))
        }
        self.adapter = adapter
        let path = "\(fixtures)/upstream-products-page.json"
        guard let data = FileManager.default.contents(atPath: path) else { throw .missingAnswer(path: path) }
        upstreamPage = Array(data)
    }

    /// A catalog over an in-memory upstream answering the recorded page; with `upstreamTTL` zero
    /// every call parses the page again (no upstream cache), otherwise the parsed page is reused.
    func catalog(upstreamTTL: Duration) -> DeclarativeCatalog {
        let gateway = UpstreamGateway(transport: ReplayTransport(body: upstreamPage), cacheBytes: 64 << 20)
        // The URL is never dialled: the replay transport answers every request.
        let upstream = TenantUpstream(
            tenant: "bench", baseURL: BaseURL("http://upstream.invalid")!, credentials: ["accessToken": "shpat_bench"],
            settings: adapter.settings, ttlOverrides: [.products: upstreamTTL])
        return DeclarativeCatalog(adapter: adapter, upstream: upstream, gateway: gateway)
    }
}
