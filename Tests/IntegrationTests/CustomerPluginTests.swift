import Foundation
import GatewayConfig
import Mapping
import Plugins
import Sandbox
import Server
import Testing
import Upstream

/// Customer information, actions and the closing form, against the HubSpot, Shopify and
/// WooCommerce simulators over real sockets.
@Suite struct CustomerPluginTests {
    static func options(closingForm: String = "") -> GatewayOptions {
        var options = GatewayOptions()
        options.otherTenants = { ports in
            SimulatedTenants.hubSpot(port: ports[0], extra: "    labels:\n      phone: { en: Direct line }\n\(closingForm)")
                + "\n" + SimulatedTenants.wooCommerce(port: ports[0])
        }
        return options
    }

    static func crm(_ gateway: LiveGateway) -> TenantCaller {
        TenantCaller(gateway: gateway, tenant: "crm", website: "ha-444", secret: "crm-secret")
    }

    /// A signed POST to the action URL, as JSON or as a form.
    static func act(
        _ gateway: LiveGateway, tenant: String = "crm", secret: String = "crm-secret", _ fields: [String: String], json: Bool = true
    ) async throws -> LiveGateway.Answer {
        let body: [UInt8]
        let type: String
        if json {
            body = JSON.object(JSONObject(fields.sorted { $0.key < $1.key }.map { (key: $0.key, value: JSON.string($0.value)) })).encoded()
            type = "application/json"
        } else {
            body = Array(fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.urlQueryEncoded)" }.joined(separator: "&").utf8)
            type = "application/x-www-form-urlencoded"
        }
        return try await gateway.send(
            "POST", "/plugins/\(tenant)/customer/action",
            headers: [
                HTTPHeader(name: "Content-Type", value: type),
                HTTPHeader(name: "x-iadvize-signature", value: SignatureCheck.sign(body, secret: secret)),
            ], body: body)
    }

    static func values(_ answer: LiveGateway.Answer) -> [String: String] {
        Dictionary(
            (answer.json.arrayValue ?? []).compactMap { field in field["id"]?.stringValue.map { ($0, field["value"]?.stringValue ?? "") } },
            uniquingKeysWith: { first, _ in first })
    }

    @Test func aHubSpotContactFoundByEmailWhateverItsCase() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            let contact = try #require(
                gateway.sandbox.hubSpot.data.contacts.first { contact in
                    let email = contact.properties["email"] ?? ""
                    return contact.properties["hubspot_owner_id"] != nil && contact.properties["phone"] != nil
                        && gateway.sandbox.hubSpot.data.contacts.filter { ($0.properties["email"] ?? "").lowercased() == email.lowercased() }.count
                            == 1
                })
            let email = try #require(contact.properties["email"]).uppercased()
            let answer = try await Self.crm(gateway).get("customer", "emailVisitor=\(email.urlQueryEncoded)&operatorLocale=en_GB")
            #expect(answer.status == 200, "\(answer.text)")
            #expect(PluginContract.customer.violations(in: answer.json).isEmpty)
            let values = Self.values(answer)
            #expect(values["email"]?.lowercased() == email.lowercased())
            #expect(
                values["name"]
                    == "\(contact.properties["firstname"] ?? "") \(contact.properties["lastname"] ?? "")".trimmingCharacters(in: .whitespaces))
            #expect(values["profile"] == "https://app.hubspot.com/contacts/4242/record/0-1/\(contact.id)")
            #expect(values["createTicket"] == "createTicket:\(contact.id)")
            let owner = try #require(gateway.sandbox.hubSpot.data.owners.first { $0.id == contact.properties["hubspot_owner_id"] })
            #expect(values["owner"] == "\(owner.firstName) \(owner.lastName)")
            let labels = Dictionary(
                uniqueKeysWithValues: (answer.json.arrayValue ?? []).compactMap { field in
                    field["id"]?.stringValue.map { ($0, field["label"]?.stringValue ?? "") }
                })
            #expect(labels["owner"] == "Owner")
            #expect(labels["phone"] == "Direct line", "the tenant's own wording wins")
            let types = (answer.json.arrayValue ?? []).compactMap { $0["fieldType"]?.stringValue }
            #expect(types.contains("URL") && types.contains("ACTION") && types.contains("TEXT"))
        }
    }

    @Test(arguments: [
        ("en", "Owner", "Create a ticket"), ("fr", "Responsable", "Créer un ticket"), ("de", "Zuständig", "Ticket erstellen"),
        ("es", "Propietario", "Crear un ticket"), ("it", "Responsabile", "Crea un ticket"), ("nl", "Eigenaar", "Ticket aanmaken"),
        ("pt", "Responsável", "Criar um ticket"), ("ja", "Owner", "Create a ticket"),
    ])
    func labelsFollowTheOperatorsLocale(locale: String, owner: String, action: String) async throws {
        try await withLiveGateway(Self.options()) { gateway in
            let contact = try #require(gateway.sandbox.hubSpot.data.contacts.first { $0.properties["hubspot_owner_id"] != nil })
            let answer = try await Self.crm(gateway).get(
                "customer", "emailVisitor=\(try #require(contact.properties["email"]).urlQueryEncoded)&operatorLocale=\(locale)")
            let labels = (answer.json.arrayValue ?? []).compactMap { $0["label"]?.stringValue }
            #expect(labels.contains(owner), "\(locale): \(labels)")
            #expect(labels.contains(action), "\(locale): \(labels)")
        }
    }

    @Test func notFoundSeveralMatchesAndUnidentifiedVisitors() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            let crm = Self.crm(gateway)
            let missing = try await crm.get("customer", "emailVisitor=nobody%40nowhere.example&operatorLocale=fr")
            #expect(missing.status == 200)
            #expect(PluginContract.customer.violations(in: missing.json).isEmpty)
            #expect(Self.values(missing)["customer"] == "Aucune fiche client ne correspond à ce visiteur")
            #expect(Self.values(missing)["createTicket"] == "createTicket", "an unattached ticket can still be filed")

            let emails = gateway.sandbox.hubSpot.data.contacts.compactMap { $0.properties["email"]?.lowercased() }
            let shared = try #require(Set(emails).first { email in emails.filter { $0 == email }.count > 1 })
            let several = try await crm.get("customer", "emailVisitor=\(shared.urlQueryEncoded)&operatorLocale=en")
            #expect(several.json[0]?["id"] == "matches")
            #expect(several.json[0]?["value"]?.stringValue?.hasPrefix("\(emails.filter { $0 == shared }.count) records match") == true)

            let unidentified = try await crm.get("customer", "operatorLocale=de")
            #expect(Self.values(unidentified)["customer"] == "Der Besucher hat weder E-Mail noch Kundennummer angegeben")
            // Whatever the Desk holds as the visitor's email is served: one that cannot be an address
            // finds no record (DeskEdgeTests has the cases).
            let bad = try await crm.get("customer", "emailVisitor=not-an-email&operatorLocale=fr")
            #expect(bad.status == 200)
            #expect(Self.values(bad)["customer"] == "Aucune fiche client ne correspond à ce visiteur")
        }
    }

    @Test func creatingATicketOnceEvenWhenTheAgentClicksTwice() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            let hubSpot = gateway.sandbox.hubSpot
            let contact = try #require(hubSpot.data.contacts.first)
            let before = hubSpot.currentTickets.count
            let fields = ["action": "createTicket:\(contact.id)", "idWebsite": "ha-444", "idConversation": "conv-1", "idOperator": "op-7"]
            async let first = Self.act(gateway, fields)
            async let second = Self.act(gateway, fields, json: false)
            let answers = try await [first, second]
            for answer in answers {
                #expect(answer.status == 200, "\(answer.text)")
                #expect(PluginContract.actionResult.violations(in: answer.json).isEmpty)
                #expect(answer.json["success"] == true)
            }
            #expect(answers[0].json["message"] == answers[1].json["message"])
            #expect(answers[0].json["message"]?.stringValue?.hasPrefix("Ticket ") == true)
            #expect(answers[0].json["message"]?.stringValue?.hasSuffix("créé dans HubSpot") == true, "the tenant's language is French")
            let again = try await Self.act(gateway, fields)
            #expect(again.json["message"] == answers[0].json["message"])
            #expect(hubSpot.currentTickets.count == before + 1)
            let ticket = try #require(hubSpot.currentTickets.last)
            #expect(ticket.contactIDs == [contact.id])
            #expect(ticket.properties["subject"] == "iAdvize conversation conv-1")
            // Another conversation is another ticket.
            _ = try await Self.act(gateway, ["action": "createTicket:\(contact.id)", "idWebsite": "ha-444", "idConversation": "conv-2"])
            #expect(hubSpot.currentTickets.count == before + 2)
        }
    }

    @Test func refusedAndUnknownActions() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            let unknown = try await Self.act(gateway, ["action": "deleteEverything:1", "idWebsite": "ha-444"])
            #expect(unknown.status == 200, "a failed action is an answer the agent reads, not an HTTP error")
            #expect(unknown.json["success"] == false)
            #expect(unknown.json["message"] == "Cette action n'est pas disponible")
            let unsigned = try await gateway.send(
                "POST", "/plugins/crm/customer/action", headers: [HTTPHeader(name: "Content-Type", value: "application/json")],
                body: Array(#"{"action":"createTicket","idWebsite":"ha-444"}"#.utf8))
            #expect(unsigned.status == 401)
            #expect(unsigned.json["success"] == false)
            let missing = try await Self.act(gateway, ["idWebsite": "ha-444"])
            #expect(missing.status == 200)
            #expect(missing.json["success"] == false)
            #expect(missing.json["message"] == "Cette action n'a pas pu être lue. Si cela se reproduit, prévenez votre administrateur.")
            let otherWebsite = try await Self.act(gateway, ["action": "createTicket", "idWebsite": "ha-1"])
            #expect(otherWebsite.status == 403)
            let notJSON = try await gateway.send(
                "POST", "/plugins/crm/customer/action",
                headers: [
                    HTTPHeader(name: "Content-Type", value: "application/json"),
                    HTTPHeader(name: "x-iadvize-signature", value: SignatureCheck.sign(Array("{oops".utf8), secret: "crm-secret")),
                ], body: Array("{oops".utf8))
            #expect(notJSON.status == 200)
            #expect(notJSON.json["success"] == false)
        }
    }

    @Test func aRateLimitedCRMIsSaidPlainly() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            gateway.sandbox.hubSpot.setRateLimits(burstLimit: 0, burstWindow: .seconds(60), searchLimit: 1, searchWindow: .seconds(60))
            let crm = Self.crm(gateway)
            _ = try await crm.get("customer", "emailVisitor=a%40b.example")
            let throttled = try await crm.get("customer", "emailVisitor=c%40d.example")
            #expect(throttled.status == 503)
            #expect(throttled.json["error"] == "upstream_throttled")
            #expect(throttled.json["message"]?.stringValue?.contains("rate-limiting") == true)
            let action = try await Self.act(gateway, ["action": "createTicket", "idWebsite": "ha-444", "idConversation": "c-9"])
            #expect(action.status == 200)
            #expect(action.json["success"] == false)
            #expect(action.json["message"] == "Cela n'a pas marché : le CRM est saturé. Réessayez dans un instant.")
        }
    }

    @Test func aShopifyCustomerAndItsTagAction() async throws {
        try await withLiveGateway { gateway in
            let shopify = gateway.shopify
            let customer = try #require(shopify.customers.first { $0.email != nil && !$0.orders.isEmpty && !$0.tags.contains("iadvize-follow-up") })
            let email = try #require(customer.email)
            let answer = try await gateway.get(
                "/plugins/demo/customer?idWebsite=ha-123&emailVisitor=\(email.uppercased().urlQueryEncoded)&operatorLocale=fr")
            #expect(answer.status == 200, "\(answer.text)")
            #expect(PluginContract.customer.violations(in: answer.json).isEmpty)
            let values = Self.values(answer)
            #expect(values["name"] == customer.displayName)
            #expect(values["ordersCount"] == String(customer.numberOfOrders))
            #expect(values["amountSpent"]?.hasSuffix(" €") == true && values["amountSpent"]?.contains(",") == true)
            #expect(values["lastOrder"]?.hasPrefix(customer.lastOrder?.name ?? "?") == true)
            #expect(values["profile"] == "https://\(shopify.catalog.shop.myshopifyDomain)/admin/customers/\(customer.id)")
            #expect(values["addTag"] == "addTag:\(customer.id)")

            let body = Array(#"{"action":"addTag:\#(customer.id)","idWebsite":"ha-123","idConversation":"s-1"}"#.utf8)
            let tagged = try await gateway.send(
                "POST", "/plugins/demo/customer/action",
                headers: [HTTPHeader(name: "x-iadvize-signature", value: SignatureCheck.sign(body, secret: LiveGateway.secret))], body: body)
            #expect(tagged.json["success"] == true, "\(tagged.text)")
            #expect(shopify.customers.first { $0.id == customer.id }?.tags.contains("iadvize-follow-up") == true)

            // A customer Shopify does not know, or an id that is not one: the agent is told it failed.
            for target in ["999", "X"] {
                let body = Array(#"{"action":"addTag:\#(target)","idWebsite":"ha-123","idConversation":"s-2-\#(target)"}"#.utf8)
                let refused = try await gateway.send(
                    "POST", "/plugins/demo/customer/action",
                    headers: [HTTPHeader(name: "x-iadvize-signature", value: SignatureCheck.sign(body, secret: LiveGateway.secret))], body: body)
                #expect(refused.status == 200)
                #expect(refused.json["success"] == false, "\(target): \(refused.text)")
            }
        }
    }

    @Test func aWooCommerceCustomerWithHerLastOrders() async throws {
        try await withLiveGateway(Self.options()) { gateway in
            let store = gateway.sandbox.wooCommerce.configuration.store
            let customer = try #require(store.customers.first { store.orders(ofCustomer: $0.id).count > 1 })
            let woo = TenantCaller(gateway: gateway, tenant: "woo", website: "ha-222", secret: "woo-secret")
            let answer = try await woo.get("customer", "emailVisitor=\(customer.email.uppercased().urlQueryEncoded)")
            #expect(answer.status == 200, "\(answer.text)")
            #expect(PluginContract.customer.violations(in: answer.json).isEmpty)
            let values = Self.values(answer)
            #expect(values["email"]?.lowercased() == customer.email.lowercased())
            #expect(values["lastOrder"]?.hasPrefix("#") == true)
            #expect(values["lastOrders"]?.contains(",") == true)
        }
    }
}
