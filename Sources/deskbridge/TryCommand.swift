import Adapters
import ArgumentParser
import Foundation
import GatewayConfig
import Logging
import Mapping
import Plugins
import Server

/// `deskbridge try`: one plugin call through the real pipeline against the tenant's real upstream,
/// showing every upstream call, optionally the raw answers, and the plugin JSON checked against
/// iAdvize's contract.
struct TryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "try",
        abstract: "Run one plugin call for a tenant and show the upstream calls and the mapped answer.",
        discussion: """
            Examples:
              deskbridge try products --tenant demo --param searchQuery=robe --param limit=3
              deskbridge try customer --tenant demo --param emailVisitor=manon.nguyen@wanadoo.fr
              deskbridge try closing-form --tenant demo --param operatorLocale=fr
            """)

    enum Plugin: String, ExpressibleByArgument, CaseIterable {
        case categories, products, customer
        case closingForm = "closing-form"

        var contract: PluginContract {
            switch self {
            case .categories: .categories
            case .products: .products
            case .customer: .customer
            case .closingForm: .closingForm
            }
        }

        /// What the answer's items are, for the verdict line.
        var items: String {
            switch self {
            case .categories, .products: rawValue
            case .customer: "customer fields"
            case .closingForm: "closing form fields"
            }
        }
    }

    @Argument(help: "The plugin: \(Plugin.allCases.map(\.rawValue).joined(separator: ", ")).")
    var plugin: Plugin

    @Option(name: .long, help: "The tenant (as named in config.yaml).")
    var tenant: String

    @Option(name: .customLong("param"), help: "A plugin parameter, key=value (repeatable). idWebsite defaults to the tenant's first website.")
    var parameters: [String] = []

    @Flag(name: .long, help: "Also print each upstream answer's JSON.")
    var raw = false

    @Flag(name: .long, help: "With categories: also read each category's products and compare their number with productsCount.")
    var deep = false

    @Option(name: .long, help: "The configuration file.")
    var config: String = "config.yaml"

    func run() async throws {
        var logger = Logger(label: "deskbridge.try")
        logger.logLevel = .error
        let diagnostics = Diagnostics()
        guard let configuration = ConfigurationLoader.load(path: config, diagnostics: diagnostics) else {
            var report = DiagnosticReport()
            diagnostics.errors.forEach { print(report.render($0)) }
            throw ExitCode.failure
        }
        guard let tenantConfiguration = configuration.tenants.first(where: { $0.name == tenant }) else {
            throw ValidationError("no tenant '\(tenant)' in \(config); tenants: \(configuration.tenants.map(\.name).joined(separator: ", "))")
        }
        var items: [QueryString.Item] = []
        for parameter in parameters {
            guard let equals = parameter.firstIndex(of: "=") else { throw ValidationError("--param takes key=value, not '\(parameter)'") }
            items.append(.init(name: String(parameter[..<equals]), value: String(parameter[parameter.index(after: equals)...])))
        }
        if !items.contains(where: { $0.name == "idWebsite" }), let website = tenantConfiguration.websites.sorted().first {
            items.append(.init(name: "idWebsite", value: website))
        }
        let query = QueryString(items: items)

        let runtime = try GatewayRuntime(configuration: configuration, logger: logger)
        let base = tenantConfiguration.upstream.baseURL
        let sandbox = try await DemoUpstreamLauncher.startIfNeeded(scheme: base.scheme, host: base.host, port: base.port)
        defer { sandbox?.stop() }
        // Bodies are kept to quote an upstream's own error message; printed only with --raw.
        let log = UpstreamCallLog(keepBodies: true)
        guard let served = runtime.store.snapshot.tenants[tenant] else { throw ExitCode.failure }
        let started = ContinuousClock.now
        let outcome: Result<PluginAnswer, any Error>
        do {
            outcome = .success(
                try await UpstreamCallLog.$current.withValue(log) {
                    try await Self.call(plugin, query: query, tenant: served, logger: logger)
                })
        } catch {
            outcome = .failure(error)
        }
        let elapsed = ContinuousClock.now - started
        var findings = TryFindings()
        if deep, plugin == .categories, case .success(let answer) = outcome {
            await Self.compareProductCounts(answer, query: items, tenant: served, logger: logger, findings: &findings)
        }
        await runtime.shutdown()

        print("Upstream calls (\(log.entries.count)):")
        for entry in log.entries {
            let status = entry.status.map(String.init) ?? "---"
            let failure = entry.failure.map { "  ✗ \($0)" } ?? ""
            print("  \(entry.method) \(entry.url)  \(status)  \(entry.duration.milliseconds) ms  cache \(entry.cache.rawValue)\(failure)")
            if raw, let body = entry.body { print(Self.indented(body.prettyText(), by: "    ")) }
        }
        switch outcome {
        case .failure(let error):
            print("\n✗ FAILED after \(elapsed.milliseconds) ms: \(error)")
            // The upstream usually says why (a missing parameter, a region it does not know).
            for entry in log.entries where (400..<500).contains(entry.status ?? 0) {
                if let said = entry.body.flatMap(TryFindings.upstreamMessage) {
                    print("  the upstream answered HTTP \(entry.status ?? 0) to \(entry.method) \(entry.url): \(said)")
                }
            }
            for unsent in log.unsent { print("  not sent: \(unsent.summary)") }
            throw ExitCode.failure
        case .success(let answer):
            let staleness =
                answer.staleness.map { " (built on \($0.rawValue) upstream data: the Desk would see X-DeskBridge-Cache: \($0.rawValue))" } ?? ""
            print("\n\(plugin.rawValue) answer\(staleness):")
            let json = (try? JSON(parsing: answer.body)) ?? .null
            print(Self.indented(json.prettyText(), by: "  "))
            let violations = plugin.contract.violations(in: json)
            let count = json.arrayValue?.count ?? 0
            if let operation = PluginOperation(rawValue: plugin.rawValue) {
                findings.checkFields(of: json.arrayValue ?? [], computed: tenantConfiguration.adapter.computedFields(of: operation))
            }
            findings.checkCalls(log)
            if violations.isEmpty && !findings.warnings.isEmpty {
                print("\n⚠ \(findings.warnings.count) warning(s): the answer satisfies the iAdvize contract, but:")
                findings.warnings.prefix(30).forEach { print("  - \($0)") }
            } else if violations.isEmpty {
                print("\n✓ OK: \(count) \(plugin.items) in \(elapsed.milliseconds) ms; the answer satisfies the iAdvize contract")
            } else {
                findings.warnings.prefix(30).forEach { print("  ⚠ \($0)") }
                print("\n✗ CONTRACT: \(violations.count) problem(s):")
                violations.prefix(20).forEach { print("  - \($0)") }
                throw ExitCode.failure
            }
        }
    }

    /// The plugin's answer, computed as the route computes it (without the plugin-answer cache).
    static func call(_ plugin: Plugin, query: QueryString, tenant: Snapshot.Tenant, logger: Logger) async throws -> PluginAnswer {
        switch plugin {
        case .categories: try await tenant.categoriesAnswer(CategoryQuery(query), logger: logger)
        case .products: try await tenant.productsAnswer(ProductQuery(query), logger: logger)
        case .customer: try await tenant.customerAnswer(CustomerQuery(query), logger: logger)
        case .closingForm: try await tenant.closingFormAnswer(ClosingFormQuery(query), logger: logger)
        }
    }

    /// `--deep`: each category's products read page by page (up to 1,000) and counted against its
    /// `productsCount`.
    static func compareProductCounts(
        _ answer: PluginAnswer, query: [QueryString.Item], tenant: Snapshot.Tenant, logger: Logger, findings: inout TryFindings
    ) async {
        let categories = ((try? JSON(parsing: answer.body))?.arrayValue ?? []).prefix(50)
        let kept = query.filter { !["limit", "offset", "idParent", "idCategory", "searchQuery"].contains($0.name) }
        for category in categories {
            guard let id = category.objectValue?["id"]?.stringValue, let declared = category.objectValue?["productsCount"]?.doubleValue
            else { continue }
            var read = 0
            var offset = 0
            let pageSize = 100
            do {
                while offset < 1000 {
                    let items =
                        kept + [
                            .init(name: "idCategory", value: id), .init(name: "limit", value: "\(pageSize)"),
                            .init(name: "offset", value: "\(offset)"),
                        ]
                    let page = try await call(.products, query: QueryString(items: items), tenant: tenant, logger: logger)
                    let count = (try? JSON(parsing: page.body))?.arrayValue?.count ?? 0
                    read += count
                    offset += pageSize
                    if count < pageSize { break }
                }
            } catch {
                findings.warn("category '\(id)': its products could not be read: \(error)")
                continue
            }
            if Double(read) != declared && !(offset >= 1000 && Double(read) < declared) {
                findings.warn("category '\(id)' says productsCount \(JSON.number(declared).jsonText) but lists \(read) product(s)")
            }
        }
    }

    static func indented(_ text: String, by indent: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { indent + $0 }.joined(separator: "\n")
    }
}
