import Foundation

/// A simulated Shopify Admin REST API (legacy, GET only), as strict as the real one: token auth,
/// a leaky bucket of 40 requests draining 2 per second (429 with `Retry-After: 2.0` when full),
/// cursor pagination only through the `Link` header (`page_info` accepts nothing but `limit`
/// and `fields`; `page` is refused), drafts listed unless `status=` says otherwise. It serves the
/// GraphQL simulator's store: one source of truth for both APIs.
package final class ShopifyRESTSimulator: Sendable {
    package let configuration: ShopifyRESTSimulatorConfiguration
    private let store: ShopifyStore
    private let customerBook: ShopifyCustomerBook
    private let accessToken: String
    private let buckets: CostBuckets
    private let log: RequestLog<RecordedCall>

    static let paginationHelp = "See https://shopify.dev/api/usage/pagination-rest for more information."

    /// - Parameter shopify: the GraphQL simulator whose store, customers and (by default) token
    ///   this API shares.
    package init(configuration: ShopifyRESTSimulatorConfiguration, shopify: ShopifySimulator) {
        self.configuration = configuration
        store = shopify.store
        customerBook = shopify.customerBook
        accessToken = configuration.accessToken ?? shopify.configuration.accessToken
        buckets = CostBuckets(size: Double(max(1, configuration.bucketSize)), restoreRate: configuration.leakRate)
        log = RequestLog(limit: configuration.requestLogLimit)
    }

    /// The catalog this simulator serves (the GraphQL simulator's).
    package var catalog: ShopifyCatalog { store.catalog }

    /// Requests received, including refused ones.
    package var requestCount: Int { log.count }

    /// The most recent requests, oldest first.
    package var requests: [RecordedCall] { log.entries }

    package func resetStatistics() {
        log.reset()
    }

    /// Changes the leaky bucket (for every token); nil leaves a value unchanged. `used` sets how
    /// full the bucket is now. Tests use it to reach the limit quickly or to slow the leak.
    package func setBucket(size: Int? = nil, leakRate: Double? = nil, used: Int? = nil) {
        let current = buckets.status(token: accessToken)
        let newSize = size.map(Double.init) ?? current.maximumAvailable
        buckets.configure(
            size: size.map(Double.init), restoreRate: leakRate,
            currentlyAvailable: used.map { newSize - Double($0) }, token: accessToken
        )
    }

    /// How full the access token's bucket is now, and its size (`X-Shopify-Shop-Api-Call-Limit`).
    package var callLimit: (used: Int, size: Int) {
        let status = buckets.status(token: accessToken)
        let size = Int(status.maximumAvailable)
        return (max(0, size - status.currentlyAvailable), size)
    }

    package func handle(_ request: SimulatedRequest) async -> SimulatedResponse {
        let response = answer(request)
        log.record(RecordedCall(request, status: response.status))
        return response
    }

    private func answer(_ request: SimulatedRequest) -> SimulatedResponse {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // "", "admin", "api", version, resource…
        guard parts.count >= 5, parts[0].isEmpty, parts[1] == "admin", parts[2] == "api", !parts[3].isEmpty,
            request.method == "GET" || request.method == "HEAD"
        else {
            return ShopifyRESTResponses.notFound
        }
        guard request.header("X-Shopify-Access-Token") == accessToken else {
            return ShopifyRESTResponses.unauthorized
        }
        var headers = [("X-Shopify-API-Version", ShopifySimulator.servedVersion(for: parts[3]))]
        switch buckets.reserve(1, token: accessToken) {
        case .throttled(let status):
            let size = Int(status.maximumAvailable)
            headers += [("X-Shopify-Shop-Api-Call-Limit", "\(size)/\(size)"), ("Retry-After", "2.0")]
            return .json(429, ShopifyRESTResponses.throttledBody, headers: headers)
        case .granted(let status):
            let size = Int(status.maximumAvailable)
            headers.append(("X-Shopify-Shop-Api-Call-Limit", "\(max(0, size - status.currentlyAvailable))/\(size)"))
        }
        var response = route(Array(parts.dropFirst(4)), request: request, basePath: parts.prefix(4).joined(separator: "/"))
        response.headers += headers
        return response
    }

    private func route(_ resource: [String], request: SimulatedRequest, basePath: String) -> SimulatedResponse {
        let listURL = "\(configuration.publicBaseURL ?? request.baseURL)\(request.path)"
        func identifier(_ text: String) -> Int? { text.allSatisfy(\.isNumber) ? Int(text) : nil }
        switch resource.count {
        case 1:
            switch resource[0] {
            case "products.json": return listProducts(request, url: listURL)
            case "custom_collections.json": return listCollections(request, url: listURL, smart: false)
            case "smart_collections.json": return listCollections(request, url: listURL, smart: true)
            case "customers.json": return listCustomers(request, url: listURL, search: false)
            case "shop.json": return shop()
            default: return ShopifyRESTResponses.notFound
            }
        case 2:
            let (collection, file) = (resource[0], resource[1])
            guard file.hasSuffix(".json") else { return ShopifyRESTResponses.notFound }
            let name = String(file.dropLast(5))
            switch (collection, name) {
            case ("products", "count"): return countProducts(request)
            case ("customers", "search"): return listCustomers(request, url: listURL, search: true)
            case ("products", _):
                guard let id = identifier(name), let product = store.product(id: id) else { return ShopifyRESTResponses.notFound }
                return single("product", ShopifyRESTResponses.product(product), request: request)
            case ("collections", _), ("custom_collections", _), ("smart_collections", _):
                guard let id = identifier(name), let found = store.collection(id: id),
                    collection == "collections" || found.isSmart == (collection == "smart_collections")
                else {
                    return ShopifyRESTResponses.notFound
                }
                let key = collection == "collections" ? "collection" : String(collection.dropLast())
                return single(key, ShopifyRESTResponses.collection(found), request: request)
            case ("customers", _):
                guard let id = identifier(name), let customer = customerBook.snapshot.customer(id: id) else {
                    return ShopifyRESTResponses.notFound
                }
                return single("customer", ShopifyRESTResponses.customer(customer, currency: catalog.shop.currencyCode), request: request)
            default:
                return ShopifyRESTResponses.notFound
            }
        case 3:
            guard resource[0] == "collections", resource[2] == "products.json", let id = identifier(resource[1]),
                let collection = store.collection(id: id)
            else { return ShopifyRESTResponses.notFound }
            return listCollectionProducts(collection, request: request, url: listURL)
        default:
            return ShopifyRESTResponses.notFound
        }
    }

    private func shop() -> SimulatedResponse {
        let shop = catalog.shop
        let body: JSONValue = [
            "shop": [
                "id": .integer(shop.id), "name": .string(shop.name), "email": .string(shop.email),
                "domain": .string(shop.primaryDomainHost), "currency": .string(shop.currencyCode),
                "iana_timezone": .string(shop.ianaTimezone), "myshopify_domain": .string(shop.myshopifyDomain),
                "plan_name": "basic",
            ]
        ]
        return .json(200, body.serializedBytes)
    }

    private func single(_ key: String, _ value: JSONValue, request: SimulatedRequest) -> SimulatedResponse {
        let fields = request.queryValue("fields").map(Self.fieldSet)
        let filtered = fields.map { set in value.filteringMembers { set.contains($0) } } ?? value
        return .json(200, JSONValue.object([(key, filtered)]).serializedBytes)
    }

    private static func fieldSet(_ text: String) -> Set<String> {
        Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    // MARK: Listing with cursors

    /// The validated paging of a listing request: the limit, the cursor (nil on a first page)
    /// and the filters in force (from the query, or carried by the cursor).
    private struct Listing {
        let limit: Int
        let limitGiven: Bool
        let fields: Set<String>?
        let cursor: ShopifyRESTPageInfo?
        let filters: [String: String]
    }

    private func listing(_ request: SimulatedRequest, filterNames: Set<String>) -> Result<Listing, SimulatedResponseBox> {
        if request.hasQueryParameter("page") {
            return .failure(
                SimulatedResponseBox(
                    ShopifyRESTResponses.invalidParameter(
                        "page", "page cannot be passed, the page parameter has been removed. \(Self.paginationHelp)")))
        }
        var limit = 50
        if let text = request.queryValue("limit") {
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), (1...250).contains(value) else {
                return .failure(SimulatedResponseBox(ShopifyRESTResponses.invalidParameter("limit", "Invalid value.")))
            }
            limit = value
        }
        let fields = request.queryValue("fields").map(Self.fieldSet)
        if let raw = request.queryValue("page_info") {
            if let extra = request.query.first(where: { !["limit", "fields", "page_info"].contains($0.name) }) {
                return .failure(
                    SimulatedResponseBox(
                        ShopifyRESTResponses.invalidParameter(
                            extra.name, "\(extra.name) cannot be passed when page_info is present. \(Self.paginationHelp)")))
            }
            guard let cursor = ShopifyRESTPageInfo(encoded: raw) else {
                return .failure(SimulatedResponseBox(ShopifyRESTResponses.invalidParameter("page_info", "Invalid value.")))
            }
            return .success(
                Listing(limit: limit, limitGiven: request.hasQueryParameter("limit"), fields: fields, cursor: cursor, filters: cursor.filters))
        }
        var filters: [String: String] = [:]
        for item in request.query where filterNames.contains(item.name) && filters[item.name] == nil { filters[item.name] = item.value }
        return .success(Listing(limit: limit, limitGiven: request.hasQueryParameter("limit"), fields: fields, cursor: nil, filters: filters))
    }

    /// The page's JSON under `key`, with `Link` built from the request's URL.
    private func respond<Item>(
        _ page: ShopifyRESTPage<Item>, key: String, listing: Listing, url: String, encode: (Item) -> JSONValue
    ) -> SimulatedResponse {
        let values = page.items.map { item in
            let value = encode(item)
            return listing.fields.map { set in value.filteringMembers { set.contains($0) } } ?? value
        }
        var links: [String] = []
        func link(_ cursor: ShopifyRESTPageInfo, rel: String) -> String {
            var items: [(name: String, value: String)] = []
            if listing.limitGiven { items.append(("limit", String(listing.limit))) }
            if let fields = listing.fields { items.append(("fields", fields.sorted().joined(separator: ","))) }
            items.append(("page_info", cursor.encoded))
            return "<\(url)?\(QueryString.serialize(items))>; rel=\"\(rel)\""
        }
        if let previous = page.previous { links.append(link(previous, rel: "previous")) }
        if let next = page.next { links.append(link(next, rel: "next")) }
        let headers = links.isEmpty ? [] : [("Link", links.joined(separator: ", "))]
        return .json(200, JSONValue.object([(key, .array(values))]).serializedBytes, headers: headers)
    }

    // MARK: Products

    private static let productFilters: Set<String> = [
        "ids", "since_id", "title", "vendor", "handle", "product_type", "collection_id", "status", "published_status",
        "created_at_min", "created_at_max", "updated_at_min", "updated_at_max",
    ]

    private func products(filteredBy filters: [String: String]) -> [ShopifyProduct] {
        func list(_ name: String) -> [String]? {
            filters[name].map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        }
        let ids = list("ids").map { Set($0.compactMap(Int.init)) }
        let sinceID = filters["since_id"].flatMap(Int.init)
        let statuses = list("status").map { Set($0.map { $0.lowercased() }) }
        let handles = list("handle").map(Set.init)
        let members = filters["collection_id"].map { text in Set(Int(text).flatMap(store.collection(id:))?.productIDs ?? []) }
        let title = filters["title"].map(TextFolding.fold)
        let published = filters["published_status"]
        func time(_ name: String) -> Int? { filters[name].flatMap { ISOTimestamp.unixTime(fromUTCString: $0) } }
        let (createdMin, createdMax, updatedMin, updatedMax) = (
            time("created_at_min"), time("created_at_max"), time("updated_at_min"), time("updated_at_max")
        )
        return catalog.products.filter { product in
            if let ids, !ids.contains(product.id) { return false }
            if let sinceID, product.id <= sinceID { return false }
            if let statuses, !statuses.contains(product.status.rawValue.lowercased()) { return false }
            if let handles, !handles.contains(product.handle) { return false }
            if let members, !members.contains(product.id) { return false }
            if let title, !TextFolding.fold(product.title).contains(title) { return false }
            if let vendor = filters["vendor"], product.vendor != vendor { return false }
            if let type = filters["product_type"], product.productType != type { return false }
            if published == "published", product.onlineStoreUrl == nil { return false }
            if published == "unpublished", product.onlineStoreUrl != nil { return false }
            let created = ISOTimestamp.unixTime(fromUTCString: product.createdAt) ?? 0
            let updated = ISOTimestamp.unixTime(fromUTCString: product.updatedAt) ?? 0
            if let createdMin, created < createdMin { return false }
            if let createdMax, created > createdMax { return false }
            if let updatedMin, updated < updatedMin { return false }
            if let updatedMax, updated > updatedMax { return false }
            return true
        }
    }

    private func listProducts(_ request: SimulatedRequest, url: String) -> SimulatedResponse {
        let listing: Listing
        switch self.listing(request, filterNames: Self.productFilters) {
        case .success(let value): listing = value
        case .failure(let box): return box.response
        }
        let ordered = products(filteredBy: listing.filters).map { ($0, $0.id, SortPosition.Value.number($0.id), String($0.id)) }
        let page = ShopifyRESTPage(ordered, limit: listing.limit, cursor: listing.cursor, kind: .number, descending: false, filters: listing.filters)
        return respond(page, key: "products", listing: listing, url: url) { ShopifyRESTResponses.product($0) }
    }

    private func countProducts(_ request: SimulatedRequest) -> SimulatedResponse {
        var filters: [String: String] = [:]
        for item in request.query where Self.productFilters.contains(item.name) && filters[item.name] == nil { filters[item.name] = item.value }
        return .json(200, JSONValue.object([("count", .integer(products(filteredBy: filters).count))]).serializedBytes)
    }

    private func listCollectionProducts(_ collection: ShopifyCollection, request: SimulatedRequest, url: String) -> SimulatedResponse {
        let listing: Listing
        switch self.listing(request, filterNames: []) {
        case .success(let value): listing = value
        case .failure(let box): return box.response
        }
        let ordered = catalog.products(in: collection).enumerated().map { ($1, $1.id, SortPosition.Value.number($0 + 1), String($0 + 1)) }
        let page = ShopifyRESTPage(ordered, limit: listing.limit, cursor: listing.cursor, kind: .number, descending: false, filters: listing.filters)
        return respond(page, key: "products", listing: listing, url: url) { ShopifyRESTResponses.product($0, withVariants: false) }
    }

    // MARK: Collections

    private func listCollections(_ request: SimulatedRequest, url: String, smart: Bool) -> SimulatedResponse {
        let listing: Listing
        switch self.listing(request, filterNames: ["ids", "since_id", "title", "handle", "product_id"]) {
        case .success(let value): listing = value
        case .failure(let box): return box.response
        }
        let filters = listing.filters
        let ids = filters["ids"].map { Set($0.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }) }
        let sinceID = filters["since_id"].flatMap(Int.init)
        let productID = filters["product_id"].flatMap(Int.init)
        let collections = catalog.collections.filter { collection in
            guard collection.isSmart == smart else { return false }
            if let ids, !ids.contains(collection.id) { return false }
            if let sinceID, collection.id <= sinceID { return false }
            if let title = filters["title"], collection.title != title { return false }
            if let handle = filters["handle"], collection.handle != handle { return false }
            if let productID, !collection.productIDs.contains(productID) { return false }
            return true
        }
        let ordered = collections.map { ($0, $0.id, SortPosition.Value.number($0.id), String($0.id)) }
        let page = ShopifyRESTPage(ordered, limit: listing.limit, cursor: listing.cursor, kind: .number, descending: false, filters: listing.filters)
        return respond(page, key: smart ? "smart_collections" : "custom_collections", listing: listing, url: url) {
            ShopifyRESTResponses.collection($0)
        }
    }

    // MARK: Customers

    private func listCustomers(_ request: SimulatedRequest, url: String, search: Bool) -> SimulatedResponse {
        let listing: Listing
        switch self.listing(request, filterNames: search ? ["query", "order"] : ["ids", "since_id"]) {
        case .success(let value): listing = value
        case .failure(let box): return box.response
        }
        let directory = customerBook.snapshot
        var customers = directory.customers
        var orderField = "id"
        var descending = false
        if search {
            let compiled = CustomerSearch.compile(listing.filters["query"] ?? "")
            customers = zip(directory.customers, directory.documents).filter { CustomerSearch.matches(compiled, $1) }.map(\.0)
            let order = (listing.filters["order"] ?? "last_order_date DESC").split(separator: " ").map(String.init)
            orderField = order.first ?? "last_order_date"
            descending = (order.count > 1 ? order[1] : "ASC").uppercased() == "DESC"
        } else {
            let ids = listing.filters["ids"].map { Set($0.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }) }
            let sinceID = listing.filters["since_id"].flatMap(Int.init)
            customers = customers.filter { (ids?.contains($0.id) ?? true) && $0.id > (sinceID ?? Int.min) }
        }
        let kind: SortValueKind = ["orders_count", "total_spent", "id"].contains(orderField) ? .number : .text
        let ordered = customers.map { customer -> (ShopifyCustomer, Int, SortPosition.Value, String) in
            switch orderField {
            case "orders_count": return (customer, customer.id, .number(customer.numberOfOrders), String(customer.numberOfOrders))
            case "total_spent": return (customer, customer.id, .number(customer.amountSpent.cents), String(customer.amountSpent.cents))
            case "created_at": return (customer, customer.id, .text(customer.createdAt.lowercased()), customer.createdAt)
            case "updated_at": return (customer, customer.id, .text(customer.updatedAt.lowercased()), customer.updatedAt)
            case "id": return (customer, customer.id, .number(customer.id), String(customer.id))
            default:
                let last = customer.lastOrder?.createdAt ?? ""
                return (customer, customer.id, .text(last.lowercased()), last)
            }
        }.sorted { a, b in
            let (first, second) = (SortPosition(value: a.2, id: a.1), SortPosition(value: b.2, id: b.1))
            return descending ? second.isBefore(first) : first.isBefore(second)
        }
        let page = ShopifyRESTPage(
            ordered, limit: listing.limit, cursor: listing.cursor, kind: kind, descending: descending, filters: listing.filters)
        return respond(page, key: "customers", listing: listing, url: url) {
            ShopifyRESTResponses.customer($0, currency: catalog.shop.currencyCode)
        }
    }
}

/// A response carried as a `Result` failure.
struct SimulatedResponseBox: Error {
    let response: SimulatedResponse

    init(_ response: SimulatedResponse) {
        self.response = response
    }
}
