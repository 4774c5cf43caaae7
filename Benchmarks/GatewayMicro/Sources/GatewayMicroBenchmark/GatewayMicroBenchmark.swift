import Adapters
import Foundation
import GatewayConfig
import Logging
import Mapping
import Plugins
import Server
import Upstream

/// Micro benchmarks of what one plugin call costs inside the gateway, piece by piece: the
/// mapping of upstream products, JSON parsing and encoding, the signature check and the
/// plugin-cache lookup. Run by scripts/bench/run.sh after the load benchmark recorded the
/// upstream answers it needs.
@main
struct GatewayMicroBenchmark {
    static func main() async {
        do {
            let options = try Options.parse(CommandLine.arguments)
            let fixtures = try Fixtures(fixtures: options.fixtures, adapters: options.adapters)
            var harness = Harness(settings: options.settings)
            try await run(&harness, fixtures: fixtures)
            let json = Console.json(harness.results, settings: options.settings)
            if let output = options.output {
                try json.write(toFile: output, atomically: true, encoding: .utf8)
            } else {
                print(json, terminator: "")
            }
        } catch {
            FileHandle.standardError.write(Data("GatewayMicroBenchmark: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ harness: inout Harness, fixtures: Fixtures) async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let secret = "bench-connector-secret"
        let hitQuery = "idWebsite=ha-123&limit=20"

        // Mapping: the adapter pipeline of the products route over an in-memory upstream.
        for count in [1, 20, 50] {
            let catalog = fixtures.catalog(upstreamTTL: .seconds(3600))
            let query = try ProductQuery(QueryString(parsing: "idWebsite=ha-123&limit=\(count)"))
            let mapped = try await catalog.products(query, logger: logger)
            guard mapped.count == count else { throw Mismatch.productCount(expected: count, got: mapped.count) }
            try await harness.measure(
                "mapping.products.\(count)",
                detail: "products route through the adapter, \(count) product(s), upstream answer cached (parsed once)",
                items: count, item: "product"
            ) {
                blackHole(try await catalog.products(query, logger: logger))
            }
        }
        for count in [20, 50] {
            let catalog = fixtures.catalog(upstreamTTL: .zero)
            let query = try ProductQuery(QueryString(parsing: "idWebsite=ha-123&limit=\(count)"))
            try await harness.measure(
                "mapping.products.\(count).parse",
                detail: "the same, upstream cache off: each call parses the \(fixtures.upstreamPage.count)-byte upstream page",
                items: count, item: "product"
            ) {
                blackHole(try await catalog.products(query, logger: logger))
            }
        }

        // JSON: the upstream answer parsed into `JSON`, written back, and the plugin answer encoded.
        let page = fixtures.upstreamPage
        try harness.measure(
            "json.parse.page", detail: "JSON(parsing:) of the upstream page, 50 products (\(page.count) B)",
            items: page.count, item: "byte"
        ) {
            blackHole(try JSON(parsing: page))
        }
        let parsed = try JSON(parsing: page)
        harness.measure("json.encode.page", detail: "JSON.encoded() of that parsed page", items: page.count, item: "byte") {
            blackHole(parsed.encoded())
        }
        let products = try await fixtures.catalog(upstreamTTL: .seconds(3600))
            .products(ProductQuery(QueryString(parsing: hitQuery)), logger: logger)
        let pluginBytes = PluginJSONWriter.encode(products).count
        harness.measure(
            "plugin.encode.20", detail: "PluginJSONWriter.encode of 20 mapped products (\(pluginBytes) B)", items: 20, item: "product"
        ) {
            blackHole(PluginJSONWriter.encode(products))
        }

        // The checks every call passes before any work: the query and its signature.
        try harness.measure("query.parse", detail: "QueryString and ProductQuery of '\(hitQuery)'") {
            blackHole(try ProductQuery(QueryString(parsing: hitQuery)))
        }
        let check = SignatureCheck(secrets: [secret])
        let payload = Array(hitQuery.utf8)
        let header = SignatureCheck.sign(payload, secret: secret)
        guard check.isValid(header: header, payload: payload) else { throw Mismatch.signature }
        harness.measure("signature.verify", detail: "SignatureCheck.isValid: HMAC-SHA256 over the \(payload.count)-byte query, one secret") {
            blackHole(check.isValid(header: header, payload: payload))
        }

        // The plugin-response cache: a ResponseCache of answer bytes, keyed as the products route keys it.
        let cache = ResponseCache<[UInt8]>(maxBytes: 64 << 20)
        let answer = PluginJSONWriter.encode(products)
        for index in 0..<1_000 {
            cache.insert(answer, for: pluginKey(search: "q\(index)"), ttl: .seconds(3600), cost: answer.count + 64)
        }
        let key = pluginKey(search: "q500")
        guard cache.value(for: key) != nil else { throw Mismatch.cacheMiss }
        harness.measure("cache.key", detail: "CacheKey(tenant:parts:) of a products call: SHA-256 over 6 parts") {
            blackHole(pluginKey(search: "q500"))
        }
        harness.measure("cache.lookup", detail: "ResponseCache.value(for:) hit among 1,000 entries, key given") {
            blackHole(cache.value(for: key))
        }
        harness.measure("cache.hit", detail: "key and lookup together: the plugin-cache part of a hit") {
            blackHole(cache.value(for: pluginKey(search: "q500")))
        }
    }

    /// The key the products route uses: configuration version, route and the answer-changing parameters.
    static func pluginKey(search: String) -> CacheKey {
        CacheKey(tenant: "demo", parts: ["1", "products", "", search, "0", "20"])
    }

    enum Mismatch: Error, CustomStringConvertible {
        case productCount(expected: Int, got: Int)
        case signature
        case cacheMiss

        var description: String {
            switch self {
            case .productCount(let expected, let got): "the catalog mapped \(got) products, expected \(expected)"
            case .signature: "a signature made with the secret did not verify"
            case .cacheMiss: "a key just stored was not found"
            }
        }
    }
}
