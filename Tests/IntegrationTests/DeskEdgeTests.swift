import Foundation
import GatewayConfig
import Mapping
import Plugins
import Sandbox
import Server
import Testing
import Upstream

/// The edges of the contract a real Desk meets (issue 16): the seed's types, links that are whole or
/// absent, whatever the Desk sends as `emailVisitor`, long windows, and action answers the agent can
/// read. Over real sockets, against the simulators.
@Suite struct DeskEdgeTests {
    /// A link of exactly iAdvize's 1,024-character field limit, kept whole.
    static let longestLink = "https://demo-shop.example/products/long?ref=" + String(repeating: "a", count: 1024 - 44)
    static let javascriptLink = "javascript:alert(document.cookie)"

    /// The demo catalog with the edges a real shop has: a `javascript:` page, an image link over the
    /// field limit, a product without SKU or vendor, a page link of exactly the limit.
    static func edgeCatalog() throws -> (catalog: ShopifyCatalog, ids: [Int]) {
        var catalog = ShopifyCatalog.demo()
        let active = catalog.products.indices.filter { catalog.products[$0].status == .active && !catalog.products[$0].images.isEmpty }
        try #require(active.count >= 3)
        let (script, bare, longest) = (active[0], active[1], active[2])
        catalog.products[script].onlineStoreUrl = javascriptLink
        catalog.products[script].images[0].url = "https://cdn.shopify.com/s/files/" + String(repeating: "b", count: 1100) + ".jpg"
        catalog.products[bare].vendor = ""
        for index in catalog.products[bare].variants.indices { catalog.products[bare].variants[index].sku = index == 0 ? "" : nil }
        catalog.products[longest].onlineStoreUrl = longestLink
        return (catalog, [script, bare, longest].map { catalog.products[$0].id })
    }

    @Test func productsHaveTheSeedsTypesAndOnlyWholeLinks() async throws {
        let (catalog, ids) = try Self.edgeCatalog()
        var options = GatewayOptions()
        options.otherUpstreams = [ShopifySimulatorConfiguration(catalog: catalog)]
        options.otherTenants = { ports in
            """
              edge:
                websites: [ha-555]
                adapter: shopify
                upstream: http://127.0.0.1:\(ports[1])
                credentials: { accessToken: "\(ShopifySimulatorConfiguration.demoAccessToken)" }
                secret: edge-secret
            """
        }
        try await withLiveGateway(options) { gateway in
            let edge = TenantCaller(gateway: gateway, tenant: "edge", website: "ha-555", secret: "edge-secret")
            let answer = try await edge.get("products", "limit=1000")
            try #require(answer.status == 200, "\(answer.status) \(answer.text.prefix(300))")
            #expect(PluginContract.products.violations(in: answer.json).isEmpty)
            let products = try #require(answer.json.arrayValue)
            #expect(products.count == catalog.activeProducts.count)
            #expect(products.allSatisfy { if case .bool = $0["available"] { true } else { false } }, "available is always a Boolean")
            #expect(!answer.text.lowercased().contains("javascript:"))
            let byID = Dictionary(uniqueKeysWithValues: products.compactMap { product in product["id"]?.stringValue.map { ($0, product) } })
            let script = try #require(byID[String(ids[0])])
            #expect(script["productUrl"] == "", "a javascript: page is dropped")
            #expect(script["imageUrl"] == "", "an image link over 1,024 characters is dropped, not cut")
            let bare = try #require(byID[String(ids[1])])
            #expect(bare["reference"] == .null && bare["brand"] == .null, "no SKU, no vendor: null, as in the seed")
            let longest = try #require(byID[String(ids[2])])
            #expect(longest["productUrl"]?.stringValue == Self.longestLink, "a link of exactly the limit is kept whole")
            #expect(products.allSatisfy { $0["reference"] != "" && $0["brand"] != "" && $0["shortDescription"] != "" })
        }
    }

    static func customerOptions(portalId: String = "4242", wooBaseURL: String = "https://shop.example") -> GatewayOptions {
        var options = GatewayOptions()
        options.otherTenants = { ports in
            SimulatedTenants.hubSpot(port: ports[0], portalId: portalId) + "\n"
                + SimulatedTenants.wooCommerce(port: ports[0], extra: "    settings: { baseURL: \"\(wooBaseURL)\" }") + """

                      rest:
                        websites: [ha-333]
                        adapter: shopify-rest
                        upstream: http://127.0.0.1:\(ports[0])
                        credentials: { accessToken: shpat_demo_token }
                        secret: rest-secret
                        language: de
                    """
        }
        return options
    }

    @Test func aCustomerLinkIsWholeOrLeftOut() async throws {
        let hugePortal = String(repeating: "9", count: 1100)
        try await withLiveGateway(Self.customerOptions(portalId: hugePortal, wooBaseURL: Self.javascriptLink + "//")) { gateway in
            let contact = try #require(gateway.sandbox.hubSpot.data.contacts.first { $0.properties["email"] != nil })
            let crm = CustomerPluginTests.crm(gateway)
            let answer = try await crm.get("customer", "emailVisitor=\(try #require(contact.properties["email"]).urlQueryEncoded)")
            #expect(answer.status == 200, "\(answer.text)")
            let values = CustomerPluginTests.values(answer)
            #expect(values["email"] != nil, "the contact is found")
            #expect(values["profile"] == nil, "a profile link over 1,024 characters is left out, not cut")
            #expect(PluginContract.customer.violations(in: answer.json).isEmpty)

            let customer = try #require(gateway.sandbox.wooCommerce.store.customers.first)
            let woo = TenantCaller(gateway: gateway, tenant: "woo", website: "ha-222", secret: "woo-secret")
            let shop = try await woo.get("customer", "emailVisitor=\(customer.email.urlQueryEncoded)")
            #expect(CustomerPluginTests.values(shop)["email"] != nil, "\(shop.text)")
            #expect(CustomerPluginTests.values(shop)["profile"] == nil, "a javascript: link is left out")
            #expect(!shop.text.contains("javascript"))
        }
        try await withLiveGateway(Self.customerOptions()) { gateway in
            let customer = try #require(gateway.sandbox.wooCommerce.store.customers.first)
            let woo = TenantCaller(gateway: gateway, tenant: "woo", website: "ha-222", secret: "woo-secret")
            let shop = try await woo.get("customer", "emailVisitor=\(customer.email.urlQueryEncoded)")
            #expect(CustomerPluginTests.values(shop)["profile"] == "https://shop.example/wp-admin/user-edit.php?user_id=\(customer.id)")
        }
    }

    @Test func anEmailThatCannotBeAnAddressIsNotFoundWithoutAskingTheCRM() async throws {
        try await withLiveGateway(Self.customerOptions()) { gateway in
            let crm = CustomerPluginTests.crm(gateway)
            let woo = TenantCaller(gateway: gateway, tenant: "woo", website: "ha-222", secret: "woo-secret")
            let values = [
                "not-an-email", "jane%20doe%40example.com", "%3Cjane%40example.com%3E", "jane%40localhost", "jane%40example..com",
                "%40example.com", "jane%40", "j%C3%A9r%C3%B4me%40example.fr", "a%00b%40example.com", "null", "undefined",
                String(repeating: "a", count: 250) + "%40example.com", "jane%40-example.com", "%2520",
            ]
            for value in values {
                let hubSpotCalls = gateway.sandbox.hubSpot.requestCount
                let wooCalls = gateway.sandbox.wooCommerce.requestCount
                let answer = try await crm.get("customer", "emailVisitor=\(value)&operatorLocale=fr")
                #expect(answer.status == 200, "\(value): \(answer.status) \(answer.text)")
                #expect(CustomerPluginTests.values(answer)["customer"] == "Aucune fiche client ne correspond à ce visiteur", "\(value)")
                #expect(PluginContract.customer.violations(in: answer.json).isEmpty, "\(value)")
                let shop = try await woo.get("customer", "emailVisitor=\(value)&operatorLocale=en")
                #expect(shop.status == 200, "\(value): \(shop.status) \(shop.text)")
                #expect(CustomerPluginTests.values(shop)["customer"] == "No customer record matches this visitor", "\(value)")
                #expect(gateway.sandbox.hubSpot.requestCount == hubSpotCalls && gateway.sandbox.wooCommerce.requestCount == wooCalls, "\(value)")
            }
            // A locale that is not one words the panel in the tenant's language rather than refuse it.
            for locale in ["%3Cscript%3E", "fr%20FR", String(repeating: "x", count: 40)] {
                let worded = try await woo.get("customer", "emailVisitor=not-an-email&operatorLocale=\(locale)")
                #expect(worded.status == 200, "\(locale): \(worded.text)")
                #expect(CustomerPluginTests.values(worded)["customer"] == "No customer record matches this visitor", "\(locale)")
            }
            // A blank email is no email at all.
            let blank = try await crm.get("customer", "emailVisitor=%20&operatorLocale=en")
            #expect(CustomerPluginTests.values(blank)["customer"] == "The visitor has given no email or customer id")
        }
    }

    @Test func aPlusInAnAddressWorksEncodedOrNot() async throws {
        try await withLiveGateway(Self.customerOptions()) { gateway in
            let emails = gateway.sandbox.hubSpot.data.contacts.compactMap { $0.properties["email"] }
            let email = try #require(
                emails.first { email in email.contains("+") && emails.filter { $0.lowercased() == email.lowercased() }.count == 1 })
            let crm = CustomerPluginTests.crm(gateway)
            // As a browser's form encoding would send it (%2B), and with the `+` left raw.
            let encoded = email.urlQueryEncoded
            let raw = encoded.replacingOccurrences(of: "%2B", with: "+")
            #expect(encoded.contains("%2B") && raw.contains("+"))
            for query in [encoded, raw, raw.replacingOccurrences(of: "%40", with: "@")] {
                let answer = try await crm.get("customer", "emailVisitor=\(query)")
                #expect(answer.status == 200, "\(query): \(answer.text)")
                #expect(CustomerPluginTests.values(answer)["email"]?.lowercased() == email.lowercased(), "\(query): \(answer.text)")
            }
            // A space is no `+`: an address never holds one, so %20 is not found.
            let spaced = try await crm.get("customer", "emailVisitor=\(encoded.replacingOccurrences(of: "%2B", with: "%20"))&operatorLocale=en")
            #expect(CustomerPluginTests.values(spaced)["customer"] == "No customer record matches this visitor")

            let wooEmails = gateway.sandbox.wooCommerce.store.customers.map(\.email)
            if let plus = wooEmails.first(where: { $0.contains("+") }) {
                let woo = TenantCaller(gateway: gateway, tenant: "woo", website: "ha-222", secret: "woo-secret")
                let answer = try await woo.get("customer", "emailVisitor=\(plus.urlQueryEncoded.replacingOccurrences(of: "%2B", with: "+"))")
                #expect(CustomerPluginTests.values(answer)["email"]?.lowercased() == plus.lowercased(), "\(answer.text)")
            }
        }
    }

    @Test func longWindowsAreServedAndTheEndIsAnEmptyList() async throws {
        try await withLiveGateway { gateway in
            let active = gateway.catalog.activeProducts.map { String($0.id) }
            try #require(active.count > 250)
            gateway.shopify.resetStatistics()
            let all = try await gateway.productIDs("limit=1000")
            #expect(all == active, "a window of 1,000 walks every upstream page")
            #expect(gateway.shopify.requestCount > 1)
            let tail = try await gateway.productIDs("offset=250&limit=1000")
            #expect(tail == Array(active.dropFirst(250)))
            for offset in [active.count, active.count + 1, 10_000] {
                let past = try await gateway.get("/plugins/demo/products?idWebsite=ha-123&offset=\(offset)&limit=1000")
                #expect(past.status == 200 && past.json == [], "offset \(offset): \(past.status) \(past.text.prefix(200))")
            }
            let over = try await gateway.get("/plugins/demo/products?idWebsite=ha-123&limit=1001")
            #expect(over.status == 400)
            #expect(over.json["parameter"] == "limit")
            #expect(over.json["message"]?.stringValue?.contains("from 0 to 1000") == true, "\(over.text)")
            let categories = try await gateway.get("/plugins/demo/categories?idWebsite=ha-123&limit=1000")
            #expect(categories.status == 200 && categories.json.arrayValue?.count == gateway.catalog.collections.count)
            // Parameters the Desk may add one day are ignored.
            let extra = try await gateway.productIDs("limit=5&idVisitorUnique=abc&foo=bar&searchQuery=")
            #expect(extra == Array(active.prefix(5)))
        }
    }

    @Test func aFailedActionIsA200TheAgentCanReadInTheOperatorsLanguage() async throws {
        try await withLiveGateway(Self.customerOptions()) { gateway in
            let contact = try #require(gateway.sandbox.hubSpot.data.contacts.first { $0.properties["email"] != nil })
            // The operator's panel is asked in German: their actions answer in German, the tenant's
            // language (French) for anyone else.
            let panel = try await CustomerPluginTests.crm(gateway).get(
                "customer", "emailVisitor=\(try #require(contact.properties["email"]).urlQueryEncoded)&operatorLocale=de_DE&idOperator=op-de")
            #expect(panel.status == 200)
            let unknown = try await CustomerPluginTests.act(gateway, ["action": "deleteEverything:1", "idWebsite": "ha-444", "idOperator": "op-de"])
            #expect(unknown.status == 200)
            #expect(unknown.json["success"] == false)
            #expect(unknown.json["message"] == "Diese Aktion ist nicht verfügbar")
            #expect(PluginContract.actionResult.violations(in: unknown.json).isEmpty)
            let stranger = try await CustomerPluginTests.act(gateway, ["action": "deleteEverything:1", "idWebsite": "ha-444", "idOperator": "op-x"])
            #expect(stranger.json["message"] == "Cette action n'est pas disponible")
            let told = try await CustomerPluginTests.act(
                gateway, ["action": "deleteEverything:1", "idWebsite": "ha-444", "idOperator": "op-x", "operatorLocale": "es"], json: false)
            #expect(told.json["message"] == "Esta acción no está disponible")

            // A body that is not an action: missing action, nested values, not JSON at all.
            let missing = try await CustomerPluginTests.act(gateway, ["idWebsite": "ha-444", "idOperator": "op-de"])
            #expect(missing.status == 200)
            #expect(missing.json["success"] == false)
            #expect(
                missing.json["message"] == "Diese Aktion konnte nicht gelesen werden. Wenn das wieder passiert, informieren Sie Ihren Administrator.")
            for body in ["{oops", #"{"action":{"a":1},"idWebsite":"ha-444"}"#, "[1,2]", "", "action=%FF&idWebsite=ha-444"] {
                let bytes = Array(body.utf8)
                let answer = try await gateway.send(
                    "POST", "/plugins/crm/customer/action",
                    headers: [HTTPHeader(name: "x-iadvize-signature", value: SignatureCheck.sign(bytes, secret: "crm-secret"))], body: bytes)
                #expect(answer.status == 200, "\(body): \(answer.status)")
                #expect(answer.json["success"] == false, "\(body)")
                #expect(answer.json["message"] == "Cette action n'a pas pu être lue. Si cela se reproduit, prévenez votre administrateur.", "\(body)")
            }

            // An upstream that refuses: a ticket for a contact HubSpot does not have.
            let refused = try await CustomerPluginTests.act(
                gateway, ["action": "createTicket:999999999", "idWebsite": "ha-444", "idConversation": "c-edge", "idOperator": "op-de"])
            #expect(refused.status == 200)
            #expect(refused.json["success"] == false, "\(refused.text)")
            #expect(refused.json["message"]?.stringValue?.hasPrefix("Das hat nicht geklappt") == true, "\(refused.text)")

            // A tenant without a customer panel has no action: said in its language.
            let rest = Array(#"{"action":"createTicket","idWebsite":"ha-333"}"#.utf8)
            let none = try await gateway.send(
                "POST", "/plugins/rest/customer/action",
                headers: [HTTPHeader(name: "x-iadvize-signature", value: SignatureCheck.sign(rest, secret: "rest-secret"))], body: rest)
            #expect(none.status == 200)
            #expect(none.json == ["success": false, "message": "Diese Aktion ist nicht verfügbar"])

            // Authentication failures keep their status.
            let unsigned = try await gateway.send("POST", "/plugins/crm/customer/action", body: Array(#"{"action":"x","idWebsite":"ha-444"}"#.utf8))
            #expect(unsigned.status == 401 && unsigned.json["success"] == false)
            let forged = try await gateway.send(
                "POST", "/plugins/crm/customer/action",
                headers: [HTTPHeader(name: "x-iadvize-signature", value: "sha256=" + String(repeating: "0", count: 64))],
                body: Array(#"{"action":"x","idWebsite":"ha-444"}"#.utf8))
            #expect(forged.status == 401)
            let otherWebsite = try await CustomerPluginTests.act(gateway, ["action": "createTicket", "idWebsite": "ha-1"])
            #expect(otherWebsite.status == 403 && otherWebsite.json["success"] == false)
        }
    }
}
