import Foundation
import GraphQL

/// Customer, order and mutation types: `customers`, `customer(id:)`, `customersCount` and
/// `tagsAdd`.
extension ShopifySchemaBuilder {
    func makeCustomerTypes() throws {
        let registry = self.registry
        let (dateTime, unsignedInt64) = (dateTime, unsignedInt64)
        let address = FieldFactory<ShopifyAddress>()
        _ = registry.register(
            try GraphQLObjectType(
                name: "MailingAddress",
                fields: [
                    "id": address(required(GraphQLID)) { $0.gid },
                    "firstName": address(GraphQLString) { $0.firstName },
                    "lastName": address(GraphQLString) { $0.lastName },
                    "name": address(GraphQLString) { address in
                        let name = [address.firstName, address.lastName].compactMap { $0 }.joined(separator: " ")
                        return name.isEmpty ? nil : name
                    },
                    "company": address(GraphQLString) { $0.company },
                    "address1": address(GraphQLString) { $0.address1 },
                    "city": address(GraphQLString) { $0.city },
                    "zip": address(GraphQLString) { $0.zip },
                    "country": address(GraphQLString) { $0.country },
                    "countryCodeV2": address(GraphQLString) { $0.countryCode },
                    "phone": address(GraphQLString) { $0.phone },
                    "formatted": address(requiredList(GraphQLString)) { address in
                        [address.company, address.address1, "\(address.zip) \(address.city)", address.country].compactMap { $0 }
                    },
                ]))
        let bag = FieldFactory<MoneyValue>()
        _ = registry.register(
            try GraphQLObjectType(
                name: "MoneyBag",
                fields: [
                    "shopMoney": bag(required(try registry("MoneyV2"))) { $0 },
                    "presentmentMoney": bag(required(try registry("MoneyV2"))) { $0 },
                ]))
        let order = FieldFactory<ShopifyOrder>()
        let (financialStatus, fulfillmentStatus, node) = (financialStatus, fulfillmentStatus, nodeInterface)
        _ = registry.register(
            try GraphQLObjectType(
                name: "Order",
                fields: {
                    [
                        "id": order(required(GraphQLID)) { $0.gid },
                        "legacyResourceId": order(required(unsignedInt64)) { String($0.id) },
                        "name": order(required(GraphQLString)) { $0.name },
                        "createdAt": order(required(dateTime)) { $0.createdAt },
                        "processedAt": order(required(dateTime)) { $0.createdAt },
                        "displayFinancialStatus": order(financialStatus) { $0.financialStatus },
                        "displayFulfillmentStatus": order(required(fulfillmentStatus)) { $0.fulfillmentStatus },
                        "totalPriceSet": order.resolving(required(try registry("MoneyBag"))) { order, _, context, _ in
                            MoneyValue(amount: order.totalPrice, currencyCode: context.store.catalog.shop.currencyCode)
                        },
                        "customer": order.resolving(try registry("Customer")) { order, _, context, _ in
                            context.customers.customer(id: order.customerID)
                        },
                    ]
                }, interfaces: { [node] }))
        try makeConnection(name: "Order", node: ShopifyOrder.self)

        let customer = FieldFactory<ShopifyCustomer>()
        let (customerState, orderSortKeys, paging) = (customerState, orderSortKeys, pagingArguments)
        _ = registry.register(
            try GraphQLObjectType(
                name: "Customer",
                fields: {
                    [
                        "id": customer(required(GraphQLID)) { $0.gid },
                        "legacyResourceId": customer(required(unsignedInt64)) { String($0.id) },
                        "displayName": customer(required(GraphQLString)) { $0.displayName },
                        "firstName": customer(GraphQLString) { $0.firstName },
                        "lastName": customer(GraphQLString) { $0.lastName },
                        "email": customer(GraphQLString) { $0.email },
                        "phone": customer(GraphQLString) { $0.phone },
                        "numberOfOrders": customer(required(unsignedInt64)) { String($0.numberOfOrders) },
                        "amountSpent": customer.resolving(required(try registry("MoneyV2"))) { customer, _, context, _ in
                            MoneyValue(amount: customer.amountSpent, currencyCode: context.store.catalog.shop.currencyCode)
                        },
                        "tags": customer(requiredList(GraphQLString)) { $0.tags },
                        "note": customer(GraphQLString) { $0.note },
                        "state": customer(required(customerState)) { $0.state },
                        "verifiedEmail": customer(required(GraphQLBoolean)) { $0.verifiedEmail },
                        "createdAt": customer(required(dateTime)) { $0.createdAt },
                        "updatedAt": customer(required(dateTime)) { $0.updatedAt },
                        "lastOrder": customer(try registry("Order")) { $0.lastOrder },
                        "defaultAddress": customer(try registry("MailingAddress")) { $0.defaultAddress },
                        "addresses": customer.resolving(
                            requiredList(try registry("MailingAddress")), args: ["first": GraphQLArgument(type: GraphQLInt)]
                        ) { customer, arguments, _, _ in
                            let all = customer.defaultAddress.map { [$0] } ?? []
                            return Array(all.prefix(max(0, arguments["first"].int ?? all.count)))
                        },
                        "orders": customer.resolving(
                            required(try registry("OrderConnection")),
                            args: paging(["sortKey": GraphQLArgument(type: orderSortKeys, defaultValue: "ID")])
                        ) { customer, arguments, _, info in
                            let request = try PageRequest(arguments: arguments, info: info)
                            let sortKey = arguments["sortKey"].string ?? "ID"
                            let kind: SortValueKind = ["CREATED_AT", "PROCESSED_AT", "UPDATED_AT"].contains(sortKey) ? .text : .number
                            let items = customer.orders.map { order -> OrderedItem<ShopifyOrder> in
                                switch sortKey {
                                case "CREATED_AT", "PROCESSED_AT", "UPDATED_AT":
                                    return OrderedItem(
                                        value: .text(order.createdAt.lowercased()), cursorValue: order.createdAt, id: order.id, node: order)
                                case "TOTAL_PRICE":
                                    return OrderedItem(
                                        value: .number(order.totalPrice.cents), cursorValue: String(order.totalPrice.cents), id: order.id, node: order
                                    )
                                default:
                                    return OrderedItem(value: .number(order.id), cursorValue: String(order.id), id: order.id, node: order)
                                }
                            }.sorted { $0.position.isBefore($1.position) }
                            return try request.slice(items, kind: kind, info: info)
                        },
                    ]
                }, interfaces: { [node] }))
        try makeConnection(name: "Customer", node: ShopifyCustomer.self)

        let userError = FieldFactory<UserErrorValue>()
        _ = registry.register(
            try GraphQLObjectType(
                name: "UserError",
                fields: [
                    "field": userError(GraphQLList(GraphQLNonNull(GraphQLString))) { $0.field },
                    "message": userError(required(GraphQLString)) { $0.message },
                ]))
        let payload = FieldFactory<TagsAddPayloadValue>()
        _ = registry.register(
            try GraphQLObjectType(
                name: "TagsAddPayload",
                fields: [
                    "node": payload(node) { $0.node },
                    "userErrors": payload(requiredList(try registry("UserError"))) { $0.userErrors },
                ]))
    }

    /// `customers`, `customer(id:)` and `customersCount` on the query root.
    func customerQueryFields() throws -> GraphQLFieldMap {
        let root = FieldFactory<ShopifyRoot>()
        return [
            "customers": root.resolving(
                required(try registry("CustomerConnection")),
                args: pagingArguments([
                    "sortKey": GraphQLArgument(type: customerSortKeys, defaultValue: "ID"),
                    "query": GraphQLArgument(type: GraphQLString),
                ])
            ) { _, arguments, context, info in
                let request = try PageRequest(arguments: arguments, info: info)
                let search = arguments["query"].string.map(CustomerSearch.compile)
                if let search { context.searchLog.record(search, info: info) }
                let (items, kind) = context.customers.customers(matching: search, sortKey: arguments["sortKey"].string ?? "ID")
                return try request.slice(items, kind: kind, info: info)
            },
            "customer": root.resolving(try registry("Customer"), args: ["id": GraphQLArgument(type: required(GraphQLID))]) {
                _, arguments, context, info in
                try GlobalID.numericID(arguments["id"].string, kind: "Customer", info: info).flatMap(context.customers.customer(id:))
            },
            "customersCount": root.resolving(
                try registry("Count"),
                args: [
                    "query": GraphQLArgument(type: GraphQLString),
                    "limit": GraphQLArgument(type: GraphQLInt, defaultValue: 10_000),
                ]
            ) { _, arguments, context, info in
                let search = arguments["query"].string.map(CustomerSearch.compile)
                if let search { context.searchLog.record(search, info: info) }
                let total = context.customers.customers(matching: search, sortKey: "ID").items.count
                return cappedCount(total, limit: arguments["limit"].int)
            },
        ]
    }

    /// The mutation root: `tagsAdd`, on customers.
    func makeMutationRoot() throws -> GraphQLObjectType {
        let root = FieldFactory<ShopifyRoot>()
        return registry.register(
            try GraphQLObjectType(
                name: "Mutation",
                fields: [
                    "tagsAdd": root.resolving(
                        try registry("TagsAddPayload"),
                        args: ["id": GraphQLArgument(type: required(GraphQLID)), "tags": GraphQLArgument(type: requiredList(GraphQLString))]
                    ) { _, arguments, context, info in
                        let tags = arguments["tags"].array?.compactMap(\.string) ?? []
                        let raw = arguments["id"].string ?? ""
                        let parts = raw.split(separator: "/", omittingEmptySubsequences: false)
                        guard raw.hasPrefix("gid://"), parts.count >= 5, let number = Int(parts[4].prefix { $0 != "?" }) else {
                            throw GraphQLError(
                                message: "Invalid global id '\(raw)'", nodes: info.fieldASTs, path: info.path,
                                extensions: ["code": "argumentLiteralsIncompatible", "typeName": "CoercionError"]
                            )
                        }
                        guard parts[3] == "Customer" else {
                            return TagsAddPayloadValue(
                                node: nil,
                                userErrors: [
                                    UserErrorValue(field: ["id"], message: "The sandbox adds tags to customers only (got a \(parts[3]) id).")
                                ])
                        }
                        switch context.customerBook.addTags(tags, toCustomer: number, at: Int(Date().timeIntervalSince1970)) {
                        case .success(let customer):
                            return TagsAddPayloadValue(node: customer, userErrors: [])
                        case .failure(.customerNotFound):
                            return TagsAddPayloadValue(node: nil, userErrors: [UserErrorValue(field: ["id"], message: "Customer does not exist")])
                        case .failure(.tagTooLong):
                            return TagsAddPayloadValue(
                                node: nil,
                                userErrors: [
                                    UserErrorValue(field: ["tags"], message: "Tags is invalid: each tag must be 255 characters or fewer")
                                ])
                        }
                    }
                ]))
    }
}

/// A `UserError` of a mutation payload.
struct UserErrorValue: Sendable {
    let field: [String]?
    let message: String
}

/// `TagsAddPayload`: the tagged resource, or the reasons it was not tagged.
struct TagsAddPayloadValue: Sendable {
    let node: ShopifyCustomer?
    let userErrors: [UserErrorValue]
}
