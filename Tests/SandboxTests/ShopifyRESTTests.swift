import Foundation
import Sandbox
import Testing

private let token = [("X-Shopify-Access-Token", "shpat_demo_token")]

extension LoopbackResponse {
    fileprivate func list(_ key: String) -> [[String: Any]] { json?[key] as? [[String: Any]] ?? [] }
    fileprivate func ids(_ key: String) -> [Int] { list(key).compactMap { $0["id"] as? Int } }
}

/// Follows `rel="next"` links from `path`, returning the ids under `key` in order.
private func walk(_ port: Int, _ path: String, key: String) async throws -> (ids: [Int], pages: Int, lastLink: String?) {
    var response = try await LoopbackHTTPClient.get(port: port, path: path, headers: token)
    var ids: [Int] = []
    var pages = 0
    while true {
        try #require(response.status == 200, "\(response.status): \(response.text.prefix(200))")
        ids += response.ids(key)
        pages += 1
        guard let next = linkURL(response.header("Link"), rel: "next") else { break }
        try #require(pages < 50)
        response = try await LoopbackHTTPClient.get(url: next, headers: token)
    }
    return (ids, pages, response.header("Link"))
}

@Suite("Shopify Admin REST")
struct ShopifyRESTTests {
    let catalog = sharedDemoCatalog

    @Test func tokenIsRequired() async throws {
        let (missing, wrong, right) = try await withSandbox { _, port in
            (
                try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/products.json"),
                try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/products.json", headers: [("X-Shopify-Access-Token", "nope")]),
                try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/products.json?limit=1", headers: token)
            )
        }
        for refused in [missing, wrong] {
            #expect(refused.status == 401)
            #expect(refused.text == #"{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}"#)
            #expect(refused.header("X-Shopify-Shop-Api-Call-Limit") == nil)
        }
        #expect(right.status == 200)
        #expect(right.header("X-Shopify-Shop-Api-Call-Limit") == "1/40")
        #expect(right.header("X-Shopify-API-Version") == "2024-01")
    }

    @Test func linkPaginationWalksEveryProductInIDOrderDraftsIncluded() async throws {
        let (ids, pages, lastLink) = try await withSandbox { _, port in
            try await walk(port, "/admin/api/2024-01/products.json?limit=250", key: "products")
        }
        #expect(ids == catalog.products.map(\.id))
        #expect(pages == (catalog.products.count + 249) / 250)
        #expect(linkURL(lastLink, rel: "next") == nil)
        #expect(linkURL(lastLink, rel: "previous") != nil)
        #expect(ids.contains { id in catalog.product(id: id)?.status == .draft })
    }

    @Test func filtersTravelInsideTheCursor() async throws {
        let (ids, _, _) = try await withSandbox { _, port in
            try await walk(port, "/admin/api/2024-01/products.json?status=active&limit=100", key: "products")
        }
        #expect(ids == catalog.activeProducts.map(\.id))
    }

    @Test func previousLinksLeadBack() async throws {
        let (first, back) = try await withSandbox { _, port in
            let first = try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/products.json?limit=5&fields=id,title", headers: token)
            let next = try #require(linkURL(first.header("Link"), rel: "next"))
            #expect(next.contains("limit=5&fields=id%2Ctitle&page_info="))
            let second = try await LoopbackHTTPClient.get(url: next, headers: token)
            let previous = try #require(linkURL(second.header("Link"), rel: "previous"))
            return (first, try await LoopbackHTTPClient.get(url: previous, headers: token))
        }
        #expect(first.ids("products") == Array(catalog.products.prefix(5).map(\.id)))
        #expect(back.ids("products") == first.ids("products"))
        #expect(first.list("products").allSatisfy { Set($0.keys) == ["id", "title"] })
        #expect(linkURL(first.header("Link"), rel: "previous") == nil)
    }

    @Test func pageInfoRefusesOtherFiltersAndPageIsGone() async throws {
        let (extra, page, garbage, tooBig) = try await withSandbox { _, port in
            let first = try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/products.json?limit=3", headers: token)
            let next = try #require(linkURL(first.header("Link"), rel: "next"))
            return (
                try await LoopbackHTTPClient.get(url: next + "&status=active", headers: token),
                try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/products.json?page=2", headers: token),
                try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/products.json?page_info=bm9wZQ", headers: token),
                try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/products.json?limit=251", headers: token)
            )
        }
        #expect(extra.status == 400)
        #expect(
            extra.text
                == #"{"errors":{"status":"status cannot be passed when page_info is present. See https://shopify.dev/api/usage/pagination-rest for more information."}}"#
        )
        #expect(page.status == 400)
        #expect((page.json?["errors"] as? [String: Any])?["page"] is String)
        #expect(garbage.status == 400)
        #expect(garbage.text == #"{"errors":{"page_info":"Invalid value."}}"#)
        #expect(tooBig.status == 400)
    }

    @Test func restShapesAreSnakeCaseWithStringPricesAndCommaTags() async throws {
        let product = try #require(catalog.products.first { $0.status == .draft && !$0.tags.isEmpty && $0.variants.count > 1 })
        let response = try await withSandbox { _, port in
            try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/products/\(product.id).json", headers: token)
        }
        let json = try #require(response.json?["product"] as? [String: Any])
        #expect(json["status"] as? String == "draft")
        #expect(json["tags"] as? String == product.tags.joined(separator: ", "))
        #expect(json["body_html"] as? String == product.descriptionHtml)
        #expect(json["published_at"] is NSNull)
        let variants = try #require(json["variants"] as? [[String: Any]])
        #expect(variants.first?["price"] as? String == product.variants.first?.price.moneyString)
        #expect(variants.first.map { $0.keys.contains("compare_at_price") } == true)
        #expect((json["created_at"] as? String)?.hasSuffix("+01:00") == true || (json["created_at"] as? String)?.hasSuffix("+02:00") == true)
        if product.images.isEmpty { #expect(json["image"] is NSNull) } else { #expect((json["image"] as? [String: Any])?["src"] is String) }
    }

    @Test func collectionsSplitIntoCustomAndSmartAndListTheirProductsInOrder() async throws {
        let collection = try #require(catalog.collections.first { $0.productIDs.count > 60 })
        let (custom, smart, members) = try await withSandbox { _, port in
            (
                try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/custom_collections.json", headers: token),
                try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/smart_collections.json?limit=250", headers: token),
                try await walk(port, "/admin/api/2024-01/collections/\(collection.id)/products.json?limit=50", key: "products")
            )
        }
        #expect(custom.ids("custom_collections") == catalog.collections.filter { !$0.isSmart }.map(\.id))
        #expect(smart.ids("smart_collections") == catalog.collections.filter(\.isSmart).map(\.id))
        #expect(smart.list("smart_collections").allSatisfy { ($0["rules"] as? [Any])?.isEmpty == false })
        #expect(members.ids == collection.productIDs)
    }

    @Test func countAndCustomerSearch() async throws {
        let customer = try #require(sharedShopifyCustomers.first { ($0.email ?? "") != ($0.email ?? "").lowercased() })
        let email = try #require(customer.email)
        let (count, drafts, search, nobody) = try await withSandbox { _, port in
            (
                try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/products/count.json", headers: token),
                try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/products/count.json?status=draft", headers: token),
                try await LoopbackHTTPClient.get(
                    port: port, path: "/admin/api/2024-01/customers/search.json?query=email:\(email.uppercased())", headers: token),
                try await LoopbackHTTPClient.get(
                    port: port, path: "/admin/api/2024-01/customers/search.json?query=email:nobody@nowhere.example", headers: token)
            )
        }
        #expect(count.text == "{\"count\":\(catalog.products.count)}")
        #expect(drafts.json?["count"] as? Int == catalog.products.filter { $0.status == .draft }.count)
        #expect(search.ids("customers") == [customer.id])
        let found = try #require(search.list("customers").first)
        #expect(found["orders_count"] as? Int == customer.numberOfOrders)
        #expect(found["total_spent"] as? String == customer.amountSpent.moneyString)
        #expect(found["tags"] as? String == customer.tags.joined(separator: ", "))
        #expect(nobody.text == #"{"customers":[]}"#)
    }

    @Test func fortyQuickCallsFillTheBucketThenItRecovers() async throws {
        let configuration = SandboxConfiguration(shopifyREST: ShopifyRESTSimulatorConfiguration(leakRate: 0))
        let (limits, refused, recovered) = try await withSandbox(configuration: configuration) { server, port in
            var limits: [String] = []
            for _ in 0..<40 {
                let response = try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/shop.json", headers: token)
                try #require(response.status == 200)
                limits.append(response.header("X-Shopify-Shop-Api-Call-Limit") ?? "")
            }
            let refused = try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/shop.json", headers: token)
            server.shopifyREST.setBucket(leakRate: 100)
            try await Task.sleep(for: .milliseconds(100))
            let recovered = try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/shop.json", headers: token)
            return (limits, refused, recovered)
        }
        #expect(limits.first == "1/40")
        #expect(limits.last == "40/40")
        #expect(refused.status == 429)
        #expect(refused.header("Retry-After") == "2.0")
        #expect(refused.text == #"{"errors":"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."}"#)
        #expect(recovered.status == 200)
    }

    @Test func unknownResourcesAndWritesAreNotFound() async throws {
        let (unknown, missing, post, count) = try await withSandbox { server, port in
            (
                try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/orders.json", headers: token),
                try await LoopbackHTTPClient.get(port: port, path: "/admin/api/2024-01/products/1.json", headers: token),
                try await LoopbackHTTPClient.request(
                    port: port, method: "POST", path: "/admin/api/2024-01/products.json", headers: token, body: Array("{}".utf8)),
                server.shopifyREST.requestCount
            )
        }
        #expect(unknown.status == 404)
        #expect(missing.text == #"{"errors":"Not Found"}"#)
        #expect(post.status == 404)
        #expect(count == 3)
    }
}
