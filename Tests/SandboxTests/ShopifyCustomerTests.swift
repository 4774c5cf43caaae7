import Foundation
import Sandbox
import Testing

private let customerFields = """
    id displayName firstName lastName email phone numberOfOrders amountSpent { amount currencyCode } tags note createdAt
    lastOrder { id name createdAt totalPriceSet { shopMoney { amount currencyCode } } } defaultAddress { city country }
    orders(first: 3) { nodes { id name createdAt } }
    """

@Suite("Shopify GraphQL: customers and tagsAdd")
struct ShopifyCustomerTests {
    let customers = sharedShopifyCustomers

    @Test func demoCustomersAreVariedAndDeterministic() {
        #expect(customers.count >= 40)
        #expect(customers.contains { $0.orders.isEmpty })
        #expect(customers.contains { $0.note != nil })
        #expect(customers.contains { !$0.tags.isEmpty })
        #expect(customers.contains { $0.email == nil })
        #expect(customers.contains { ($0.email ?? "") != ($0.email ?? "").lowercased() })
        let names = Dictionary(grouping: customers.filter { $0.firstName != nil }, by: \.displayName)
        #expect(names.values.contains { $0.count > 1 }, "two customers share a name")
        #expect(customers.map(\.id) == customers.map(\.id).sorted())
        #expect(ShopifyCustomer.demoCustomers() == customers)
    }

    @Test func emailSearchIgnoresCaseAndReportsTheUsualFields() async throws {
        let customer = try #require(customers.first { ($0.email ?? "") != ($0.email ?? "").lowercased() && $0.numberOfOrders > 3 })
        let email = try #require(customer.email)
        let answer = try await withSandbox { _, port in
            try await ask(
                port, "query($q: String) { customers(first: 1, query: $q) { nodes { \(customerFields) } } }",
                variables: ["q": "email:\(email.lowercased())"])
        }
        #expect(answer.errors.isEmpty, "\(answer.raw.prefix(300))")
        let node = try #require(answer.nodes("customers").first)
        #expect(node["id"] as? String == customer.gid)
        #expect(node["email"] as? String == email)
        #expect(node["numberOfOrders"] as? String == String(customer.numberOfOrders))
        #expect((node["amountSpent"] as? [String: Any])?["amount"] as? String == customer.amountSpent.decimalString)
        let lastOrder = try #require(node["lastOrder"] as? [String: Any])
        #expect(lastOrder["name"] as? String == customer.lastOrder?.name)
        let shopMoney = ((lastOrder["totalPriceSet"] as? [String: Any])?["shopMoney"] as? [String: Any])
        #expect(shopMoney?["currencyCode"] as? String == "EUR")
        #expect(((node["orders"] as? [String: Any])?["nodes"] as? [[String: Any]])?.count == min(3, customer.numberOfOrders))
        #expect(node["tags"] as? [String] == customer.tags)
    }

    @Test func customersWithoutOrdersHaveNoLastOrder() async throws {
        let customer = try #require(customers.first { $0.orders.isEmpty })
        let answer = try await withSandbox { _, port in
            try await ask(
                port, "query($id: ID!) { customer(id: $id) { numberOfOrders lastOrder { id } amountSpent { amount } } }",
                variables: ["id": customer.gid])
        }
        let node = try #require(answer.object("customer"))
        #expect(node["numberOfOrders"] as? String == "0")
        #expect(node["lastOrder"] is NSNull)
        #expect((node["amountSpent"] as? [String: Any])?["amount"] as? String == "0.0")
    }

    @Test func tagAndNameSearches() async throws {
        let tagged = customers.filter { $0.tags.contains("VIP") }
        let homonym = try #require(Dictionary(grouping: customers.filter { $0.firstName != nil }, by: \.displayName).first { $0.value.count > 1 })
        let (byTag, byName) = try await withSandbox { _, port in
            (
                try await ask(port, #"{ customers(first: 50, query: "tag:vip") { nodes { id } } }"#),
                try await ask(
                    port, "query($q: String) { customers(first: 50, query: $q) { nodes { id displayName } } }",
                    variables: ["q": homonym.key.lowercased()])
            )
        }
        #expect(!tagged.isEmpty)
        #expect(byTag.nodes("customers").compactMap { $0["id"] as? String } == tagged.map(\.gid))
        let found = byName.nodes("customers").compactMap { $0["id"] as? String }
        #expect(Set(homonym.value.map(\.gid)).isSubset(of: Set(found)))
    }

    @Test func walkingCustomersWithCursorsYieldsEveryoneInIDOrder() async throws {
        let (ids, pages) = try await withSandbox { _, port in
            try await walkIDs(
                port: port, field: "customers($PAGING) { nodes { id } pageInfo { hasNextPage endCursor } }", pageSize: 7, path: ["customers"])
        }
        #expect(ids == customers.map(\.gid))
        #expect(pages == (customers.count + 6) / 7)
    }

    @Test func tagsAddAddsTagsAndCostsTen() async throws {
        let customer = try #require(customers.first { !$0.tags.contains("à rappeler") })
        let mutation = """
            mutation($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id ... on Customer { tags } } userErrors { field message } } }
            """
        let (added, reread, simulatorTags) = try await withSandbox { server, port in
            let added = try await ask(port, mutation, variables: ["id": customer.gid, "tags": ["à rappeler", "vip, Fidèle"]])
            let reread = try await ask(port, "query($id: ID!) { customer(id: $id) { tags } }", variables: ["id": customer.gid])
            return (added, reread, server.shopify.customers.first { $0.id == customer.id }?.tags)
        }
        #expect(added.errors.isEmpty, "\(added.raw.prefix(300))")
        let payload = try #require(added.object("tagsAdd"))
        #expect((payload["userErrors"] as? [Any])?.isEmpty == true)
        let tags = try #require((payload["node"] as? [String: Any])?["tags"] as? [String])
        #expect(tags.contains("à rappeler"))
        #expect(tags.contains("Fidèle"))
        #expect(tags.filter { $0.lowercased() == "vip" }.count <= 1)
        #expect(reread.object("customer")?["tags"] as? [String] == tags)
        #expect(simulatorTags == tags)
        #expect(added.cost?["requestedQueryCost"] as? Int == 10)
    }

    @Test func tagsAddOnAMissingCustomerIsAUserError() async throws {
        let (missing, product, malformed) = try await withSandbox { _, port in
            (
                try await ask(
                    port, #"mutation { tagsAdd(id: "gid://shopify/Customer/1", tags: ["x"]) { node { id } userErrors { field message } } }"#),
                try await ask(
                    port, #"mutation { tagsAdd(id: "gid://shopify/Product/8000000001", tags: ["x"]) { node { id } userErrors { field message } } }"#),
                try await ask(port, #"mutation { tagsAdd(id: "42", tags: ["x"]) { node { id } userErrors { field message } } }"#)
            )
        }
        for answer in [missing, product] {
            #expect(answer.errors.isEmpty)
            let payload = try #require(answer.object("tagsAdd"))
            #expect(payload["node"] is NSNull)
            let errors = try #require(payload["userErrors"] as? [[String: Any]])
            #expect(errors.first?["field"] as? [String] == ["id"])
            #expect(errors.first?["message"] is String)
        }
        #expect(malformed.status == 200)
        #expect(malformed.firstErrorMessage == "Invalid global id '42'")
    }
}
