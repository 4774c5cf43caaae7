import GraphQL

/// The subset of the Shopify Admin GraphQL schema (2025-01 names) the simulator serves, built
/// programmatically with a resolver on every field, plus the cost model derived from it.
struct ShopifySchema: Sendable {
    let schema: GraphQLSchema
    let costModel: QueryCostModel

    /// Schema construction failures are programming errors in this file, never input errors.
    enum BuildError: Error, CustomStringConvertible {
        case missingType(String)

        var description: String {
            switch self {
            case .missingType(let name): "schema type \(name) referenced before it was built"
            }
        }
    }

    /// The schema is the same for every simulator: built once per process.
    static let shared: Result<ShopifySchema, any Error> = Result { try ShopifySchema() }

    private init() throws {
        let builder = try ShopifySchemaBuilder()
        schema = try builder.makeSchema()
        costModel = try QueryCostModel(objectTypes: builder.registry.allObjects)
    }
}

/// Named object types, so that mutually recursive types (Product ↔ Collection) can refer to
/// each other from their lazily built field maps.
final class ObjectTypeRegistry {
    private var objects: [String: GraphQLObjectType] = [:]

    func register(_ type: GraphQLObjectType) -> GraphQLObjectType {
        objects[type.name] = type
        return type
    }

    func callAsFunction(_ name: String) throws -> GraphQLObjectType {
        guard let type = objects[name] else { throw ShopifySchema.BuildError.missingType(name) }
        return type
    }

    var allObjects: [GraphQLObjectType] { Array(objects.values) }
}

/// Makes fields whose resolvers read a typed source value.
struct FieldFactory<Source: Sendable> {
    /// A field computed from the source alone.
    func callAsFunction(_ type: GraphQLOutputType, _ body: @escaping @Sendable (Source) -> (any Sendable)?) -> GraphQLField {
        GraphQLField(
            type: type,
            resolve: { source, _, _, info in
                guard let typed = source as? Source else { throw Self.unexpectedSource(info) }
                return body(typed)
            })
    }

    /// A field that needs its arguments, the request context or the resolve info.
    func resolving(
        _ type: GraphQLOutputType, args: GraphQLArgumentConfigMap = [:],
        _ body: @escaping @Sendable (Source, Map, ShopifyResolverContext, GraphQLResolveInfo) throws -> (any Sendable)?
    ) -> GraphQLField {
        GraphQLField(
            type: type, args: args,
            resolve: { source, arguments, context, info in
                guard let typed = source as? Source, let context = context as? ShopifyResolverContext else {
                    throw Self.unexpectedSource(info)
                }
                return try body(typed, arguments, context, info)
            })
    }

    private static func unexpectedSource(_ info: GraphQLResolveInfo) -> GraphQLError {
        GraphQLError(message: "Internal error resolving \(info.parentType.name).\(info.fieldName)", extensions: ["code": "INTERNAL_SERVER_ERROR"])
    }
}

func required(_ type: GraphQLNullableType) -> GraphQLNonNull { GraphQLNonNull(type) }

func requiredList(_ type: GraphQLNullableType) -> GraphQLNonNull { GraphQLNonNull(GraphQLList(GraphQLNonNull(type))) }

/// Builds every type of the schema (customer and mutation types live in
/// `ShopifySchema+Customers.swift`).
struct ShopifySchemaBuilder {
    let registry = ObjectTypeRegistry()

    // Scalars that Shopify serializes as strings.
    let dateTime: GraphQLScalarType
    let url: GraphQLScalarType
    let html: GraphQLScalarType
    let money: GraphQLScalarType
    let decimal: GraphQLScalarType
    let unsignedInt64: GraphQLScalarType

    let productStatus: GraphQLEnumType
    let productSortKeys: GraphQLEnumType
    let collectionSortKeys: GraphQLEnumType
    let productCollectionSortKeys: GraphQLEnumType
    let productVariantSortKeys: GraphQLEnumType
    let productImageSortKeys: GraphQLEnumType
    let currencyCode: GraphQLEnumType
    let countPrecision: GraphQLEnumType
    let inventoryPolicy: GraphQLEnumType
    let imageTransform: GraphQLInputObjectType
    let customerSortKeys: GraphQLEnumType
    let orderSortKeys: GraphQLEnumType
    let customerState: GraphQLEnumType
    let financialStatus: GraphQLEnumType
    let fulfillmentStatus: GraphQLEnumType
    /// `Node`: anything with a global id (customers and orders here), as `tagsAdd` returns.
    let nodeInterface: GraphQLInterfaceType

    init() throws {
        func stringScalar(_ name: String) throws -> GraphQLScalarType {
            try GraphQLScalarType(
                name: name,
                serialize: { value in
                    if let text = value as? String { return .string(text) }
                    return try map(from: value)
                })
        }
        dateTime = try stringScalar("DateTime")
        url = try stringScalar("URL")
        html = try stringScalar("HTML")
        money = try stringScalar("Money")
        decimal = try stringScalar("Decimal")
        unsignedInt64 = try stringScalar("UnsignedInt64")

        nodeInterface = try GraphQLInterfaceType(
            name: "Node", fields: ["id": GraphQLField(type: GraphQLNonNull(GraphQLID))],
            resolveType: { value, _ in
                value is ShopifyOrder ? "Order" : "Customer"
            }
        )
        func enumeration(_ name: String, _ cases: [String]) throws -> GraphQLEnumType {
            var values: GraphQLEnumValueMap = [:]
            for value in cases { values[value] = GraphQLEnumValue(value: .string(value)) }
            return try GraphQLEnumType(name: name, values: values)
        }
        productStatus = try enumeration("ProductStatus", ShopifyProductStatus.allCases.map(\.rawValue))
        productSortKeys = try enumeration(
            "ProductSortKeys",
            [
                "CREATED_AT", "ID", "INVENTORY_TOTAL", "PRODUCT_TYPE", "PUBLISHED_AT", "RELEVANCE", "TITLE", "UPDATED_AT", "VENDOR",
            ])
        collectionSortKeys = try enumeration("CollectionSortKeys", ["ID", "RELEVANCE", "TITLE", "UPDATED_AT"])
        productCollectionSortKeys = try enumeration(
            "ProductCollectionSortKeys",
            [
                "BEST_SELLING", "COLLECTION_DEFAULT", "CREATED", "ID", "MANUAL", "PRICE", "RELEVANCE", "TITLE",
            ])
        productVariantSortKeys = try enumeration("ProductVariantSortKeys", ["ID", "POSITION"])
        productImageSortKeys = try enumeration("ProductImageSortKeys", ["ID", "POSITION"])
        currencyCode = try enumeration(
            "CurrencyCode",
            [
                "AED", "AUD", "BRL", "CAD", "CHF", "CNY", "CZK", "DKK", "EUR", "GBP", "HKD", "HUF", "INR", "JPY",
                "KRW", "MXN", "NOK", "NZD", "PLN", "SEK", "SGD", "TRY", "USD", "ZAR",
            ])
        countPrecision = try enumeration("CountPrecision", ["AT_LEAST", "EXACT"])
        inventoryPolicy = try enumeration("ProductVariantInventoryPolicy", ["CONTINUE", "DENY"])
        customerSortKeys = try enumeration("CustomerSortKeys", ["CREATED_AT", "ID", "LOCATION", "NAME", "RELEVANCE", "UPDATED_AT"])
        orderSortKeys = try enumeration("OrderSortKeys", ["CREATED_AT", "ID", "PROCESSED_AT", "TOTAL_PRICE", "UPDATED_AT"])
        customerState = try enumeration("CustomerState", ["DECLINED", "DISABLED", "ENABLED", "INVITED"])
        financialStatus = try enumeration(
            "OrderDisplayFinancialStatus",
            [
                "AUTHORIZED", "EXPIRED", "PAID", "PARTIALLY_PAID", "PARTIALLY_REFUNDED", "PENDING", "REFUNDED", "VOIDED",
            ])
        fulfillmentStatus = try enumeration(
            "OrderDisplayFulfillmentStatus",
            [
                "FULFILLED", "IN_PROGRESS", "ON_HOLD", "OPEN", "PARTIALLY_FULFILLED", "PENDING_FULFILLMENT", "RESTOCKED",
                "SCHEDULED", "UNFULFILLED",
            ])
        let cropRegion = try enumeration("CropRegion", ["BOTTOM", "CENTER", "LEFT", "RIGHT", "TOP"])
        let imageContentType = try enumeration("ImageContentType", ["JPG", "PNG", "WEBP"])
        imageTransform = try GraphQLInputObjectType(
            name: "ImageTransformInput",
            fields: [
                "maxWidth": InputObjectField(type: GraphQLInt),
                "maxHeight": InputObjectField(type: GraphQLInt),
                "scale": InputObjectField(type: GraphQLInt, defaultValue: 1),
                "crop": InputObjectField(type: cropRegion),
                "preferredContentType": InputObjectField(type: imageContentType),
            ])
    }

    /// `first`, `after`, `last`, `before` and `reverse`, plus extra arguments.
    func pagingArguments(_ extra: GraphQLArgumentConfigMap = [:]) -> GraphQLArgumentConfigMap {
        var arguments: GraphQLArgumentConfigMap = [
            "first": GraphQLArgument(type: GraphQLInt),
            "after": GraphQLArgument(type: GraphQLString),
            "last": GraphQLArgument(type: GraphQLInt),
            "before": GraphQLArgument(type: GraphQLString),
            "reverse": GraphQLArgument(type: GraphQLBoolean, defaultValue: false),
        ]
        for (name, argument) in extra { arguments[name] = argument }
        return arguments
    }

    func makeSchema() throws -> GraphQLSchema {
        let registry = self.registry
        _ = try registry.register(
            GraphQLObjectType(
                name: "PageInfo",
                fields: [
                    "hasNextPage": FieldFactory<PageInfoValue>()(required(GraphQLBoolean)) { $0.hasNextPage },
                    "hasPreviousPage": FieldFactory<PageInfoValue>()(required(GraphQLBoolean)) { $0.hasPreviousPage },
                    "startCursor": FieldFactory<PageInfoValue>()(GraphQLString) { $0.startCursor },
                    "endCursor": FieldFactory<PageInfoValue>()(GraphQLString) { $0.endCursor },
                ]))
        let count = FieldFactory<CountValue>()
        _ = try registry.register(
            GraphQLObjectType(
                name: "Count",
                fields: [
                    "count": count(required(GraphQLInt)) { $0.count },
                    "precision": count(required(countPrecision)) { $0.precision },
                ]))
        let moneyV2 = FieldFactory<MoneyValue>()
        _ = try registry.register(
            GraphQLObjectType(
                name: "MoneyV2",
                fields: [
                    "amount": moneyV2(required(decimal)) { $0.amount.decimalString },
                    "currencyCode": moneyV2(required(currencyCode)) { $0.currencyCode },
                ]))
        let range = FieldFactory<PriceRangeValue>()
        _ = try registry.register(
            GraphQLObjectType(
                name: "ProductPriceRangeV2",
                fields: [
                    "minVariantPrice": range(required(registry("MoneyV2"))) { $0.low },
                    "maxVariantPrice": range(required(registry("MoneyV2"))) { $0.high },
                ]))
        _ = try registry.register(
            GraphQLObjectType(
                name: "ProductCompareAtPriceRange",
                fields: [
                    "minVariantCompareAtPrice": range(required(registry("MoneyV2"))) { $0.low },
                    "maxVariantCompareAtPrice": range(required(registry("MoneyV2"))) { $0.high },
                ]))
        try makeImageType()
        try makeConnection(name: "Image", node: ShopifyImage.self)
        try makeVariantType()
        try makeConnection(name: "ProductVariant", node: ShopifyVariant.self)
        try makeProductType()
        try makeConnection(name: "Product", node: ShopifyProduct.self)
        try makeCollectionType()
        try makeConnection(name: "Collection", node: ShopifyCollection.self)
        try makeShopTypes()
        try makeCustomerTypes()
        let queryRoot = try makeQueryRoot()
        let mutationRoot = try makeMutationRoot()
        return try GraphQLSchema(query: queryRoot, mutation: mutationRoot, types: registry.allObjects)
    }

    private func makeImageType() throws {
        let image = FieldFactory<ShopifyImage>()
        _ = registry.register(
            try GraphQLObjectType(
                name: "Image",
                fields: [
                    "id": image(GraphQLID) { $0.gid },
                    "url": image.resolving(required(url), args: ["transform": GraphQLArgument(type: imageTransform)]) { image, arguments, _, _ in
                        var parameters: [String] = []
                        if let width = arguments["transform"]["maxWidth"].int { parameters.append("width=\(width)") }
                        if let height = arguments["transform"]["maxHeight"].int { parameters.append("height=\(height)") }
                        guard !parameters.isEmpty else { return image.url }
                        return image.url + (image.url.contains("?") ? "&" : "?") + parameters.joined(separator: "&")
                    },
                    "altText": image(GraphQLString) { $0.altText },
                    "width": image(GraphQLInt) { $0.width },
                    "height": image(GraphQLInt) { $0.height },
                ]))
    }

    /// `<name>Edge` and `<name>Connection` for a node type registered under `name`.
    func makeConnection<Node: Sendable>(name: String, node _: Node.Type) throws {
        let registry = self.registry
        let edge = FieldFactory<ConnectionEdge<Node>>()
        _ = registry.register(
            try GraphQLObjectType(
                name: "\(name)Edge",
                fields: {
                    [
                        "cursor": edge(required(GraphQLString)) { $0.cursor },
                        "node": edge(required(try registry(name))) { $0.node },
                    ]
                }))
        let connection = FieldFactory<ConnectionSlice<Node>>()
        _ = registry.register(
            try GraphQLObjectType(
                name: "\(name)Connection",
                fields: {
                    [
                        "edges": connection(requiredList(try registry("\(name)Edge"))) { $0.edges },
                        "nodes": connection(requiredList(try registry(name))) { $0.nodes },
                        "pageInfo": connection(required(try registry("PageInfo"))) { $0.pageInfo },
                    ]
                }))
    }

    private func makeVariantType() throws {
        let registry = self.registry
        let variant = FieldFactory<ShopifyVariant>()
        let (money, unsignedInt64, inventoryPolicy) = (money, unsignedInt64, inventoryPolicy)
        _ = registry.register(
            try GraphQLObjectType(
                name: "ProductVariant",
                fields: {
                    [
                        "id": variant(required(GraphQLID)) { $0.gid },
                        "legacyResourceId": variant(required(unsignedInt64)) { String($0.id) },
                        "title": variant(required(GraphQLString)) { $0.title },
                        "displayName": variant.resolving(required(GraphQLString)) { variant, _, context, _ in
                            let productTitle = context.store.product(id: variant.productID)?.title ?? ""
                            return "\(productTitle) - \(variant.title)"
                        },
                        "position": variant(required(GraphQLInt)) { $0.position },
                        "sku": variant(GraphQLString) { $0.sku },
                        "price": variant(required(money)) { $0.price.moneyString },
                        "compareAtPrice": variant(money) { $0.compareAtPrice?.moneyString },
                        "inventoryQuantity": variant(GraphQLInt) { $0.inventoryQuantity },
                        "inventoryPolicy": variant(required(inventoryPolicy)) { $0.inventoryPolicy.rawValue },
                        "availableForSale": variant(required(GraphQLBoolean)) { $0.availableForSale },
                        "product": variant.resolving(required(try registry("Product"))) { variant, _, context, info in
                            guard let product = context.store.product(id: variant.productID) else {
                                throw ShopifyFieldError.make("Product not found", code: "INTERNAL_SERVER_ERROR", info: info)
                            }
                            return product
                        },
                    ]
                }))
    }

    private func makeProductType() throws {
        let registry = self.registry
        let product = FieldFactory<ShopifyProduct>()
        let paging = pagingArguments
        let (dateTime, url, html, unsignedInt64, productStatus) = (dateTime, url, html, unsignedInt64, productStatus)
        let (variantSortKeys, imageSortKeys, collectionSortKeys) = (productVariantSortKeys, productImageSortKeys, collectionSortKeys)
        _ = registry.register(
            try GraphQLObjectType(
                name: "Product",
                fields: {
                    [
                        "id": product(required(GraphQLID)) { $0.gid },
                        "legacyResourceId": product(required(unsignedInt64)) { String($0.id) },
                        "title": product(required(GraphQLString)) { $0.title },
                        "handle": product(required(GraphQLString)) { $0.handle },
                        "vendor": product(required(GraphQLString)) { $0.vendor },
                        "productType": product(required(GraphQLString)) { $0.productType },
                        "description": product.resolving(required(GraphQLString), args: ["truncateAt": GraphQLArgument(type: GraphQLInt)]) {
                            product, arguments, _, _ in
                            truncated(product.description, to: arguments["truncateAt"].int)
                        },
                        "descriptionHtml": product(required(html)) { $0.descriptionHtml },
                        "status": product(required(productStatus)) { $0.status.rawValue },
                        "onlineStoreUrl": product(url) { $0.onlineStoreUrl },
                        "totalInventory": product(required(GraphQLInt)) { $0.totalInventory },
                        "tags": product(requiredList(GraphQLString)) { $0.tags },
                        "createdAt": product(required(dateTime)) { $0.createdAt },
                        "updatedAt": product(required(dateTime)) { $0.updatedAt },
                        "featuredImage": product(try registry("Image")) { $0.featuredImage },
                        "images": product.resolving(
                            required(try registry("ImageConnection")),
                            args: paging(["sortKey": GraphQLArgument(type: imageSortKeys, defaultValue: "POSITION")])
                        ) { product, arguments, context, info in
                            let request = try PageRequest(arguments: arguments, info: info)
                            let items = context.store.images(of: product, sortKey: arguments["sortKey"].string ?? "POSITION")
                            return try request.slice(items, kind: .number, info: info)
                        },
                        "variants": product.resolving(
                            required(try registry("ProductVariantConnection")),
                            args: paging(["sortKey": GraphQLArgument(type: variantSortKeys, defaultValue: "POSITION")])
                        ) { product, arguments, context, info in
                            let request = try PageRequest(arguments: arguments, info: info)
                            let items = context.store.variants(of: product, sortKey: arguments["sortKey"].string ?? "POSITION")
                            return try request.slice(items, kind: .number, info: info)
                        },
                        "variantsCount": product(try registry("Count")) { CountValue(count: $0.variants.count, precision: "EXACT") },
                        "hasOnlyDefaultVariant": product(required(GraphQLBoolean)) {
                            $0.variants.count == 1 && $0.variants.first?.title == "Default Title"
                        },
                        "priceRangeV2": product.resolving(required(try registry("ProductPriceRangeV2"))) { product, _, context, _ in
                            let currency = context.store.catalog.shop.currencyCode
                            return PriceRangeValue(
                                low: MoneyValue(amount: product.minVariantPrice, currencyCode: currency),
                                high: MoneyValue(amount: product.maxVariantPrice, currencyCode: currency)
                            )
                        },
                        "compareAtPriceRange": product.resolving(try registry("ProductCompareAtPriceRange")) { product, _, context, _ in
                            let currency = context.store.catalog.shop.currencyCode
                            return product.compareAtPriceRange.map {
                                PriceRangeValue(
                                    low: MoneyValue(amount: $0.min, currencyCode: currency),
                                    high: MoneyValue(amount: $0.max, currencyCode: currency)
                                )
                            }
                        },
                        "collections": product.resolving(
                            required(try registry("CollectionConnection")),
                            args: paging([
                                "sortKey": GraphQLArgument(type: collectionSortKeys, defaultValue: "ID"),
                                "query": GraphQLArgument(type: GraphQLString),
                            ])
                        ) { product, arguments, context, info in
                            let request = try PageRequest(arguments: arguments, info: info)
                            let search = arguments["query"].string.map(CollectionSearch.compile)
                            if let search { context.searchLog.record(search, info: info) }
                            let (items, kind) = context.store.collections(
                                matching: search, sortKey: arguments["sortKey"].string ?? "ID",
                                only: context.store.collectionIDs(ofProduct: product.id)
                            )
                            return try request.slice(items, kind: kind, info: info)
                        },
                    ]
                }))
    }

    private func makeCollectionType() throws {
        let registry = self.registry
        let collection = FieldFactory<ShopifyCollection>()
        let paging = pagingArguments
        let (dateTime, html, unsignedInt64, sortKeys) = (dateTime, html, unsignedInt64, productCollectionSortKeys)
        _ = registry.register(
            try GraphQLObjectType(
                name: "Collection",
                fields: {
                    [
                        "id": collection(required(GraphQLID)) { $0.gid },
                        "legacyResourceId": collection(required(unsignedInt64)) { String($0.id) },
                        "title": collection(required(GraphQLString)) { $0.title },
                        "handle": collection(required(GraphQLString)) { $0.handle },
                        "description": collection.resolving(required(GraphQLString), args: ["truncateAt": GraphQLArgument(type: GraphQLInt)]) {
                            collection, arguments, _, _ in
                            truncated(collection.description, to: arguments["truncateAt"].int)
                        },
                        "descriptionHtml": collection(required(html)) { $0.descriptionHtml },
                        "updatedAt": collection(required(dateTime)) { $0.updatedAt },
                        "image": collection(try registry("Image")) { $0.image },
                        "productsCount": collection(try registry("Count")) { CountValue(count: $0.productIDs.count, precision: "EXACT") },
                        "products": collection.resolving(
                            required(try registry("ProductConnection")),
                            args: paging(["sortKey": GraphQLArgument(type: sortKeys, defaultValue: "COLLECTION_DEFAULT")])
                        ) { collection, arguments, context, info in
                            let request = try PageRequest(arguments: arguments, info: info)
                            let (items, kind) = context.store.products(in: collection, sortKey: arguments["sortKey"].string ?? "COLLECTION_DEFAULT")
                            return try request.slice(items, kind: kind, info: info, node: context.store.product(atIndex:))
                        },
                    ]
                }))
    }

    private func makeShopTypes() throws {
        let domain = FieldFactory<DomainValue>()
        _ = registry.register(
            try GraphQLObjectType(
                name: "Domain",
                fields: [
                    "id": domain(required(GraphQLID)) { "gid://shopify/Domain/\($0.id)" },
                    "url": domain(required(url)) { $0.url },
                    "host": domain(required(GraphQLString)) { $0.host },
                    "sslEnabled": domain(required(GraphQLBoolean)) { $0.url.hasPrefix("https://") },
                ]))
        let shop = FieldFactory<ShopifyShop>()
        _ = registry.register(
            try GraphQLObjectType(
                name: "Shop",
                fields: [
                    "id": shop(required(GraphQLID)) { $0.gid },
                    "name": shop(required(GraphQLString)) { $0.name },
                    "email": shop(required(GraphQLString)) { $0.email },
                    "currencyCode": shop(required(currencyCode)) { $0.currencyCode },
                    "primaryDomain": shop(required(try registry("Domain"))) {
                        DomainValue(id: $0.id % 100_000_000, url: $0.primaryDomainURL, host: $0.primaryDomainHost)
                    },
                    "myshopifyDomain": shop(required(GraphQLString)) { $0.myshopifyDomain },
                    "ianaTimezone": shop(required(GraphQLString)) { $0.ianaTimezone },
                    "url": shop(required(url)) { $0.primaryDomainURL },
                ]))
    }

    private func makeQueryRoot() throws -> GraphQLObjectType {
        let root = FieldFactory<ShopifyRoot>()
        let countArguments: GraphQLArgumentConfigMap = [
            "query": GraphQLArgument(type: GraphQLString),
            "limit": GraphQLArgument(type: GraphQLInt, defaultValue: 10_000),
        ]
        var fields: GraphQLFieldMap = [
            "products": root.resolving(
                required(try registry("ProductConnection")),
                args: pagingArguments([
                    "sortKey": GraphQLArgument(type: productSortKeys, defaultValue: "ID"),
                    "query": GraphQLArgument(type: GraphQLString),
                ])
            ) { _, arguments, context, info in
                let request = try PageRequest(arguments: arguments, info: info)
                let search = arguments["query"].string.map(ProductSearch.compile)
                if let search { context.searchLog.record(search, info: info) }
                let (items, kind) = context.store.products(matching: search, sortKey: arguments["sortKey"].string ?? "ID")
                return try request.slice(items, kind: kind, info: info, node: context.store.product(atIndex:))
            },
            "product": root.resolving(try registry("Product"), args: ["id": GraphQLArgument(type: required(GraphQLID))]) {
                _, arguments, context, info in
                try GlobalID.numericID(arguments["id"].string, kind: "Product", info: info).flatMap(context.store.product(id:))
            },
            "productsCount": root.resolving(try registry("Count"), args: countArguments) { _, arguments, context, info in
                let search = arguments["query"].string.map(ProductSearch.compile)
                if let search { context.searchLog.record(search, info: info) }
                let total = context.store.products(matching: search, sortKey: "ID").items.count
                return cappedCount(total, limit: arguments["limit"].int)
            },
            "collections": root.resolving(
                required(try registry("CollectionConnection")),
                args: pagingArguments([
                    "sortKey": GraphQLArgument(type: collectionSortKeys, defaultValue: "ID"),
                    "query": GraphQLArgument(type: GraphQLString),
                ])
            ) { _, arguments, context, info in
                let request = try PageRequest(arguments: arguments, info: info)
                let search = arguments["query"].string.map(CollectionSearch.compile)
                if let search { context.searchLog.record(search, info: info) }
                let (items, kind) = context.store.collections(matching: search, sortKey: arguments["sortKey"].string ?? "ID")
                return try request.slice(items, kind: kind, info: info)
            },
            "collection": root.resolving(try registry("Collection"), args: ["id": GraphQLArgument(type: required(GraphQLID))]) {
                _, arguments, context, info in
                try GlobalID.numericID(arguments["id"].string, kind: "Collection", info: info).flatMap(context.store.collection(id:))
            },
            "collectionsCount": root.resolving(try registry("Count"), args: countArguments) { _, arguments, context, info in
                let search = arguments["query"].string.map(CollectionSearch.compile)
                if let search { context.searchLog.record(search, info: info) }
                let total = context.store.collections(matching: search, sortKey: "ID").items.count
                return cappedCount(total, limit: arguments["limit"].int)
            },
            "shop": root.resolving(required(try registry("Shop"))) { _, _, context, _ in context.store.catalog.shop },
        ]
        for (name, field) in try customerQueryFields() { fields[name] = field }
        return registry.register(try GraphQLObjectType(name: "QueryRoot", fields: fields))
    }
}

/// Shopify's `description(truncateAt:)`: cut to the length, the ellipsis included.
private func truncated(_ text: String, to length: Int?) -> String {
    guard let length, length >= 0, text.count > length else { return text }
    guard length > 3 else { return String(text.prefix(length)) }
    return String(text.prefix(length - 3)) + "..."
}

func cappedCount(_ total: Int, limit: Int?) -> CountValue {
    if let limit, limit >= 0, total > limit { return CountValue(count: limit, precision: "AT_LEAST") }
    return CountValue(count: total, precision: "EXACT")
}

/// Shopify global ids: `gid://shopify/<Kind>/<number>`.
enum GlobalID {
    /// The number in a GID of `kind`; nil for a well-formed GID of another kind (the object is
    /// then simply not found); an error for text that is not a GID at all.
    static func numericID(_ text: String?, kind: String, info: GraphQLResolveInfo) throws -> Int? {
        let raw = text ?? ""
        let parts = raw.split(separator: "/", omittingEmptySubsequences: false)
        guard raw.hasPrefix("gid://"), parts.count >= 5, let number = Int(parts[4].prefix { $0 != "?" }) else {
            throw GraphQLError(
                message: "Invalid global id '\(raw)'", nodes: info.fieldASTs, path: info.path,
                extensions: ["code": "argumentLiteralsIncompatible", "typeName": "CoercionError"]
            )
        }
        return parts[3] == kind ? number : nil
    }
}
