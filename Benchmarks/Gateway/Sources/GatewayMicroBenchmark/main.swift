import Foundation
import Logging
import Mapping
import Plugins
import Server
import Upstream

/// Usage: GatewayMicroBenchmark --fixtures DIR --adapters DIR [--runs 7] [--run-ms 1000] [--warmup-ms 300]
///
/// Measures, on the calling thread (one core): the adapters' product mapping and parse+map on saved
/// simulator pages, JSON parsing and encoding, signature verification and plugin-cache lookups.
/// Prints one JSON object per case (median rate over the runs, slowest and fastest run).
let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    guard let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}

var logger = Logger(label: "bench.micro")
logger.logLevel = .critical
let harness = MeasurementHarness(
    runs: Int(option("runs", "7")) ?? 7,
    runDuration: .milliseconds(Int(option("run-ms", "1000")) ?? 1000),
    warmup: .milliseconds(Int(option("warmup-ms", "300")) ?? 300))
let fixtures = try Fixtures(directory: option("fixtures", "Benchmarks/Gateway/Fixtures"))
let adapters = option("adapters", "adapters")
var sink = Sink()
var results: [MeasurementHarness.Result] = []

func report(_ result: MeasurementHarness.Result, note: String = "") {
    results.append(result)
    var fields: [String] = [
        "\"name\":\(JSON.string(result.name).jsonText)", "\"unit\":\(JSON.string(result.unit).jsonText)",
        "\"median\":\(result.median)", "\"slowest\":\(result.slowest)", "\"fastest\":\(result.fastest)",
        "\"runs\":\(result.rates.count)", "\"units_per_op\":\(result.unitsPerOperation)",
        "\"bytes_per_op\":\(result.bytesPerOperation)", "\"seconds_per_op\":\(result.secondsPerOperation)",
    ]
    if let rate = result.megabytesPerSecond { fields.append("\"mb_per_s\":\(rate)") }
    if !note.isEmpty { fields.append("\"note\":\(JSON.string(note).jsonText)") }
    print("{" + fields.joined(separator: ",") + "}")
    fflush(stdout)
}

// MARK: Mapping and parse+map through the real adapters

let shopifyCredentials = ["accessToken": "shpat_demo_token"]
let wooCredentials = ["consumerKey": "ck_demo", "consumerSecret": "cs_demo"]

struct CatalogCase {
    let name: String
    let file: String
    let credentials: [String: String]
    let answers: [FixtureTransport.Answer]
    let limit: Int
    let pageBytes: Int
}
let catalogCases = [
    CatalogCase(
        name: "shopify", file: adapters + "/shopify.yaml", credentials: shopifyCredentials,
        answers: fixtures.shopifyAnswers(page: fixtures.shopifyPage250), limit: 250, pageBytes: fixtures.shopifyPage250.count),
    CatalogCase(
        name: "woocommerce", file: adapters + "/woocommerce.yaml", credentials: wooCredentials,
        answers: fixtures.wooCommerceAnswers(), limit: 250, pageBytes: fixtures.wooCommercePage250.count),
]
for item in catalogCases {
    // Mapping: the upstream answer is in the upstream cache (parsed), so a call is the walk over
    // the cached page, `where`, `let`, the field maps and the Product models.
    let cached = try CatalogBench(
        adapterFile: item.file, credentials: item.credentials, answers: item.answers, limit: item.limit, upstreamTTL: .seconds(3600))
    let mapped = try await cached.products(logger: logger).count
    guard mapped > 0 else { throw BenchmarkFailure.setup("\(item.name): the fixture page maps to no product") }
    report(
        try await harness.measure("mapping.\(item.name)", unit: "products", unitsPerOperation: Double(mapped)) { iterations in
            for _ in 0..<iterations { sink.consume(try await cached.products(logger: logger).count) }
        }, note: "\(mapped) products per page, upstream answer cached (parsed)")
    // Parse+map: nothing cached, every call parses the page again.
    let uncached = try CatalogBench(
        adapterFile: item.file, credentials: item.credentials, answers: item.answers, limit: item.limit, upstreamTTL: .zero)
    report(
        try await harness.measure(
            "parse+map.\(item.name)", unit: "products", unitsPerOperation: Double(mapped), bytesPerOperation: item.pageBytes
        ) { iterations in
            for _ in 0..<iterations { sink.consume(try await uncached.products(logger: logger).count) }
        }, note: "\(mapped) products per page, \(item.pageBytes) bytes parsed per page")
}

// The load test's miss: Shopify's first page (50 products) parsed, 20 mapped (limit=20).
let loadPage = try CatalogBench(
    adapterFile: adapters + "/shopify.yaml", credentials: shopifyCredentials,
    answers: fixtures.shopifyAnswers(page: fixtures.shopifyPage50), limit: 20, upstreamTTL: .zero)
let loadPageProducts = try await loadPage.products(logger: logger)
report(
    try await harness.measure("parse+map.shopify.load-page", unit: "calls", bytesPerOperation: fixtures.shopifyPage50.count) { iterations in
        for _ in 0..<iterations { sink.consume(try await loadPage.products(logger: logger).count) }
    }, note: "the load test's miss: a 50-product page of \(fixtures.shopifyPage50.count) bytes parsed, \(loadPageProducts.count) products mapped")
let loadPageAnswer = PluginJSONWriter.encode(loadPageProducts)
report(
    try await harness.measure("encode.plugin.load-page", unit: "calls", bytesPerOperation: loadPageAnswer.count) { iterations in
        for _ in 0..<iterations { sink.consume(PluginJSONWriter.encode(loadPageProducts).count) }
    }, note: "the load test's answer: \(loadPageProducts.count) products, \(loadPageAnswer.count) bytes")

// MARK: JSON

for (name, page) in [("shopify", fixtures.shopifyPage250), ("woocommerce", fixtures.wooCommercePage250)] {
    report(
        try await harness.measure("json.parse.\(name)", unit: "documents", bytesPerOperation: page.count) { iterations in
            for _ in 0..<iterations { sink.consume(try JSON(parsing: page).arrayValue?.count ?? 1) }
        }, note: "the 250-product page, \(page.count) bytes")
    let document = try JSON(parsing: page)
    var writer = JSONWriter()
    writer.write(document)
    let encodedSize = writer.bytes.count
    report(
        try await harness.measure("json.encode.\(name)", unit: "documents", bytesPerOperation: encodedSize) { iterations in
            for _ in 0..<iterations {
                var writer = JSONWriter(reservingCapacity: encodedSize)
                writer.write(document)
                sink.consume(writer.bytes.count)
            }
        }, note: "the parsed 250-product page written back, \(encodedSize) bytes")
}
let shopifyProducts = try await CatalogBench(
    adapterFile: adapters + "/shopify.yaml", credentials: shopifyCredentials,
    answers: fixtures.shopifyAnswers(page: fixtures.shopifyPage250), limit: 250, upstreamTTL: .seconds(3600)
).products(logger: logger)
let pluginAnswer = PluginJSONWriter.encode(shopifyProducts)
report(
    try await harness.measure(
        "encode.plugin.shopify", unit: "products", unitsPerOperation: Double(shopifyProducts.count), bytesPerOperation: pluginAnswer.count
    ) { iterations in
        for _ in 0..<iterations { sink.consume(PluginJSONWriter.encode(shopifyProducts).count) }
    }, note: "\(shopifyProducts.count) mapped products to the plugin JSON, \(pluginAnswer.count) bytes")

// MARK: Signature and plugin cache

let signedQuery = Array("idWebsite=ha-123&limit=20".utf8)
let secret = "bench-connector-secret"
let signature = SignatureCheck(secrets: [secret])
let header = SignatureCheck.sign(signedQuery, secret: secret)
guard signature.isValid(header: header, payload: signedQuery) else { throw BenchmarkFailure.setup("signature does not verify") }
report(
    try await harness.measure("signature.verify", unit: "verifications", bytesPerOperation: signedQuery.count) { iterations in
        for _ in 0..<iterations { sink.consume(signature.isValid(header: header, payload: signedQuery) ? 1 : 0) }
    }, note: "HMAC-SHA256 over the load test's query string (\(signedQuery.count) bytes), one secret")

// As the plugin-response cache does: a key from the call's parts (SHA-256), then a locked lookup,
// in a cache holding 1,000 answers of 14 KB.
let answers = ResponseCache<[UInt8]>(maxBytes: 16 << 20)
let entryCount = 1000
let storedAnswer = [UInt8](repeating: UInt8(ascii: "x"), count: 14_000)
func pluginKey(_ index: Int) -> CacheKey {
    CacheKey(tenant: "bench", parts: ["1", "products", "", "", "0", "20", String(index)])
}
for index in 0..<entryCount { answers.insert(storedAnswer, for: pluginKey(index), ttl: .seconds(3600), cost: storedAnswer.count + 64) }
guard answers.value(for: pluginKey(7)) != nil else { throw BenchmarkFailure.setup("cache lookup misses") }
var next = 0
report(
    try await harness.measure("cache.lookup", unit: "lookups") { iterations in
        for _ in 0..<iterations {
            next = next == entryCount - 1 ? 0 : next + 1
            sink.consume(answers.value(for: pluginKey(next))?.count ?? 0)
        }
    }, note: "key from 7 parts (SHA-256) + lookup, 1,000 entries of 14 KB")
let keys = (0..<entryCount).map(pluginKey)
report(
    try await harness.measure("cache.lookup.prebuilt-key", unit: "lookups") { iterations in
        for _ in 0..<iterations {
            next = next == entryCount - 1 ? 0 : next + 1
            sink.consume(answers.value(for: keys[next])?.count ?? 0)
        }
    }, note: "lookup only, key built beforehand")

FileHandle.standardError.write(Data("checksum \(sink.total)\n".utf8))
