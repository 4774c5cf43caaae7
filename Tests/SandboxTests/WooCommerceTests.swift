import Foundation
import Sandbox
import Testing

/// GETs a WooCommerce route with the demo keys (or none).
private func woo(_ port: Int, _ path: String, key: String? = "ck_demo", secret: String = "cs_demo") async throws -> LoopbackResponse {
    var headers: [(String, String)] = []
    if let key { headers.append(("Authorization", "Basic " + Data("\(key):\(secret)".utf8).base64EncodedString())) }
    return try await LoopbackHTTPClient.get(port: port, path: path, headers: headers)
}

extension LoopbackResponse {
    fileprivate var array: [[String: Any]] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [[String: Any]] ?? [] }
    fileprivate var ids: [Int] { array.compactMap { $0["id"] as? Int } }
}

/// The URL of `rel` in a `Link` header, if any.
func linkURL(_ header: String?, rel: String) -> String? {
    guard let header else { return nil }
    for part in header.components(separatedBy: ", <") {
        let pieces = part.components(separatedBy: ">; ")
        guard pieces.count == 2, pieces[1] == "rel=\"\(rel)\"" else { continue }
        return pieces[0].hasPrefix("<") ? String(pieces[0].dropFirst()) : pieces[0]
    }
    return nil
}

@Suite("WooCommerce REST v3")
struct WooCommerceTests {
    let store = sharedWooStore

    @Test func demoDataIsLargeMessyAndDeterministic() {
        #expect(store.products.count >= 300)
        #expect(store.categories.count >= 25)
        #expect(store.customers.count >= 20)
        for status in WooProductStatus.allCases {
            #expect(store.products.contains { $0.status == status }, "no \(status) product")
        }
        #expect(store.products.contains { $0.onSale && !$0.salePrice.isEmpty })
        #expect(store.products.contains { $0.type == "variable" && $0.regularPrice.isEmpty })
        #expect(store.products.contains { $0.stockStatus == .outofstock })
        #expect(store.products.contains { $0.stockStatus == .onbackorder })
        #expect(store.products.contains { $0.images.isEmpty })
        #expect(store.products.contains { $0.sku.isEmpty })
        #expect(store.products.contains { $0.manageStock == false && $0.stockQuantity == nil })
        #expect(store.products.contains { $0.name.contains("緑茶") })
        // A tree at least three levels deep.
        let depth =
            store.categories.map { category -> Int in
                var level = 1
                var parent = category.parent
                while parent != 0, let next = store.category(id: parent), level < 10 {
                    level += 1
                    parent = next.parent
                }
                return level
            }.max() ?? 0
        #expect(depth >= 3)
        #expect(store.customers.contains { store.orders(ofCustomer: $0.id).isEmpty })
        #expect(store.customers.contains { $0.email != $0.email.lowercased() })
        #expect(WooCommerceStore.demo() == store)
    }

    @Test func missingCredentialsAreRefused() async throws {
        let response = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            try await woo(port, "/wp-json/wc/v3/products", key: nil)
        }
        #expect(response.status == 401)
        #expect(response.text == #"{"code":"woocommerce_rest_cannot_view","message":"Sorry, you cannot list resources.","data":{"status":401}}"#)
    }

    @Test func wrongKeysAreRefusedOnEveryRoute() async throws {
        let (wrongKey, wrongSecret, unknownRoute) = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            (
                try await woo(port, "/wp-json/wc/v3/products", key: "ck_nope"),
                try await woo(port, "/wp-json/wc/v3/customers", secret: "cs_nope"),
                try await woo(port, "/wp-json/wc/v3/nothing-here", key: "ck_nope")
            )
        }
        #expect(wrongKey.status == 401)
        #expect(wrongKey.text == #"{"code":"woocommerce_rest_authentication_error","message":"Consumer key is invalid.","data":{"status":401}}"#)
        #expect(wrongSecret.status == 401)
        #expect(wrongSecret.text.contains("Consumer secret is invalid."))
        #expect(unknownRoute.status == 401)
    }

    @Test func queryStringKeysAreAccepted() async throws {
        let response = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            try await woo(port, "/wp-json/wc/v3/products?consumer_key=ck_demo&consumer_secret=cs_demo&per_page=3", key: nil)
        }
        #expect(response.status == 200)
        #expect(response.array.count == 3)
    }

    @Test func walkingLinkHeadersYieldsEveryProductNewestFirstWithDrafts() async throws {
        let (ids, firstTotals, pages) = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            var ids: [Int] = []
            var pages = 0
            var response = try await woo(port, "/wp-json/wc/v3/products?per_page=100")
            let totals = (response.header("X-WP-Total"), response.header("X-WP-TotalPages"))
            while true {
                try #require(response.status == 200)
                ids += response.ids
                pages += 1
                guard let next = linkURL(response.header("Link"), rel: "next") else { break }
                try #require(pages < 20)
                response = try await LoopbackHTTPClient.get(
                    url: next,
                    headers: [
                        ("Authorization", "Basic " + Data("ck_demo:cs_demo".utf8).base64EncodedString())
                    ])
            }
            return (ids, totals, pages)
        }
        let expected = store.products.sorted { ($0.dateCreated, $0.id) > ($1.dateCreated, $1.id) }.map(\.id)
        #expect(ids == expected)
        #expect(firstTotals.0 == String(store.products.count))
        #expect(firstTotals.1 == String((store.products.count + 99) / 100))
        #expect(pages == (store.products.count + 99) / 100)
        #expect(ids.contains { id in store.product(id: id)?.status == .draft })
        #expect(expected != store.products.map(\.id).reversed(), "date order differs from id order")
    }

    @Test func middlePagesLinkBothWaysAndPagesPastTheEndAreEmpty() async throws {
        let (middle, beyond) = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            (
                try await woo(port, "/wp-json/wc/v3/products?per_page=10&page=3&orderby=id&order=asc"),
                try await woo(port, "/wp-json/wc/v3/products?per_page=100&page=99")
            )
        }
        #expect(middle.ids == Array(store.products.map(\.id)[20..<30]))
        let link = try #require(middle.header("Link"))
        // add_query_arg replaces `page` where it stands.
        #expect(linkURL(link, rel: "prev")?.hasSuffix("/wp-json/wc/v3/products?per_page=10&page=2&orderby=id&order=asc") == true)
        #expect(linkURL(link, rel: "next")?.hasSuffix("/wp-json/wc/v3/products?per_page=10&page=4&orderby=id&order=asc") == true)
        #expect(link.hasPrefix("<http://127.0.0.1:"))
        #expect(beyond.status == 200)
        #expect(beyond.text == "[]")
        #expect(beyond.header("X-WP-Total") == String(store.products.count))
        #expect(linkURL(beyond.header("Link"), rel: "prev")?.hasSuffix("page=\((store.products.count + 99) / 100)") == true)
        #expect(linkURL(beyond.header("Link"), rel: "next") == nil)
    }

    @Test func statusPublishHidesDraftsPendingAndPrivate() async throws {
        let response = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            try await woo(port, "/wp-json/wc/v3/products?status=publish&per_page=100&orderby=id&order=asc")
        }
        let published = store.products.filter { $0.status == .publish }
        #expect(response.header("X-WP-Total") == String(published.count))
        #expect(response.ids == Array(published.prefix(100).map(\.id)))
        #expect(response.array.allSatisfy { $0["status"] as? String == "publish" })
    }

    @Test(arguments: [
        ("per_page=101", "per_page", "rest_out_of_bounds", "per_page must be between 1 (inclusive) and 100 (inclusive)"),
        ("per_page=abc", "per_page", "rest_invalid_type", "per_page is not of type integer."),
        ("page=0", "page", "rest_out_of_bounds", "page must be greater than or equal to 1"),
        ("status=gone", "status", "rest_not_in_enum", "status is not one of any, future, trash, draft, pending, private, and publish."),
    ])
    func invalidParametersAreRefused(query: String, parameter: String, code: String, message: String) async throws {
        let response = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            try await woo(port, "/wp-json/wc/v3/products?\(query)")
        }
        #expect(response.status == 400)
        let json = try #require(response.json)
        #expect(json["code"] as? String == "rest_invalid_param")
        #expect(json["message"] as? String == "Invalid parameter(s): \(parameter)")
        let data = try #require(json["data"] as? [String: Any])
        #expect(data["status"] as? Int == 400)
        #expect((data["params"] as? [String: Any])?[parameter] as? String == message)
        #expect(((data["details"] as? [String: Any])?[parameter] as? [String: Any])?["code"] as? String == code)
    }

    @Test func productShapesCarryStringPricesStockAndImages() async throws {
        let variable = try #require(store.products.first { $0.type == "variable" && $0.status == .publish })
        let unmanaged = try #require(store.products.first { $0.type == "simple" && !$0.manageStock })
        let imageless = try #require(store.products.first { $0.images.isEmpty })
        let answers = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            [
                try await woo(port, "/wp-json/wc/v3/products/\(variable.id)"), try await woo(port, "/wp-json/wc/v3/products/\(unmanaged.id)"),
                try await woo(port, "/wp-json/wc/v3/products/\(imageless.id)"), try await woo(port, "/wp-json/wc/v3/products/999999"),
            ]
        }
        let first = try #require(answers[0].json)
        #expect(first["type"] as? String == "variable")
        #expect(first["price"] as? String == variable.price)
        #expect(first["regular_price"] as? String == "")
        #expect(first["sale_price"] as? String == "")
        #expect((first["variations"] as? [Int])?.count == variable.variationIDs.count)
        #expect((first["categories"] as? [[String: Any]])?.first?["slug"] is String)
        let second = try #require(answers[1].json)
        #expect(second["manage_stock"] as? Bool == false)
        #expect(second.keys.contains("stock_quantity") && second["stock_quantity"] is NSNull)
        #expect(second["stock_status"] as? String == unmanaged.stockStatus.rawValue)
        #expect((answers[2].json?["images"] as? [Any])?.isEmpty == true)
        #expect(answers[3].status == 404)
        #expect(answers[3].text == #"{"code":"woocommerce_rest_product_invalid_id","message":"Invalid ID.","data":{"status":404}}"#)
    }

    @Test func categoryFilterIncludesSubcategories() async throws {
        let top = try #require(store.categories.first { $0.name == "Épicerie fine" })
        let tree = store.categoryAndDescendants(of: top.id)
        #expect(tree.count >= 4)
        let expected = store.products.filter { $0.categoryIDs.contains(where: tree.contains) }
            .sorted { ($0.dateCreated, $0.id) > ($1.dateCreated, $1.id) }.map(\.id)
        let response = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            try await woo(port, "/wp-json/wc/v3/products?category=\(top.id)&per_page=100")
        }
        #expect(!expected.isEmpty)
        #expect(response.ids == Array(expected.prefix(100)))
        #expect(response.header("X-WP-Total") == String(expected.count))
    }

    @Test func searchIgnoresCaseAndAccents() async throws {
        let response = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            try await woo(port, "/wp-json/wc/v3/products?search=THE%20VERT&status=publish&per_page=100")
        }
        #expect(response.status == 200)
        #expect(!response.array.isEmpty)
        let names = response.array.compactMap { $0["name"] as? String }
        #expect(
            names.allSatisfy { name in
                let product = store.products.first { $0.name == name }
                let text = [product?.name, product?.shortDescription, product?.description].compactMap { $0 }.joined(separator: " ")
                    .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
                return text.contains("the") && text.contains("vert")
            })
    }

    @Test func categoriesListIsATreeSortedByName() async throws {
        let (top, children, hidden) = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            (
                try await woo(port, "/wp-json/wc/v3/products/categories?parent=0&per_page=100"),
                try await woo(port, "/wp-json/wc/v3/products/categories?per_page=100&orderby=id"),
                try await woo(port, "/wp-json/wc/v3/products/categories?per_page=100&hide_empty=true")
            )
        }
        let topLevel = store.categories.filter { $0.parent == 0 }
        #expect(top.header("X-WP-Total") == String(topLevel.count))
        let names = top.array.compactMap { $0["name"] as? String }
        #expect(
            names
                == names.sorted {
                    $0.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                        < $1.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                })
        #expect(children.ids == store.categories.map(\.id))
        #expect(children.array.first?.keys.contains("parent") == true)
        #expect(names.contains("Sport &amp; Plein air"), "WordPress escapes & in term names")
        #expect(hidden.array.allSatisfy { ($0["count"] as? Int ?? 0) > 0 })
        #expect(hidden.array.count < store.categories.count)
    }

    @Test func customersByEmailIgnoreCaseAndOrdersFollowTheCustomer() async throws {
        let customer = try #require(store.customers.first { $0.email != $0.email.lowercased() && !store.orders(ofCustomer: $0.id).isEmpty })
        let idle = try #require(store.customers.first { store.orders(ofCustomer: $0.id).isEmpty })
        let (found, orders, none, byID) = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            (
                try await woo(port, "/wp-json/wc/v3/customers?email=\(customer.email.lowercased())"),
                try await woo(port, "/wp-json/wc/v3/orders?customer=\(customer.id)&per_page=5"),
                try await woo(port, "/wp-json/wc/v3/orders?customer=\(idle.id)"),
                try await woo(port, "/wp-json/wc/v3/customers/\(customer.id)")
            )
        }
        #expect(found.ids == [customer.id])
        #expect(found.array.first?["email"] as? String == customer.email)
        let expectedOrders = store.orders(ofCustomer: customer.id).sorted { ($0.dateCreated, $0.id) > ($1.dateCreated, $1.id) }
        #expect(orders.ids == Array(expectedOrders.prefix(5).map(\.id)))
        #expect(orders.header("X-WP-Total") == String(expectedOrders.count))
        let order = try #require(orders.array.first)
        #expect(order["number"] as? String == expectedOrders.first?.number)
        #expect(order["total"] is String)
        #expect((order["line_items"] as? [[String: Any]])?.first?["price"] is Double)
        #expect(none.text == "[]")
        #expect(none.header("X-WP-Total") == "0")
        #expect(none.header("X-WP-TotalPages") == "0")
        #expect(byID.json?["username"] as? String == customer.username)
        #expect((byID.json?["billing"] as? [String: Any])?["phone"] is String)
    }

    @Test func unknownRoutesAndMethodsHaveNoRoute() async throws {
        let (unknown, post) = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            (
                try await woo(port, "/wp-json/wc/v3/coupons"),
                try await LoopbackHTTPClient.request(
                    port: port, method: "POST", path: "/wp-json/wc/v3/products",
                    headers: [
                        ("Authorization", "Basic " + Data("ck_demo:cs_demo".utf8).base64EncodedString())
                    ], body: Array("{}".utf8))
            )
        }
        for response in [unknown, post] {
            #expect(response.status == 404)
            #expect(response.json?["code"] as? String == "rest_no_route")
        }
    }

    @Test func requestsAreCounted() async throws {
        let (count, last) = try await withSandbox(configuration: SandboxConfiguration()) { server, port in
            _ = try await woo(port, "/wp-json/wc/v3/products?per_page=1")
            _ = try await woo(port, "/wp-json/wc/v3/products?per_page=1", key: "bad")
            return (server.wooCommerce.requestCount, server.wooCommerce.requests.last)
        }
        #expect(count == 2)
        #expect(last?.status == 401)
        #expect(last?.query == "per_page=1")
    }
}
