import Foundation

/// The bodies and headers the WooCommerce REST API (v3) answers with, field by field in its order.
enum WooCommerceResponses {
    /// Headers WordPress adds to every REST answer.
    static let commonHeaders = [
        ("X-Robots-Tag", "noindex"), ("X-Content-Type-Options", "nosniff"),
        ("Access-Control-Expose-Headers", "X-WP-Total, X-WP-TotalPages, Link"), ("Allow", "GET"),
    ]

    static func json(_ status: Int, _ body: JSONValue, headers: [(String, String)] = []) -> SimulatedResponse {
        SimulatedResponse(
            status: status, headers: [("Content-Type", "application/json; charset=UTF-8")] + commonHeaders + headers,
            body: body.serializedBytes
        )
    }

    /// `{"code":…,"message":…,"data":{"status":…}}`
    static func error(_ status: Int, code: String, message: String) -> SimulatedResponse {
        json(status, ["code": .string(code), "message": .string(message), "data": ["status": .integer(status)]])
    }

    static let noRoute = error(404, code: "rest_no_route", message: "No route was found matching the URL and request method.")

    // MARK: Dates

    /// `date_x` (shop local time, Europe/Paris) and `date_x_gmt`.
    static func dates(_ name: String, _ unixTime: Int?) -> [(key: String, value: JSONValue)] {
        guard let unixTime else { return [(name, .null), (name + "_gmt", .null)] }
        let local = ISOTimestamp.localString(fromUnixTime: unixTime, offsetSeconds: ISOTimestamp.parisOffset(atUnixTime: unixTime))
        let gmt = ISOTimestamp.localString(fromUnixTime: unixTime, offsetSeconds: 0)
        return [(name, .string(local)), (name + "_gmt", .string(gmt))]
    }

    private static func links(_ base: String, _ route: String, id: Int) -> JSONValue {
        [
            "self": [["href": .string("\(base)/wp-json/wc/v3/\(route)/\(id)")]],
            "collection": [["href": .string("\(base)/wp-json/wc/v3/\(route)")]],
        ]
    }

    private static func image(_ image: WooImage) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("id", .integer(image.id))]
        members += dates("date_created", image.dateCreated)
        members += dates("date_modified", image.dateCreated)
        members += [("src", .string(image.src)), ("name", .string(image.name)), ("alt", .string(image.alt))]
        return .object(members)
    }

    // MARK: Products

    static func product(_ product: WooProduct, store: WooCommerceStore, base: String) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .integer(product.id)), ("name", .string(product.name)), ("slug", .string(product.slug)),
            ("permalink", .string(product.permalink)),
        ]
        members += dates("date_created", product.dateCreated)
        members += dates("date_modified", product.dateModified)
        members += [
            ("type", .string(product.type)), ("status", .string(product.status.rawValue)), ("featured", .bool(product.featured)),
            ("catalog_visibility", .string(product.catalogVisibility)), ("description", .string(product.description)),
            ("short_description", .string(product.shortDescription)), ("sku", .string(product.sku)),
            ("price", .string(product.price)), ("regular_price", .string(product.regularPrice)),
            ("sale_price", .string(product.salePrice)),
            ("date_on_sale_from", .null), ("date_on_sale_from_gmt", .null), ("date_on_sale_to", .null), ("date_on_sale_to_gmt", .null),
            ("on_sale", .bool(product.onSale)), ("purchasable", .bool(!product.price.isEmpty && product.status == .publish)),
            ("total_sales", .integer(product.totalSales)), ("virtual", .bool(false)), ("downloadable", .bool(false)),
            ("downloads", []), ("download_limit", -1), ("download_expiry", -1), ("external_url", ""), ("button_text", ""),
            ("tax_status", "taxable"), ("tax_class", ""), ("manage_stock", .bool(product.manageStock)),
            ("stock_quantity", .integer(product.stockQuantity)), ("backorders", .string(product.backorders)),
            ("backorders_allowed", .bool(product.backorders != "no")),
            ("backordered", .bool(product.stockStatus == .onbackorder && (product.stockQuantity ?? 0) < 0)),
            ("low_stock_amount", .null), ("sold_individually", .bool(false)), ("weight", ""),
            ("dimensions", ["length": "", "width": "", "height": ""]), ("shipping_required", .bool(true)),
            ("shipping_taxable", .bool(true)), ("shipping_class", ""), ("shipping_class_id", 0),
            ("reviews_allowed", .bool(true)), ("average_rating", .string(product.averageRating)),
            ("rating_count", .integer(product.ratingCount)), ("upsell_ids", []), ("cross_sell_ids", []), ("parent_id", 0),
            ("purchase_note", ""),
            (
                "categories",
                .array(
                    product.categoryIDs.compactMap { id in
                        store.category(id: id).map { ["id": .integer($0.id), "name": .string($0.name), "slug": .string($0.slug)] }
                    })
            ),
            ("tags", .array(product.tags.map { ["id": .integer($0.id), "name": .string($0.name), "slug": .string($0.slug)] })),
            ("images", .array(product.images.map(image))),
            (
                "attributes",
                .array(
                    product.attributes.enumerated().map { position, attribute in
                        [
                            "id": .integer(attribute.id), "name": .string(attribute.name), "slug": .string(WordPressSlug.make(attribute.name)),
                            "position": .integer(position), "visible": true, "variation": true,
                            "options": .array(attribute.options.map(JSONValue.string)),
                        ]
                    })
            ),
            ("default_attributes", []), ("variations", .array(product.variationIDs.map(JSONValue.integer))),
            ("grouped_products", []), ("menu_order", .integer(product.menuOrder)),
            ("price_html", .string(priceHTML(product, currency: store.currency))), ("related_ids", []), ("meta_data", []),
            ("stock_status", .string(product.stockStatus.rawValue)), ("has_options", .bool(product.type == "variable")),
            ("post_password", ""), ("_links", links(base, "products", id: product.id)),
        ]
        return .object(members)
    }

    private static func priceHTML(_ product: WooProduct, currency: String) -> String {
        guard !product.price.isEmpty else { return "" }
        let symbol = currency == "EUR" ? "&euro;" : currency
        func amount(_ text: String) -> String {
            let cents = Int(((Double(text) ?? 0) * 100).rounded())
            let money = ShopifyMoney(cents: cents).moneyString.replacingOccurrences(of: ".", with: ",")
            return
                "<span class=\"woocommerce-Price-amount amount\"><bdi>\(money)&nbsp;<span class=\"woocommerce-Price-currencySymbol\">\(symbol)</span></bdi></span>"
        }
        if product.type == "variable" { return "À partir de " + amount(product.price) }
        if product.onSale { return "<del aria-hidden=\"true\">\(amount(product.regularPrice))</del> <ins>\(amount(product.salePrice))</ins>" }
        return amount(product.price)
    }

    // MARK: Categories

    static func category(_ category: WooCategory, base: String) -> JSONValue {
        [
            "id": .integer(category.id), "name": .string(category.name), "slug": .string(category.slug),
            "parent": .integer(category.parent), "description": .string(category.description), "display": "default",
            "image": category.image.map(image) ?? .null, "menu_order": .integer(category.menuOrder),
            "count": .integer(category.count),
            "_links": [
                "self": [["href": .string("\(base)/wp-json/wc/v3/products/categories/\(category.id)")]],
                "collection": [["href": .string("\(base)/wp-json/wc/v3/products/categories")]],
            ],
        ]
    }

    // MARK: Customers and orders

    private static func address(_ address: WooAddress, withEmail: Bool) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("first_name", .string(address.firstName)), ("last_name", .string(address.lastName)),
            ("company", .string(address.company)), ("address_1", .string(address.address1)), ("address_2", ""),
            ("city", .string(address.city)), ("postcode", .string(address.postcode)), ("country", .string(address.country)),
            ("state", ""),
        ]
        if withEmail { members.append(("email", .string(address.email))) }
        members.append(("phone", .string(address.phone)))
        return .object(members)
    }

    /// A stable 32-hex-digit stand-in for the email's Gravatar hash.
    private static func avatarHash(_ email: String) -> String {
        var random = SeededGenerator(seed: email.lowercased().utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 })
        return (0..<4).map { _ in
            let hex = String(random.next() & 0xFFFF_FFFF, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex
        }.joined()
    }

    static func customer(_ customer: WooCustomer, isPaying: Bool, base: String) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("id", .integer(customer.id))]
        members += dates("date_created", customer.dateCreated)
        members += dates("date_modified", customer.dateModified)
        members += [
            ("email", .string(customer.email)), ("first_name", .string(customer.firstName)),
            ("last_name", .string(customer.lastName)), ("role", "customer"), ("username", .string(customer.username)),
            ("billing", address(customer.billing, withEmail: true)), ("shipping", address(customer.shipping, withEmail: false)),
            ("is_paying_customer", .bool(isPaying)),
            ("avatar_url", .string("https://secure.gravatar.com/avatar/\(avatarHash(customer.email))?s=96&d=mm&r=g")),
            ("meta_data", []), ("_links", links(base, "customers", id: customer.id)),
        ]
        return .object(members)
    }

    private static func money(_ cents: Int) -> JSONValue { .string(ShopifyMoney(cents: cents).moneyString) }

    static func order(_ order: WooOrder, siteURL: String, base: String) -> JSONValue {
        let paid = ["completed", "processing", "refunded"].contains(order.status)
        let key = "wc_order_\(String(order.id * 7919, radix: 36))"
        var members: [(key: String, value: JSONValue)] = [
            ("id", .integer(order.id)), ("parent_id", 0), ("status", .string(order.status)), ("currency", .string(order.currency)),
            ("version", "9.4.2"), ("prices_include_tax", true),
        ]
        members += dates("date_created", order.dateCreated)
        members += dates("date_modified", order.dateModified)
        members += [
            ("discount_total", "0.00"), ("discount_tax", "0.00"), ("shipping_total", money(order.shippingCents)),
            ("shipping_tax", "0.00"), ("cart_tax", "0.00"), ("total", money(order.totalCents)), ("total_tax", "0.00"),
            ("customer_id", .integer(order.customerID)), ("order_key", .string(key)),
            ("billing", address(order.billing, withEmail: true)), ("shipping", address(order.shipping, withEmail: false)),
            ("payment_method", .string(order.paymentMethod)), ("payment_method_title", .string(order.paymentMethodTitle)),
            ("transaction_id", ""), ("customer_ip_address", ""), ("customer_user_agent", ""), ("created_via", "checkout"),
            ("customer_note", ""),
        ]
        members += dates("date_completed", order.status == "completed" ? order.dateModified : nil)
        members += dates("date_paid", paid ? order.dateCreated + 60 : nil)
        members += [
            ("cart_hash", ""), ("number", .string(order.number)), ("meta_data", []),
            (
                "line_items",
                .array(
                    order.lineItems.map { item in
                        [
                            "id": .integer(item.id), "name": .string(item.name), "product_id": .integer(item.productID), "variation_id": 0,
                            "quantity": .integer(item.quantity), "tax_class": "", "subtotal": money(item.totalCents), "subtotal_tax": "0.00",
                            "total": money(item.totalCents), "total_tax": "0.00", "taxes": [], "meta_data": [], "sku": .string(item.sku),
                            "price": .number(Double(item.unitCents) / 100), "image": ["id": "", "src": ""], "parent_name": nil,
                        ]
                    })
            ),
            ("tax_lines", []), ("shipping_lines", []), ("fee_lines", []), ("coupon_lines", []), ("refunds", []),
            ("payment_url", .string("\(siteURL)/commande/order-pay/\(order.id)/?pay_for_order=true&key=\(key)")),
            ("is_editable", .bool(order.status == "pending")),
            ("needs_payment", .bool(order.status == "pending" || order.status == "failed")),
            ("needs_processing", true), ("currency_symbol", .string(order.currency == "EUR" ? "€" : order.currency)),
            ("_links", links(base, "orders", id: order.id)),
        ]
        return .object(members)
    }
}
