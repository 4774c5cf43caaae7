import Foundation
import Mapping
import Sandbox
import Testing
import Upstream

/// Pages stay full when the item left out is one only the whole mapping can find: a field of a
/// type the contract cannot take, or a required field read from an enrichment. Two adapters written
/// here against the WooCommerce simulator, with pages of 10 upstream products so that windows
/// cross many page starts; every window must be a slice of what the Desk can be shown.
@Suite struct PageFillMappingTests {
    /// The list request both adapters share: published products in id order, 10 per upstream page.
    static let productList = """
        adapter: NAME
        credentials: [consumerKey, consumerSecret]
        auth:
          basic: { username: credentials.consumerKey, password: credentials.consumerSecret }
        products:
          request:
            path: /wp-json/wc/v3/products
            query: { status: "'publish'", orderby: "'id'", order: "'asc'", per_page: page.size, page: page.number }
          pagination:
            page:
              pageSize: 10
              hasNext: (headers['x-wp-totalpages'] | to_number) > page.number
          items: response

        """

    /// An adapter slip that gives some items a field of the wrong type: a variable product's price
    /// is its list of variation ids, where the contract takes a text.
    static let wrongTypedPrices =
        productList.replacingOccurrences(of: "NAME", with: "woo-listed-prices") + """
              fields:
                id: item.id | to_string
                title: item.name | strip_html
                priceCatalog: if item.type == 'variable' then item.variations else item.price

            """

    /// The title read from an enrichment (each product's own record), not from the list.
    static let enrichedTitles =
        productList.replacingOccurrences(of: "NAME", with: "woo-enriched-titles") + """
              enrich:
                detail:
                  request: { path: '/wp-json/wc/v3/products/{item.id}' }
                  ttl: 5m
              fields:
                id: item.id | to_string
                title: detail.name | strip_html
                priceCatalog: item.price

            """

    /// The repository's adapters and the two written here, in a temporary folder.
    static func adapters() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-adapters-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in try FileManager.default.contentsOfDirectory(atPath: repositoryAdapters) where file.hasSuffix(".yaml") {
            try FileManager.default.copyItem(
                atPath: (repositoryAdapters as NSString).appendingPathComponent(file), toPath: directory.appendingPathComponent(file).path)
        }
        try wrongTypedPrices.write(to: directory.appendingPathComponent("woo-listed-prices.yaml"), atomically: true, encoding: .utf8)
        try enrichedTitles.write(to: directory.appendingPathComponent("woo-enriched-titles.yaml"), atomically: true, encoding: .utf8)
        return directory
    }

    static func options(adapters: URL) -> GatewayOptions {
        var options = GatewayOptions()
        options.adapters = adapters.path
        options.otherTenants = { ports in
            """
              prices:
                websites: [ha-601]
                adapter: woo-listed-prices
                upstream: http://127.0.0.1:\(ports[0])
                credentials: { consumerKey: ck_demo, consumerSecret: cs_demo }
                secret: prices-secret
              titles:
                websites: [ha-602]
                adapter: woo-enriched-titles
                upstream: http://127.0.0.1:\(ports[0])
                credentials: { consumerKey: ck_demo, consumerSecret: cs_demo }
                secret: titles-secret
            """
        }
        return options
    }

    /// Runs `body` with a gateway serving both adapters.
    static func withGateway(_ body: (LiveGateway) async throws -> Void) async throws {
        let adapters = try Self.adapters()
        defer { try? FileManager.default.removeItem(at: adapters) }
        try await withLiveGateway(Self.options(adapters: adapters), body)
    }

    /// Every window of `shown` a Desk may ask for is the slice of it, full unless the list ends; and
    /// reading page after page gives each item once, in order.
    static func expectWindows(_ caller: TenantCaller, shown: [String], leftOut: [Int]) async throws {
        var windows: [(offset: Int, limit: Int)] = [(0, 10), (0, 25), (10, 10), (20, 10)]
        for index in leftOut {
            // `index` is where the item left out would have been; its neighbours are shown around it.
            windows.append((max(0, index - 3), 7))
            windows.append((max(0, index - 9), 10))
        }
        for (offset, limit) in windows {
            let ids = try await caller.ids("products", "offset=\(offset)&limit=\(limit)")
            #expect(ids == Array(shown.dropFirst(offset).prefix(limit)), "offset \(offset), limit \(limit)")
            if offset + limit <= shown.count { #expect(ids.count == limit, "offset \(offset), limit \(limit): a short page") }
        }
        for limit in [3, 10, 25] {
            let read = try await PageFillTests.readAll(caller, "products", "", limit: limit)
            #expect(read == shown, "pages of \(limit)")
        }
    }

    /// Where each item left out would have been among the items shown.
    static func positions(of leftOut: [WooProduct], among published: [WooProduct], shown: (WooProduct) -> Bool) -> [Int] {
        leftOut.map { item in published.prefix { $0.id < item.id }.filter(shown).count }
    }

    static func dropped(_ gateway: LiveGateway, tenant: String, reason: String) async throws -> Int {
        let metrics = try await gateway.send(
            "GET", "/metrics", headers: [HTTPHeader(name: "Authorization", value: "Bearer \(LiveGateway.adminToken)")])
        let prefix = #"deskbridge_items_dropped_total{tenant="\#(tenant)",plugin="products",reason="\#(reason)"} "#
        let line = metrics.text.split(separator: "\n").first { $0.hasPrefix(prefix) }
        return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
    }

    @Test func anItemWithAFieldOfTheWrongTypeDoesNotShortenAPage() async throws {
        try await Self.withGateway { gateway in
            let published = PageFillTests.published(gateway)
            let isShown = { (product: WooProduct) in product.hasReadableName && product.type != "variable" }
            let shown = published.filter(isShown).map { String($0.id) }
            let wrongTyped = published.filter { $0.hasReadableName && $0.type == "variable" }
            try #require(!wrongTyped.isEmpty && shown.count > 30, "the demo shop must mix simple and variable products")
            let caller = TenantCaller(gateway: gateway, tenant: "prices", website: "ha-601", secret: "prices-secret")
            try await Self.expectWindows(caller, shown: shown, leftOut: Self.positions(of: wrongTyped, among: published, shown: isShown))
            // Counted as today: unmappable.
            #expect(try await Self.dropped(gateway, tenant: "prices", reason: "unmappable") >= wrongTyped.count)
        }
    }

    @Test func anItemWhoseEnrichedTitleIsEmptyDoesNotShortenAPage() async throws {
        try await Self.withGateway { gateway in
            let published = PageFillTests.published(gateway)
            let shown = published.filter(\.hasReadableName).map { String($0.id) }
            let untitled = published.filter { !$0.hasReadableName }
            try #require(!untitled.isEmpty, "the demo shop must hold untitled published products")
            let caller = TenantCaller(gateway: gateway, tenant: "titles", website: "ha-602", secret: "titles-secret")
            try await Self.expectWindows(
                caller, shown: shown, leftOut: Self.positions(of: untitled, among: published, shown: \.hasReadableName))
            #expect(try await Self.dropped(gateway, tenant: "titles", reason: "no_title") >= untitled.count)
        }
    }
}
