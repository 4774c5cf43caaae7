import Foundation

/// A simulated WooCommerce REST API (v3), as strict as a real shop: consumer key/secret auth,
/// WordPress parameter validation, `page`/`per_page` paging with `X-WP-Total`,
/// `X-WP-TotalPages` and `Link`, drafts returned unless `status=publish`, newest first by default.
/// Read-only: only GET routes exist.
package final class WooCommerceSimulator: Sendable {
    package let configuration: WooCommerceSimulatorConfiguration
    private let index: WooCommerceIndex
    private let log: RequestLog<RecordedCall>

    package init(configuration: WooCommerceSimulatorConfiguration) {
        self.configuration = configuration
        index = WooCommerceIndex(store: configuration.store)
        log = RequestLog(limit: configuration.requestLogLimit)
    }

    /// The data this simulator serves.
    package var store: WooCommerceStore { configuration.store }

    /// Requests received, including refused ones.
    package var requestCount: Int { log.count }

    /// The most recent requests, oldest first.
    package var requests: [RecordedCall] { log.entries }

    package func resetStatistics() {
        log.reset()
    }

    /// Answers one request.
    package func handle(_ request: SimulatedRequest) async -> SimulatedResponse {
        let response = answer(request)
        log.record(RecordedCall(request, status: response.status))
        return response
    }

    private enum Route {
        case index
        case products
        case product(Int)
        case categories
        case category(Int)
        case customers
        case customer(Int)
        case orders
        case order(Int)

        init?(path: String) {
            var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            guard parts.first == "wp-json" else { return nil }
            parts.removeFirst()
            if parts.isEmpty {
                self = .index
                return
            }
            guard parts.count >= 3, parts[0] == "wc", parts[1] == "v3" else { return nil }
            let rest = Array(parts.dropFirst(2))
            func identifier(_ text: String) -> Int? { text.allSatisfy(\.isNumber) ? Int(text) : nil }
            switch rest.count {
            case 1:
                switch rest[0] {
                case "products": self = .products
                case "customers": self = .customers
                case "orders": self = .orders
                default: return nil
                }
            case 2:
                if rest == ["products", "categories"] {
                    self = .categories
                    return
                }
                guard let id = identifier(rest[1]) else { return nil }
                switch rest[0] {
                case "products": self = .product(id)
                case "customers": self = .customer(id)
                case "orders": self = .order(id)
                default: return nil
                }
            case 3:
                guard rest[0] == "products", rest[1] == "categories", let id = identifier(rest[2]) else { return nil }
                self = .category(id)
            default:
                return nil
            }
        }

        var isCollection: Bool {
            switch self {
            case .products, .categories, .customers, .orders: true
            default: false
            }
        }
    }

    private func answer(_ request: SimulatedRequest) -> SimulatedResponse {
        // WordPress checks credentials before routing: wrong keys are refused on any path.
        let credentials = Self.credentials(in: request)
        if let credentials {
            if credentials.key != configuration.consumerKey {
                return WooCommerceResponses.error(401, code: "woocommerce_rest_authentication_error", message: "Consumer key is invalid.")
            }
            if credentials.secret != configuration.consumerSecret {
                return WooCommerceResponses.error(401, code: "woocommerce_rest_authentication_error", message: "Consumer secret is invalid.")
            }
        }
        guard request.method == "GET" || request.method == "HEAD", let route = Route(path: request.path) else {
            return WooCommerceResponses.noRoute
        }
        if case .index = route {
            return WooCommerceResponses.json(
                200,
                [
                    "name": "DeskBridge Demo Woo", "description": "Une boutique WooCommerce simulée", "url": .string(store.siteURL),
                    "home": .string(store.siteURL), "gmt_offset": "1", "timezone_string": "Europe/Paris",
                    "namespaces": ["oembed/1.0", "wc/store/v1", "wc/v3", "wp/v2"],
                ])
        }
        guard credentials != nil else {
            // No credentials: the route's permission check refuses.
            return WooCommerceResponses.error(
                401, code: "woocommerce_rest_cannot_view",
                message: route.isCollection ? "Sorry, you cannot list resources." : "Sorry, you cannot view this resource."
            )
        }
        let base = configuration.publicBaseURL ?? request.baseURL
        switch route {
        case .index: return WooCommerceResponses.noRoute
        case .products: return listProducts(request, base: base)
        case .product(let id):
            guard let product = index.product(id: id) else {
                return WooCommerceResponses.error(404, code: "woocommerce_rest_product_invalid_id", message: "Invalid ID.")
            }
            return WooCommerceResponses.json(200, WooCommerceResponses.product(product, store: store, base: base))
        case .categories: return listCategories(request, base: base)
        case .category(let id):
            guard let category = store.category(id: id) else {
                return WooCommerceResponses.error(404, code: "woocommerce_rest_term_invalid", message: "Resource does not exist.")
            }
            return WooCommerceResponses.json(200, WooCommerceResponses.category(category, base: base))
        case .customers: return listCustomers(request, base: base)
        case .customer(let id):
            guard let customer = store.customer(id: id) else {
                return WooCommerceResponses.error(404, code: "woocommerce_rest_invalid_id", message: "Invalid resource ID.")
            }
            return WooCommerceResponses.json(200, WooCommerceResponses.customer(customer, isPaying: index.isPaying(customer.id), base: base))
        case .orders: return listOrders(request, base: base)
        case .order(let id):
            guard let order = store.orders.first(where: { $0.id == id }) else {
                return WooCommerceResponses.error(404, code: "woocommerce_rest_shop_order_invalid_id", message: "Invalid ID.")
            }
            return WooCommerceResponses.json(200, WooCommerceResponses.order(order, siteURL: store.siteURL, base: base))
        }
    }

    /// HTTP Basic `consumer_key:consumer_secret`, or the `consumer_key`/`consumer_secret` query
    /// parameters; nil when neither is present.
    static func credentials(in request: SimulatedRequest) -> (key: String, secret: String)? {
        if let authorization = request.header("Authorization"), authorization.lowercased().hasPrefix("basic ") {
            let encoded = authorization.dropFirst(6).trimmingCharacters(in: .whitespaces)
            if let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8),
                let colon = text.firstIndex(of: ":")
            {
                return (String(text[..<colon]), String(text[text.index(after: colon)...]))
            }
            return ("", "")
        }
        if let key = request.queryValue("consumer_key") {
            return (key, request.queryValue("consumer_secret") ?? "")
        }
        return nil
    }

    // MARK: Collections

    private func page<Item>(
        _ items: [Item], _ parameters: inout WooCommerceParameters, request: SimulatedRequest, url: String,
        encode: (Item) -> JSONValue
    ) -> SimulatedResponse {
        let perPage = parameters.integer("per_page", default: 10, minimum: 1, maximum: 100) ?? 10
        let page = parameters.integer("page", default: 1, minimum: 1) ?? 1
        let offset = parameters.integer("offset", default: nil)
        if let failure = parameters.failure { return failure }
        let slice = WooCommercePage(total: items.count, perPage: perPage, page: page, offset: offset, request: request, collectionURL: url)
        let body = JSONValue.array(items[slice.start..<slice.end].map(encode))
        return WooCommerceResponses.json(200, body, headers: slice.headers)
    }

    private func listProducts(_ request: SimulatedRequest, base: String) -> SimulatedResponse {
        var parameters = WooCommerceParameters(request)
        let query = WooProductQuery(parameters: &parameters)
        let products = index.products(matching: query)
        return page(products, &parameters, request: request, url: "\(base)/wp-json/wc/v3/products") {
            WooCommerceResponses.product($0, store: store, base: base)
        }
    }

    private func listCategories(_ request: SimulatedRequest, base: String) -> SimulatedResponse {
        var parameters = WooCommerceParameters(request)
        let orderby = parameters.choice("orderby", ["id", "include", "name", "slug", "term_group", "description", "count"], default: "name")
        let ascending = parameters.choice("order", ["asc", "desc"], default: "asc") == "asc"
        let parent = parameters.integer("parent", default: nil)
        let hideEmpty = parameters.boolean("hide_empty") ?? false
        let include = parameters.integers("include")
        let exclude = parameters.integers("exclude") ?? []
        let search = parameters.string("search").map(TextFolding.fold)
        let slug = parameters.string("slug")
        var categories = store.categories.filter { category in
            if let parent, category.parent != parent { return false }
            if hideEmpty, category.count == 0 { return false }
            if let include, !include.contains(category.id) { return false }
            if exclude.contains(category.id) { return false }
            if let slug, category.slug != slug { return false }
            if let search, !search.isEmpty, !TextFolding.fold(category.name).contains(search), !category.slug.contains(search) { return false }
            return true
        }
        func precedes(_ a: WooCategory, _ b: WooCategory) -> Bool {
            switch orderby {
            case "id", "term_group": return a.id < b.id
            case "include": return (include?.firstIndex(of: a.id) ?? 0) < (include?.firstIndex(of: b.id) ?? 0)
            case "slug": return (a.slug, a.id) < (b.slug, b.id)
            case "count": return (a.count, a.id) < (b.count, b.id)
            case "description": return (TextFolding.fold(a.description), a.id) < (TextFolding.fold(b.description), b.id)
            default: return (TextFolding.fold(a.name), a.id) < (TextFolding.fold(b.name), b.id)
            }
        }
        categories.sort { ascending ? precedes($0, $1) : precedes($1, $0) }
        return page(categories, &parameters, request: request, url: "\(base)/wp-json/wc/v3/products/categories") {
            WooCommerceResponses.category($0, base: base)
        }
    }

    private func listCustomers(_ request: SimulatedRequest, base: String) -> SimulatedResponse {
        var parameters = WooCommerceParameters(request)
        let orderby = parameters.choice("orderby", ["id", "include", "name", "registered_date"], default: "name")
        let ascending = parameters.choice("order", ["asc", "desc"], default: "asc") == "asc"
        let email = parameters.email("email")?.lowercased()
        let role = parameters.choice(
            "role", ["all", "administrator", "editor", "author", "contributor", "subscriber", "customer", "shop_manager"], default: "customer"
        )
        let include = parameters.integers("include")
        let exclude = parameters.integers("exclude") ?? []
        let search = parameters.string("search").map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "* ")) }
        var customers = store.customers.filter { customer in
            if role != "all", role != "customer" { return false }
            if let email, customer.email.lowercased() != email { return false }
            if let include, !include.contains(customer.id) { return false }
            if exclude.contains(customer.id) { return false }
            if let search, !search.isEmpty {
                let fields = [customer.username, customer.email, customer.displayName].map { $0.lowercased() }
                if !fields.contains(where: { $0.contains(search) }) { return false }
            }
            return true
        }
        func precedes(_ a: WooCustomer, _ b: WooCustomer) -> Bool {
            switch orderby {
            case "id": return a.id < b.id
            case "include": return (include?.firstIndex(of: a.id) ?? 0) < (include?.firstIndex(of: b.id) ?? 0)
            case "registered_date": return (a.dateCreated, a.id) < (b.dateCreated, b.id)
            default: return (TextFolding.fold(a.displayName), a.id) < (TextFolding.fold(b.displayName), b.id)
            }
        }
        customers.sort { ascending ? precedes($0, $1) : precedes($1, $0) }
        return page(customers, &parameters, request: request, url: "\(base)/wp-json/wc/v3/customers") {
            WooCommerceResponses.customer($0, isPaying: index.isPaying($0.id), base: base)
        }
    }

    private func listOrders(_ request: SimulatedRequest, base: String) -> SimulatedResponse {
        var parameters = WooCommerceParameters(request)
        let orderby = parameters.choice("orderby", ["date", "id", "include", "title", "slug", "modified"], default: "date")
        let ascending = parameters.choice("order", ["asc", "desc"], default: "desc") == "asc"
        let statuses = parameters.choices(
            "status",
            [
                "any", "trash", "auto-draft", "pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed", "checkout-draft",
            ], default: ["any"])
        let customer = parameters.integer("customer", default: nil)
        let product = parameters.integer("product", default: nil)
        let include = parameters.integers("include")
        var orders = store.orders.filter { order in
            if !statuses.contains("any"), !statuses.contains(order.status) { return false }
            if let customer, order.customerID != customer { return false }
            if let product, !order.lineItems.contains(where: { $0.productID == product }) { return false }
            if let include, !include.contains(order.id) { return false }
            return true
        }
        func precedes(_ a: WooOrder, _ b: WooOrder) -> Bool {
            switch orderby {
            case "id", "title", "slug": return a.id < b.id
            case "include": return (include?.firstIndex(of: a.id) ?? 0) < (include?.firstIndex(of: b.id) ?? 0)
            case "modified": return (a.dateModified, a.id) < (b.dateModified, b.id)
            default: return (a.dateCreated, a.id) < (b.dateCreated, b.id)
            }
        }
        orders.sort { ascending ? precedes($0, $1) : precedes($1, $0) }
        return page(orders, &parameters, request: request, url: "\(base)/wp-json/wc/v3/orders") {
            WooCommerceResponses.order($0, siteURL: store.siteURL, base: base)
        }
    }
}
