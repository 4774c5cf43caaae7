import Foundation
import GatewayConfig
import Logging
import Mapping
import Plugins
import Sandbox
import Server
import Testing
import Upstream

/// The customer panel at 9 a.m. against the HubSpot simulator, over real sockets: searches
/// throttled by the secondly limit are retried, calls are paced under the declared rate, an
/// owner lookup that fails or cannot be made never hides the contact, a retried action never
/// files a second ticket, and the panel says how many records HubSpot matched.
@Suite struct BusyMorningTests {
    static func crm(_ gateway: LiveGateway) -> TenantCaller {
        CustomerPluginTests.crm(gateway)
    }

    /// Distinct visitors' emails, one contact each.
    static func distinctEmails(_ hubSpot: HubSpotSimulator, count: Int) throws -> [String] {
        let emails = hubSpot.data.contacts.compactMap { $0.properties["email"]?.lowercased() }
        let unique = emails.filter { email in emails.filter { $0 == email }.count == 1 }
        try #require(unique.count >= count)
        return Array(unique.prefix(count))
    }

    static func searches(_ hubSpot: HubSpotSimulator) -> [RecordedCall] {
        hubSpot.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/contacts/search") }
    }

    @Test func aSearchRefusedBySecondlyLimitIsRetriedAndServed() async throws {
        try await withLiveGateway(CustomerPluginTests.options()) { gateway in
            let hubSpot = gateway.sandbox.hubSpot
            // Other integrations of the portal use most of its search budget: two per second are left.
            hubSpot.setRateLimits(searchLimit: 2, searchWindow: .seconds(1))
            let emails = try Self.distinctEmails(hubSpot, count: 4)
            let crm = Self.crm(gateway)
            let answers = try await withThrowingTaskGroup(of: LiveGateway.Answer.self) { group in
                for email in emails {
                    group.addTask { try await crm.get("customer", "emailVisitor=\(email.urlQueryEncoded)&operatorLocale=en") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for answer in answers {
                #expect(answer.status == 200, "\(answer.text)")
                #expect(CustomerPluginTests.values(answer)["email"] != nil, "\(answer.text)")
            }
            let searches = Self.searches(hubSpot)
            #expect(searches.contains { $0.status == 429 }, "the simulator refused some searches: the test must see retries")
            #expect(searches.filter { $0.status == 200 }.count == 4)
        }
    }

    @Test func aDailyLimitIsNotRetried() async throws {
        try await withLiveGateway(CustomerPluginTests.options()) { gateway in
            let hubSpot = gateway.sandbox.hubSpot
            hubSpot.setRateLimits(dailyLimit: 0)
            let answer = try await Self.crm(gateway).get("customer", "emailVisitor=someone%40example.com")
            #expect(answer.status == 503)
            #expect(answer.json["error"] == "upstream_throttled")
            #expect(answer.json["message"]?.stringValue?.contains("daily") == true, "\(answer.text)")
            #expect(Self.searches(hubSpot).map(\.status) == [429], "one search, never repeated")
        }
    }

    // MARK: Optional enrichments

    static func metrics(_ gateway: LiveGateway) async throws -> String {
        let answer = try await gateway.send(
            "GET", "/metrics", headers: [HTTPHeader(name: "Authorization", value: "Bearer \(LiveGateway.adminToken)")])
        try #require(answer.status == 200)
        return answer.text
    }

    @Test func aFailingOwnerLookupNeverHidesTheContact() async throws {
        try await withLiveGateway(CustomerPluginTests.options()) { gateway in
            let hubSpot = gateway.sandbox.hubSpot
            let contact = try #require(
                hubSpot.data.contacts.first { contact in
                    contact.properties["hubspot_owner_id"] != nil
                        && hubSpot.data.contacts(withEmail: contact.properties["email"] ?? "-").count == 1
                })
            let email = try #require(contact.properties["email"])
            let rule = gateway.sandbox.faults.add(
                .status(500, body: #"{"status":"error","message":"internal error"}"#),
                to: FaultTarget(simulator: .hubSpot, pathPrefix: "/crm/v3/owners"),
                trigger: .next(1_000))
            let answer = try await Self.crm(gateway).get("customer", "emailVisitor=\(email.urlQueryEncoded)&operatorLocale=en")
            #expect(answer.status == 200, "\(answer.text)")
            #expect(PluginContract.customer.violations(in: answer.json).isEmpty)
            let values = CustomerPluginTests.values(answer)
            #expect(values["email"]?.lowercased() == email.lowercased())
            #expect(values["createTicket"] == "createTicket:\(contact.id)")
            #expect(values["owner"] == nil, "the owner's line is left out")
            #expect((gateway.sandbox.faults.rules.first { $0.id == rule }?.applied ?? 0) > 0, "the owner lookup was tried and failed")
            let metrics = try await Self.metrics(gateway)
            #expect(
                metrics.contains(#"deskbridge_optional_enrichments_omitted_total{tenant="crm",enrichment="owner",reason="unavailable"}"#),
                "\(metrics.split(separator: "\n").filter { $0.contains("omitted") })")
        }
    }

    @Test func aContactWithoutOwnerMakesNoOwnerCall() async throws {
        try await withLiveGateway(CustomerPluginTests.options()) { gateway in
            let hubSpot = gateway.sandbox.hubSpot
            let contact = try #require(
                hubSpot.data.contacts.first { contact in
                    contact.properties["hubspot_owner_id"] == nil && contact.properties["email"] != nil
                        && hubSpot.data.contacts(withEmail: contact.properties["email"] ?? "-").count == 1
                })
            let email = try #require(contact.properties["email"])
            let answer = try await Self.crm(gateway).get("customer", "emailVisitor=\(email.urlQueryEncoded)&operatorLocale=en")
            #expect(answer.status == 200, "\(answer.text)")
            #expect(CustomerPluginTests.values(answer)["email"]?.lowercased() == email.lowercased())
            #expect(CustomerPluginTests.values(answer)["owner"] == nil)
            #expect(!hubSpot.requests.isEmpty)
            #expect(!hubSpot.requests.contains { $0.path.hasPrefix("/crm/v3/owners") }, "\(hubSpot.requests.map(\.path))")
            let metrics = try await Self.metrics(gateway)
            #expect(metrics.contains(#"deskbridge_optional_enrichments_omitted_total{tenant="crm",enrichment="owner",reason="absent"}"#))
            // What a call for a missing owner would have met: a refusal, not "no such owner".
            let none = await hubSpot.handle(
                SimulatedRequest(method: "GET", target: "/crm/v3/owners/none", headers: [("Authorization", "Bearer pat-demo")]))
            #expect(none.status == 400)
        }
    }

    // MARK: Pacing

    /// Lookups of `count` distinct visitors at once (by contact id), each on its own connection
    /// (the Desk's agents do not share one): each answer and how long it took.
    static func concurrentLookups(_ gateway: LiveGateway, count: Int) async throws -> [(answer: LiveGateway.Answer, took: Duration)] {
        let ids = gateway.sandbox.hubSpot.data.contacts.map(\.id)
        try #require(ids.count >= count)
        let client = try CurlHTTPClient(
            configuration: CurlClientConfiguration(requestTimeout: .seconds(60), maxConnectionsPerHost: count, maxTotalConnections: count),
            logger: Logger(label: "agents"))
        do {
            let results = try await withThrowingTaskGroup(of: (LiveGateway.Answer, Duration).self) { group in
                for id in ids.prefix(count) {
                    group.addTask {
                        let query = "idWebsite=ha-444&idVisitorExternal=\(id)&operatorLocale=en"
                        let signature = SignatureCheck.sign(Array(query.utf8), secret: "crm-secret")
                        let started = ContinuousClock.now
                        let response = try await client.execute(
                            UpstreamRequest(
                                url: "http://127.0.0.1:\(gateway.port)/plugins/crm/customer?\(query)",
                                headers: [HTTPHeader(name: "x-iadvize-signature", value: signature)]))
                        return (LiveGateway.Answer(status: response.status, headers: response.headers, body: response.body), .now - started)
                    }
                }
                return try await group.reduce(into: []) { $0.append(($1.0, $1.1)) }
            }
            await client.shutdown()
            return results
        } catch {
            await client.shutdown()
            throw error
        }
    }

    static func pacedOptions() -> GatewayOptions {
        var options = CustomerPluginTests.options()
        // The gateway's shipped default: what an agent waits at most for one upstream call.
        options.requestTimeout = "8s"
        return options
    }

    @Test func fifteenAgentsAtOnceAreAllServedWithinTheDeadline() async throws {
        try await withLiveGateway(Self.pacedOptions()) { gateway in
            let results = try await Self.concurrentLookups(gateway, count: 15)
            for result in results {
                #expect(result.answer.status == 200, "\(result.answer.text)")
                #expect(CustomerPluginTests.values(result.answer)["name"] != nil, "\(result.answer.text)")
                #expect(result.took < .seconds(8))
            }
            let searches = Self.searches(gateway.sandbox.hubSpot)
            #expect(searches.filter { $0.status == 200 }.count == 15)
            let counts = gateway.runtime.counters.snapshot().upstreams.first { $0.key.hasPrefix("crm ") }?.value
            #expect((counts?.pacedWaits ?? 0) >= 10, "ten searches waited for their slot")
        }
    }

    /// 15, 30 and 60 distinct lookups at once against HubSpot's 5 searches per second, with the
    /// shipped 8 s deadline: what is served, and how long agents wait (printed for BENCHMARKS.md).
    @Test func pacingFiguresAgainstFiveSearchesPerSecond() async throws {
        for count in [15, 30, 60] {
            try await withLiveGateway(Self.pacedOptions()) { gateway in
                let results = try await Self.concurrentLookups(gateway, count: count)
                let served = results.filter { $0.answer.status == 200 }
                let refused = results.filter { $0.answer.status != 200 }
                let waits = served.map(\.took).sorted()
                func percentile(_ p: Double) -> Duration { waits.isEmpty ? .zero : waits[min(waits.count - 1, Int(Double(waits.count) * p))] }
                let refusedBySimulator = Self.searches(gateway.sandbox.hubSpot).filter { $0.status == 429 }.count
                print(
                    "pacing \(count) lookups: \(served.count) served, \(refused.count) refused; p50 \(percentile(0.5)), p99 \(percentile(0.99)); "
                        + "refused within \(refused.map(\.took).max() ?? .zero); HubSpot 429s: \(refusedBySimulator)")
                #expect(served.allSatisfy { $0.took < .seconds(8) })
                for result in refused {
                    // Refused only when no slot fits the deadline, and at once, with when to come back.
                    #expect(result.answer.status == 503 && result.answer.json["error"] == "upstream_throttled", "\(result.answer.text)")
                    #expect(result.answer.headers.contains { $0.name.lowercased() == "retry-after" })
                    #expect(result.took < .seconds(3))
                }
                if count <= 30 {
                    #expect(served.count == count)
                } else {
                    // Seven or eight batches of five fit in 8 s.
                    #expect((30...45).contains(served.count), "\(served.count)")
                }
            }
        }
    }

    // MARK: Writes that cannot be duplicated

    static func act(_ gateway: LiveGateway, contact: Int, conversation: String) async throws -> LiveGateway.Answer {
        try await CustomerPluginTests.act(
            gateway, ["action": "createTicket:\(contact)", "idWebsite": "ha-444", "idConversation": conversation, "idOperator": "op-1"])
    }

    @Test func aWriteWhoseAnswerCameTooLateIsASuccessAndIsNotWrittenAgain() async throws {
        var options = CustomerPluginTests.options()
        options.firstByteTimeout = "2s"
        try await withLiveGateway(options) { gateway in
            let hubSpot = gateway.sandbox.hubSpot
            let contact = try #require(hubSpot.data.contacts.first)
            let before = hubSpot.currentTickets.count
            // HubSpot files the ticket at once but answers after the gateway stopped waiting.
            hubSpot.setSlowWrites(.seconds(4))
            let first = try await Self.act(gateway, contact: contact.id, conversation: "conv-slow")
            #expect(first.status == 200)
            #expect(first.json["success"] == true, "\(first.text)")
            #expect(hubSpot.currentTickets.count == before + 1)
            let ticket = try #require(hubSpot.currentTickets.last)
            #expect(ticket.properties["subject"] == "iAdvize conversation conv-slow" && ticket.contactIDs == [contact.id])
            #expect(first.json["message"]?.stringValue == "Ticket \(ticket.id) créé dans HubSpot")
            let again = try await Self.act(gateway, contact: contact.id, conversation: "conv-slow")
            #expect(again.json["success"] == true && again.json["message"] == first.json["message"])
            #expect(hubSpot.currentTickets.count == before + 1, "a retried action never files a second ticket")
        }
    }

    @Test func aRetryFindsTheTicketAnEarlierAttemptFiled() async throws {
        try await withLiveGateway(CustomerPluginTests.options()) { gateway in
            let hubSpot = gateway.sandbox.hubSpot
            let contacts = hubSpot.data.contacts
            try #require(contacts.count >= 2)
            // An earlier attempt (another replica, or past the double-click window) filed it.
            let body = """
                {"properties":{"subject":"iAdvize conversation conv-77","hs_pipeline":"0","hs_pipeline_stage":"1"},
                 "associations":[{"to":{"id":"\(contacts[0].id)"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":16}]}]}
                """
            let filed = await hubSpot.handle(
                SimulatedRequest(
                    method: "POST", target: "/crm/v3/objects/tickets",
                    headers: [("Authorization", "Bearer pat-demo"), ("Content-Type", "application/json")], body: Array(body.utf8)))
            try #require(filed.status == 201)
            let earlier = try #require(hubSpot.currentTickets.last)
            let before = hubSpot.currentTickets.count

            let retried = try await Self.act(gateway, contact: contacts[0].id, conversation: "conv-77")
            #expect(retried.json["success"] == true, "\(retried.text)")
            #expect(retried.json["message"]?.stringValue == "Ticket \(earlier.id) créé dans HubSpot")
            #expect(hubSpot.currentTickets.count == before, "the earlier ticket is the answer")

            // The same conversation on another contact, and another conversation, are other tickets.
            let other = try await Self.act(gateway, contact: contacts[1].id, conversation: "conv-77")
            let next = try await Self.act(gateway, contact: contacts[0].id, conversation: "conv-78")
            #expect(other.json["success"] == true && next.json["success"] == true)
            #expect(hubSpot.currentTickets.count == before + 2)
        }
    }

    // MARK: Counts, order and words

    static func countryOptions() -> GatewayOptions {
        let base = CustomerPluginTests.options()
        var options = base
        options.otherTenants = { ports in
            base.otherTenants(ports) + """

                  country:
                    websites: [ha-555]
                    adapter: hubspot
                    upstream: http://127.0.0.1:\(ports[0])
                    credentials: { token: pat-demo }
                    settings: { portalId: "4242", externalIdProperty: country }
                    secret: country-secret
                    labels:
                      lifecycleStage.lead: { fr: Prospect }
                """
        }
        return options
    }

    @Test func theCountIsHubSpotsTotalAndTheContactShownTheLatestUpdated() async throws {
        try await withLiveGateway(Self.countryOptions()) { gateway in
            let contacts = gateway.sandbox.hubSpot.data.contacts
            let byCountry = Dictionary(grouping: contacts) { $0.properties["country"] ?? "" }
            let (country, members) = try #require(byCountry.filter { !$0.key.isEmpty }.max { $0.value.count < $1.value.count })
            try #require(members.count > 5, "more matches than the search's page of five")
            let latest = try #require(members.max { $0.updatedAt < $1.updatedAt })
            let caller = TenantCaller(gateway: gateway, tenant: "country", website: "ha-555", secret: "country-secret")
            let answer = try await caller.get("customer", "idVisitorExternal=\(country.urlQueryEncoded)&operatorLocale=en")
            #expect(answer.status == 200, "\(answer.text)")
            let values = CustomerPluginTests.values(answer)
            #expect(values["matches"]?.hasPrefix("\(members.count) records match") == true, "\(values["matches"] ?? "-")")
            #expect(values["profile"]?.hasSuffix("/record/0-1/\(latest.id)") == true, "\(values["profile"] ?? "-")")
        }
    }

    @Test func lifecycleStagesInTheAgentsLanguageAndTheTenantsWords() async throws {
        try await withLiveGateway(Self.countryOptions()) { gateway in
            let hubSpot = gateway.sandbox.hubSpot
            func contact(_ stage: String) throws -> HubSpotContact {
                try #require(
                    hubSpot.data.contacts.first { contact in
                        contact.properties["lifecyclestage"] == stage && contact.properties["email"] != nil
                            && hubSpot.data.contacts(withEmail: contact.properties["email"] ?? "-").count == 1
                    })
            }
            let caller = TenantCaller(gateway: gateway, tenant: "country", website: "ha-555", secret: "country-secret")
            func stage(of contact: HubSpotContact, locale: String) async throws -> String? {
                let email = try #require(contact.properties["email"])
                let answer = try await caller.get("customer", "emailVisitor=\(email.urlQueryEncoded)&operatorLocale=\(locale)")
                return CustomerPluginTests.values(answer)["lifecycleStage"]
            }
            let customer = try contact("customer")
            #expect(try await stage(of: customer, locale: "fr") == "Client")
            #expect(try await stage(of: customer, locale: "de") == "Kunde")
            #expect(try await stage(of: customer, locale: "en") == "Customer")
            let qualified = try contact("marketingqualifiedlead")
            #expect(try await stage(of: qualified, locale: "es") == "Lead cualificado para marketing")
            let lead = try contact("lead")
            #expect(try await stage(of: lead, locale: "fr") == "Prospect", "the tenant's own word")
            #expect(try await stage(of: lead, locale: "en") == "Lead")
        }
    }

    // MARK: The shops' customer panels

    @Test func aWooCommerceCustomerIsShownWhenHerOrdersFail() async throws {
        try await withLiveGateway(CustomerPluginTests.options()) { gateway in
            let store = gateway.sandbox.wooCommerce.configuration.store
            let customer = try #require(store.customers.first { store.orders(ofCustomer: $0.id).count > 1 })
            let rule = gateway.sandbox.faults.add(
                .status(500, body: #"{"code":"internal_server_error","message":"Erreur"}"#),
                to: FaultTarget(simulator: .wooCommerce, pathPrefix: "/wp-json/wc/v3/orders"), trigger: .next(1_000))
            let woo = TenantCaller(gateway: gateway, tenant: "woo", website: "ha-222", secret: "woo-secret")
            let answer = try await woo.get("customer", "emailVisitor=\(customer.email.urlQueryEncoded)")
            #expect(answer.status == 200, "\(answer.text)")
            let values = CustomerPluginTests.values(answer)
            #expect(values["email"]?.lowercased() == customer.email.lowercased())
            #expect(values["lastOrder"] == nil && values["lastOrders"] == nil)
            #expect((gateway.sandbox.faults.rules.first { $0.id == rule }?.applied ?? 0) > 0)
        }
    }

    @Test func aShopifyCustomerSearchWaitsOutTheCostThrottle() async throws {
        try await withLiveGateway { gateway in
            let customer = try #require(gateway.shopify.customers.first { $0.email != nil })
            let email = try #require(customer.email)
            // The app's bucket is empty when the lookup arrives: Shopify answers THROTTLED (HTTP 200).
            let injected = gateway.sandbox.faults.injectedCount
            _ = gateway.sandbox.faults.add(.shopifyThrottled, to: .simulator(.shopify), trigger: .next(1))
            let answer = try await gateway.get("/plugins/demo/customer?idWebsite=ha-123&emailVisitor=\(email.urlQueryEncoded)")
            #expect(answer.status == 200, "\(answer.text)")
            #expect(CustomerPluginTests.values(answer)["name"] == customer.displayName)
            #expect(gateway.sandbox.faults.injectedCount == injected + 1, "the first search was throttled")
        }
    }
}
