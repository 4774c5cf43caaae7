import Foundation
import Mapping
import Sandbox
import Testing
import Upstream

/// Pages are never short unless the list ends: an upstream item the Desk cannot be shown (here,
/// WooCommerce products an import left without a name) is left out while walking, the following
/// items fill the page (from the next upstream page when needed), and each is counted in /metrics.
@Suite struct PageFillTests {
    /// The published products in id order, with whether each has a name.
    static func published(_ gateway: LiveGateway) -> [WooProduct] {
        gateway.sandbox.wooCommerce.configuration.store.products.filter { $0.status == .publish }.sorted { $0.id < $1.id }
    }

    @Test func untitledProductsDoNotShortenAPage() async throws {
        try await withLiveGateway(WooCommerceAdapterTests.options()) { gateway in
            let woo = WooCommerceAdapterTests.caller(gateway)
            let published = Self.published(gateway)
            let shown = published.filter(\.hasReadableName).map { String($0.id) }
            let untitled = published.indices.filter { !published[$0].hasReadableName }
            try #require(!untitled.isEmpty, "the demo shop must hold untitled published products")
            // Windows around each untitled product, and windows whose upstream page (50 products) holds
            // one, so that filling them takes items from the next upstream page.
            var windows: [(offset: Int, limit: Int)] = [(0, 50), (0, 250), (50, 50), (100, 50)]
            for index in untitled {
                windows.append((max(0, index - 3), 7))
                windows.append((max(0, index - 49), 50))
            }
            for (offset, limit) in windows {
                let ids = try await woo.ids("products", "offset=\(offset)&limit=\(limit)")
                let expected = Array(shown.dropFirst(offset).prefix(limit))
                #expect(ids == expected, "offset \(offset), limit \(limit)")
                if offset + limit <= shown.count { #expect(ids.count == limit, "offset \(offset), limit \(limit): a short page") }
            }
            // The end of the list is the only short page.
            let last = try await woo.ids("products", "offset=\(shown.count - 2)&limit=50")
            #expect(last == Array(shown.suffix(2)))
            // Counted by tenant, plugin and reason.
            let metrics = try await gateway.send(
                "GET", "/metrics", headers: [HTTPHeader(name: "Authorization", value: "Bearer \(LiveGateway.adminToken)")])
            let line = metrics.text.split(separator: "\n").first {
                $0.hasPrefix(#"deskbridge_items_dropped_total{tenant="woo",plugin="products",reason="no_title"} "#)
            }
            let dropped = try #require(line.flatMap { Int($0.split(separator: " ").last ?? "") }, "\(metrics.text.prefix(2000))")
            #expect(dropped >= untitled.count)
        }
    }

    @Test func aCategoryHoldingAnUntitledProductFillsItsPages() async throws {
        try await withLiveGateway(WooCommerceAdapterTests.options()) { gateway in
            let (category, shown) = try Self.categoryHoldingAnUntitledProduct(gateway.sandbox.wooCommerce.configuration.store)
            let woo = WooCommerceAdapterTests.caller(gateway)
            for limit in [1, 3, 7] {
                let read = try await Self.readAll(woo, "products", "idCategory=\(category)", limit: limit)
                #expect(read == shown, "limit \(limit)")
            }
        }
    }

    /// A category holding an untitled published product, and the ids its list must show.
    static func categoryHoldingAnUntitledProduct(_ store: WooCommerceStore) throws -> (Int, [String]) {
        let published = store.products.filter { $0.status == .publish }.sorted { $0.id < $1.id }
        let untitled = try #require(published.first { !$0.hasReadableName })
        let category = try #require(untitled.categoryIDs.first)
        let subtree = store.categoryAndDescendants(of: category)
        return (category, published.filter { $0.hasReadableName && !subtree.isDisjoint(with: $0.categoryIDs) }.map { String($0.id) })
    }

    /// Every id of a list, read in windows of `limit` until a short page says it ended.
    static func readAll(_ caller: TenantCaller, _ route: String, _ query: String, limit: Int) async throws -> [String] {
        var read: [String] = []
        var offset = 0
        var page: [String] = []
        repeat {
            page = try await caller.ids(route, "\(query)&offset=\(offset)&limit=\(limit)")
            read += page
            offset += limit
        } while page.count == limit && offset < 5_000
        return read
    }
}
