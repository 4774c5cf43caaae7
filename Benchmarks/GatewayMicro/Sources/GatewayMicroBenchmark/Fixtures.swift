import Adapters
import Foundation
import Mapping

/// What the benchmarks run on: the Shopify adapter file and upstream answers recorded from the
/// sandbox by scripts/bench (`upstream-products-<count>.json`: a products answer with the shop's
/// fields under `data.shop`, so it answers the adapter's context call too).
struct Fixtures {
    let adapter: AdapterDefinition
    /// Recorded upstream answers by the number of products they hold.
    let upstreamAnswers: [Int: [UInt8]]

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

    init(fixtures: String, adapters: String, productCounts: [Int]) throws(Problem) {
        let diagnostics = Diagnostics()
        guard let adapter = AdapterLoader.loadFile("\(adapters)/shopify.yaml", diagnostics: diagnostics) else {
            throw .adapter(diagnostics.errors.map(\.description).joined(separator: "\n"))
        }
        self.adapter = adapter
        var answers: [Int: [UInt8]] = [:]
        for count in productCounts {
            let path = "\(fixtures)/upstream-products-\(count).json"
            guard let data = FileManager.default.contents(atPath: path) else { throw .missingAnswer(path: path) }
            answers[count] = Array(data)
        }
        upstreamAnswers = answers
    }

    /// A catalog over an in-memory upstream answering `answer`; with `upstreamTTL` zero every call
    /// parses the answer again (no upstream cache), otherwise the parsed answer is reused.
    func catalog(answering answer: [UInt8], upstreamTTL: Duration) -> DeclarativeCatalog {
        let gateway = UpstreamGateway(transport: ReplayTransport(body: answer), cacheBytes: 64 << 20)
        // The URL is never dialled: the replay transport answers every request.
        let upstream = TenantUpstream(
            tenant: "bench", baseURL: BaseURL("http://upstream.invalid")!, credentials: ["accessToken": "shpat_bench"],
            settings: adapter.settings, ttlOverrides: [.products: upstreamTTL])
        return DeclarativeCatalog(adapter: adapter, upstream: upstream, gateway: gateway)
    }
}
