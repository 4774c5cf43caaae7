import Foundation

/// The resources of Shopify Admin REST (2024-01 shapes): snake_case keys, numeric ids,
/// timestamps in the shop's time zone with their offset, tags as one comma-separated string.
enum ShopifyRESTResponses {
    static let notFound = SimulatedResponse.json(404, #"{"errors":"Not Found"}"#)
    static let unauthorized = SimulatedResponse.json(
        401, #"{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}"#)
    static let throttledBody = #"{"errors":"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."}"#

    /// `{"errors":{"<name>":"<message>"}}` with status 400.
    static func invalidParameter(_ name: String, _ message: String) -> SimulatedResponse {
        .json(400, JSONValue.object([("errors", .object([(name, .string(message))]))]).serializedBytes)
    }

    /// The shop's local time with its offset (Europe/Paris).
    static func time(_ utc: String) -> JSONValue {
        guard let unix = ISOTimestamp.unixTime(fromUTCString: utc) else { return .string(utc) }
        return .string(ISOTimestamp.offsetString(fromUnixTime: unix, offsetSeconds: ISOTimestamp.parisOffset(atUnixTime: unix)))
    }

    private static func shifted(_ utc: String, by seconds: Int) -> String {
        ISOTimestamp.unixTime(fromUTCString: utc).map { ISOTimestamp.string(fromUnixTime: $0 + seconds) } ?? utc
    }

    static func tags(_ tags: [String]) -> JSONValue { .string(tags.joined(separator: ", ")) }

    private static func image(_ image: ShopifyImage, position: Int, product: ShopifyProduct) -> JSONValue {
        [
            "id": .integer(image.id), "alt": .string(image.altText), "position": .integer(position),
            "product_id": .integer(product.id), "created_at": time(product.createdAt), "updated_at": time(product.updatedAt),
            "admin_graphql_api_id": .string(image.gid), "width": .integer(image.width), "height": .integer(image.height),
            "src": .string(image.url), "variant_ids": [],
        ]
    }

    /// A product; `withVariants: false` is the shape of `collections/{id}/products.json`.
    static func product(_ product: ShopifyProduct, withVariants: Bool = true) -> JSONValue {
        let published = product.onlineStoreUrl != nil
        var members: [(key: String, value: JSONValue)] = [
            ("id", .integer(product.id)), ("title", .string(product.title)), ("body_html", .string(product.descriptionHtml)),
            ("vendor", .string(product.vendor)), ("product_type", .string(product.productType)),
            ("created_at", time(product.createdAt)), ("handle", .string(product.handle)), ("updated_at", time(product.updatedAt)),
            ("published_at", published ? time(shifted(product.createdAt, by: 3600)) : .null), ("template_suffix", nil),
            ("published_scope", "web"), ("tags", tags(product.tags)), ("status", .string(product.status.rawValue.lowercased())),
            ("admin_graphql_api_id", .string(product.gid)),
        ]
        let options = product.options
        if withVariants {
            members.append(
                (
                    "variants",
                    .array(
                        product.variants.map { variant in
                            let values = variant.title.components(separatedBy: " / ")
                            func option(_ index: Int) -> JSONValue { index < values.count ? .string(values[index]) : .null }
                            return [
                                "id": .integer(variant.id), "product_id": .integer(product.id), "title": .string(variant.title),
                                "price": .string(variant.price.moneyString), "position": .integer(variant.position),
                                "inventory_policy": .string(variant.inventoryPolicy.rawValue.lowercased()),
                                "compare_at_price": .string(variant.compareAtPrice?.moneyString), "option1": option(0), "option2": option(1),
                                "option3": option(2), "created_at": time(product.createdAt), "updated_at": time(product.updatedAt),
                                "taxable": true, "barcode": nil, "fulfillment_service": "manual", "grams": 0,
                                "inventory_management": "shopify", "requires_shipping": true, "sku": .string(variant.sku), "weight": .number(0),
                                "weight_unit": "kg", "inventory_item_id": .integer(variant.id + 3_000_000_000),
                                "inventory_quantity": .integer(variant.inventoryQuantity),
                                "old_inventory_quantity": .integer(variant.inventoryQuantity),
                                "admin_graphql_api_id": .string(variant.gid), "image_id": nil,
                            ]
                        })
                ))
        }
        members.append(
            (
                "options",
                .array(
                    options.enumerated().map { position, option in
                        [
                            "id": .integer(product.id * 10 + position + 1), "product_id": .integer(product.id), "name": .string(option.name),
                            "position": .integer(position + 1), "values": .array(option.values.map(JSONValue.string)),
                        ]
                    })
            ))
        members.append(("images", .array(product.images.enumerated().map { image($1, position: $0 + 1, product: product) })))
        members.append(("image", product.featuredImage.map { image($0, position: 1, product: product) } ?? .null))
        return .object(members)
    }

    static func collection(_ collection: ShopifyCollection) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .integer(collection.id)), ("handle", .string(collection.handle)), ("title", .string(collection.title)),
            ("updated_at", time(collection.updatedAt)), ("body_html", .string(collection.descriptionHtml)),
            ("published_at", time(shifted(collection.updatedAt, by: -86_400 * 30))),
            ("sort_order", .string(collection.isSmart ? "best-selling" : "manual")), ("template_suffix", nil),
        ]
        if collection.isSmart {
            members.append(("disjunctive", .bool(collection.disjunctive)))
            members.append(
                (
                    "rules",
                    .array(
                        collection.rules.map {
                            ["column": .string($0.column), "relation": .string($0.relation), "condition": .string($0.condition)]
                        })
                ))
        } else {
            members.append(("products_count", .integer(collection.productIDs.count)))
        }
        members += [("published_scope", "web"), ("admin_graphql_api_id", .string(collection.gid))]
        if let image = collection.image {
            members.append(
                (
                    "image",
                    [
                        "created_at": time(collection.updatedAt), "alt": .string(image.altText), "width": .integer(image.width),
                        "height": .integer(image.height), "src": .string(image.url),
                    ]
                ))
        }
        return .object(members)
    }

    private static func address(_ address: ShopifyAddress, customerID: Int) -> JSONValue {
        let name = [address.firstName, address.lastName].compactMap { $0 }.joined(separator: " ")
        return [
            "id": .integer(address.id), "customer_id": .integer(customerID), "first_name": .string(address.firstName),
            "last_name": .string(address.lastName), "company": .string(address.company), "address1": .string(address.address1),
            "address2": nil, "city": .string(address.city), "province": nil, "country": .string(address.country),
            "zip": .string(address.zip), "phone": .string(address.phone), "name": .string(name), "province_code": nil,
            "country_code": .string(address.countryCode), "country_name": .string(address.country), "default": true,
        ]
    }

    static func customer(_ customer: ShopifyCustomer, currency: String) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .integer(customer.id)), ("email", .string(customer.email)), ("created_at", time(customer.createdAt)),
            ("updated_at", time(customer.updatedAt)), ("first_name", .string(customer.firstName)),
            ("last_name", .string(customer.lastName)), ("orders_count", .integer(customer.numberOfOrders)),
            ("state", .string(customer.state.lowercased())), ("total_spent", .string(customer.amountSpent.moneyString)),
            ("last_order_id", .integer(customer.lastOrder?.id)), ("note", .string(customer.note)),
            ("verified_email", .bool(customer.verifiedEmail)), ("multipass_identifier", nil), ("tax_exempt", false),
            ("tags", tags(customer.tags)), ("last_order_name", .string(customer.lastOrder?.name)),
            ("currency", .string(currency)), ("phone", .string(customer.phone)),
            ("addresses", .array(customer.defaultAddress.map { [address($0, customerID: customer.id)] } ?? [])),
            ("tax_exemptions", []),
            (
                "email_marketing_consent",
                customer.email == nil
                    ? .null
                    : [
                        "state": customer.tags.contains("newsletter") ? "subscribed" : "not_subscribed",
                        "opt_in_level": "single_opt_in", "consent_updated_at": nil,
                    ]
            ),
            ("sms_marketing_consent", nil), ("admin_graphql_api_id", .string(customer.gid)),
        ]
        if let defaultAddress = customer.defaultAddress {
            members.append(("default_address", address(defaultAddress, customerID: customer.id)))
        }
        return .object(members)
    }
}
