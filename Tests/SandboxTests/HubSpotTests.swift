import Foundation
import Sandbox
import Testing

private let bearer = [("Authorization", "Bearer pat-demo"), ("Content-Type", "application/json")]

private func hubSpot(_ port: Int, _ method: String = "GET", _ path: String, json: Any? = nil, raw: String? = nil) async throws -> LoopbackResponse {
    let body = try raw.map { Array($0.utf8) } ?? json.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
    return try await LoopbackHTTPClient.request(port: port, method: method, path: path, headers: bearer, body: body)
}

private func search(_ port: Int, _ body: [String: Any]) async throws -> LoopbackResponse {
    try await hubSpot(port, "POST", "/crm/v3/objects/contacts/search", json: body)
}

private func emailFilter(_ email: String) -> [[String: Any]] {
    [["filters": [["propertyName": "email", "operator": "EQ", "value": email]]]]
}

extension LoopbackResponse {
    fileprivate var results: [[String: Any]] { json?["results"] as? [[String: Any]] ?? [] }
    fileprivate var resultIDs: [String] { results.compactMap { $0["id"] as? String } }
}

@Suite("HubSpot CRM v3")
struct HubSpotTests {
    let data = sharedHubSpotData

    @Test func demoDataHasDuplicatesGapsAndTwoPipelines() {
        #expect(data.contacts.count >= 50)
        let emails = data.contacts.compactMap { $0.properties["email"]?.lowercased() }
        #expect(Dictionary(grouping: emails, by: { $0 }).values.filter { $0.count > 1 }.count >= 3)
        #expect(data.contacts.contains { $0.properties["email"] == nil })
        #expect(data.contacts.contains { $0.properties["firstname"] == nil })
        #expect(data.contacts.contains { $0.properties["phone"] == nil })
        #expect(data.contacts.contains { ($0.properties["email"] ?? "") != ($0.properties["email"] ?? "").lowercased() })
        #expect(data.pipelines.count == 2)
        #expect(data.owners.count >= 3)
        #expect(HubSpotData.demo() == data)
    }

    @Test func bearerTokenIsRequired() async throws {
        let (missing, wrong) = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            (
                try await LoopbackHTTPClient.get(port: port, path: "/crm/v3/owners"),
                try await LoopbackHTTPClient.get(port: port, path: "/crm/v3/owners", headers: [("Authorization", "Bearer pat-wrong")])
            )
        }
        for response in [missing, wrong] {
            #expect(response.status == 401)
            let json = try #require(response.json)
            #expect(json["status"] as? String == "error")
            #expect(json["category"] as? String == "INVALID_AUTHENTICATION")
            #expect((json["message"] as? String)?.hasPrefix("Authentication credentials not found") == true)
            #expect(json["correlationId"] is String)
        }
    }

    @Test func emailSearchIgnoresCaseAndFindsEveryDuplicate() async throws {
        let duplicated = try #require(
            Dictionary(grouping: data.contacts.filter { $0.properties["email"] != nil }) {
                $0.properties["email", default: ""].lowercased()
            }.first { $0.value.count > 1 })
        let response = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            try await search(port, ["filterGroups": emailFilter(duplicated.key.uppercased()), "properties": ["email", "phone"], "limit": 10])
        }
        #expect(response.status == 200)
        #expect(response.json?["total"] as? Int == duplicated.value.count)
        #expect(response.resultIDs == duplicated.value.map { String($0.id) }.sorted { Int($0) ?? 0 < Int($1) ?? 0 })
        let properties = try #require(response.results.first?["properties"] as? [String: Any])
        #expect(Set(properties.keys) == ["email", "phone", "hs_object_id", "createdate", "lastmodifieddate"])
        #expect(response.results.first?["archived"] as? Bool == false)
        #expect(response.header("X-HubSpot-RateLimit-Daily") != nil)
        #expect(response.header("X-HubSpot-RateLimit-Max") == nil, "search answers carry no burst headers")
    }

    @Test func missingPropertiesAreNull() async throws {
        let contact = try #require(data.contacts.first { $0.properties["phone"] == nil && $0.properties["email"] != nil })
        let response = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            try await hubSpot(port, "GET", "/crm/v3/objects/contacts/\(contact.id)?properties=phone,firstname,notaproperty")
        }
        let properties = try #require(response.json?["properties"] as? [String: Any])
        #expect(properties["phone"] is NSNull)
        #expect(properties["notaproperty"] == nil)
        #expect(properties["hs_object_id"] as? String == String(contact.id))
        #expect(response.header("X-HubSpot-RateLimit-Max") == "100")
        #expect(response.header("X-HubSpot-RateLimit-Interval-Milliseconds") == "10000")
    }

    @Test func afterPagingWalksEveryContactInOrder() async throws {
        // Ten quick searches would meet the search limit (5 per second): raise it for this walk.
        let configuration = SandboxConfiguration(hubSpot: HubSpotSimulatorConfiguration(searchLimit: 1000))
        let ids = try await withSandbox(configuration: configuration) { _, port in
            var ids: [String] = []
            var after: String?
            var pages = 0
            repeat {
                var body: [String: Any] = ["limit": 7, "sorts": [["propertyName": "createdate", "direction": "DESCENDING"]]]
                if let after { body["after"] = after }
                let response = try await search(port, body)
                try #require(response.status == 200, "\(response.text)")
                ids += response.resultIDs
                after = ((response.json?["paging"] as? [String: Any])?["next"] as? [String: Any])?["after"] as? String
                pages += 1
                try #require(pages < 30)
            } while after != nil
            return ids
        }
        let expected = data.contacts.sorted { ($0.createdAt, $1.id) > ($1.createdAt, $0.id) }.map { String($0.id) }
        #expect(ids == expected)
    }

    @Test func filterGroupsCombineAndOr() async throws {
        let owner = data.owners[0].id
        let response = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            try await search(
                port,
                [
                    "filterGroups": [
                        [
                            "filters": [
                                ["propertyName": "hubspot_owner_id", "operator": "EQ", "value": owner],
                                ["propertyName": "phone", "operator": "HAS_PROPERTY"],
                            ]
                        ],
                        ["filters": [["propertyName": "lifecyclestage", "operator": "IN", "values": ["EVANGELIST", "other"]]]],
                    ],
                    "limit": 100,
                ])
        }
        let expected = data.contacts.filter { contact in
            (contact.properties["hubspot_owner_id"] == owner && contact.properties["phone"] != nil)
                || ["evangelist", "other"].contains(contact.properties["lifecyclestage"] ?? "")
        }.map { String($0.id) }
        #expect(!expected.isEmpty)
        #expect(response.resultIDs == expected)
    }

    @Test(arguments: [
        (#"{"limit": 101}"#, "limit"),
        (#"{"filterGroups":[{"filters":[{"propertyName":"email","operator":"LIKE","value":"x"}]}]}"#, "LIKE"),
        (#"{"filterGroups": [{"filters": [{"propertyName": "shoe_size", "operator": "EQ", "value": "42"}]}]}"#, "shoe_size"),
        (#"{"filterGroups": [{"#, "line 1"),
        ("", "request body was expected"),
    ])
    func malformedSearchesAreValidationErrors(body: String, mention: String) async throws {
        let response = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            try await hubSpot(port, "POST", "/crm/v3/objects/contacts/search", raw: body)
        }
        #expect(response.status == 400)
        #expect(response.json?["category"] as? String == "VALIDATION_ERROR")
        #expect(response.json?["status"] as? String == "error")
        #expect((response.json?["message"] as? String)?.contains(mention) == true, "\(response.text)")
    }

    @Test func ticketCreationAssociatesTheContactAndCountsAsOpen() async throws {
        let contact = try #require(data.contacts.first)
        let before = HubSpotSimulator(configuration: HubSpotSimulatorConfiguration()).openTicketCounts[contact.id] ?? 0
        let (created, fetched, reread) = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            let created = try await hubSpot(
                port, "POST", "/crm/v3/objects/tickets",
                json: [
                    "properties": ["subject": "Colis abîmé", "content": "Carton écrasé", "hs_pipeline": "0", "hs_pipeline_stage": "1"],
                    "associations": [["to": ["id": contact.id], "types": [["associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 16]]]],
                ])
            let id = try #require(created.json?["id"] as? String)
            return (
                created,
                try await hubSpot(port, "GET", "/crm/v3/objects/contacts/\(contact.id)?properties=num_open_tickets&associations=tickets"),
                try await hubSpot(port, "GET", "/crm/v3/objects/tickets/\(id)?associations=contacts")
            )
        }
        #expect(created.status == 201)
        let ticketID = try #require(created.json?["id"] as? String)
        let properties = try #require(created.json?["properties"] as? [String: Any])
        #expect(properties["subject"] as? String == "Colis abîmé")
        #expect(properties["hs_pipeline_stage"] as? String == "1")
        #expect(properties["hs_object_id"] as? String == ticketID)
        #expect((fetched.json?["properties"] as? [String: Any])?["num_open_tickets"] as? String == String(before + 1))
        let linked = ((fetched.json?["associations"] as? [String: Any])?["tickets"] as? [String: Any])?["results"] as? [[String: Any]]
        #expect(linked?.contains { $0["id"] as? String == ticketID } == true)
        let contacts = ((reread.json?["associations"] as? [String: Any])?["contacts"] as? [String: Any])?["results"] as? [[String: Any]]
        #expect(contacts?.first?["id"] as? String == String(contact.id))
    }

    @Test(arguments: [
        (
            #"{"properties":{"subject":"x","hs_pipeline_stage":"1"},"associations":[{"to":{"id":"1"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":16}]}]}"#,
            "does not exist"
        ),
        (
            #"{"properties":{"subject":"x","hs_pipeline_stage":"1"},"associations":[{"to":{"id":"1051"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":279}]}]}"#,
            "279"
        ),
        (
            #"{"properties":{"subject":"x","hs_pipeline_stage":"1"},"associations":[{"to":{"id":"1051"},"types":[{}]}]}"#,
            "[associationCategory, associationTypeId]"
        ),
        (#"{"properties":{"subject":"x"}}"#, "hs_pipeline_stage"),
        (#"{"properties":{"subject":"x","hs_pipeline":"0","hs_pipeline_stage":"75346482"}}"#, "allowed options"),
        (#"{"properties":{"subject":"x","hs_pipeline_stage":"1","favourite_colour":"blue"}}"#, "PROPERTY_DOESNT_EXIST"),
        (#"{"subject":"x"}"#, "[properties]"),
    ])
    func invalidTicketsAreRefused(body: String, mention: String) async throws {
        let (response, tickets) = try await withSandbox(configuration: SandboxConfiguration()) { server, port in
            (try await hubSpot(port, "POST", "/crm/v3/objects/tickets", raw: body), server.hubSpot.currentTickets.count)
        }
        #expect(response.status == 400)
        #expect(response.json?["category"] as? String == "VALIDATION_ERROR")
        #expect((response.json?["message"] as? String)?.contains(mention) == true, "\(response.text)")
        #expect(tickets == data.tickets.count)
    }

    @Test func pipelinesAndOwners() async throws {
        let (pipelines, owners, byEmail) = try await withSandbox(configuration: SandboxConfiguration()) { _, port in
            (
                try await hubSpot(port, "GET", "/crm/v3/pipelines/tickets"),
                try await hubSpot(port, "GET", "/crm/v3/owners"),
                try await hubSpot(port, "GET", "/crm/v3/owners?email=karim.agent@demo-shop.example")
            )
        }
        #expect(pipelines.resultIDs == data.pipelines.map(\.id))
        let stages = try #require(pipelines.results.first?["stages"] as? [[String: Any]])
        #expect(stages.count == 4)
        #expect((stages.last?["metadata"] as? [String: Any])?["ticketState"] as? String == "CLOSED")
        #expect(owners.resultIDs == data.owners.filter { !$0.archived }.map(\.id))
        #expect(byEmail.resultIDs == ["41629801"])
    }

    @Test func burstLimitRefusesWithItsPolicyThenRecovers() async throws {
        // A window a loaded machine still sends four calls within.
        let configuration = SandboxConfiguration(hubSpot: HubSpotSimulatorConfiguration(burstLimit: 3, burstWindow: .seconds(3)))
        let (accepted, refused, recovered) = try await withSandbox(configuration: configuration) { _, port in
            var accepted: [LoopbackResponse] = []
            var refused: LoopbackResponse?
            for _ in 0..<20 {
                let response = try await hubSpot(port, "GET", "/crm/v3/owners")
                if response.status == 429 {
                    refused = response
                    break
                }
                accepted.append(response)
            }
            try await Task.sleep(for: .milliseconds(3100))
            return (accepted, try #require(refused), try await hubSpot(port, "GET", "/crm/v3/owners"))
        }
        #expect(accepted.count >= 3)
        #expect(accepted.first?.header("X-HubSpot-RateLimit-Remaining") == "2")
        #expect(refused.json?["policyName"] as? String == "TEN_SECONDLY_ROLLING")
        #expect(refused.json?["errorType"] as? String == "RATE_LIMIT")
        #expect(refused.json?["message"] as? String == "You have reached your ten_secondly_rolling limit.")
        #expect(refused.header("X-HubSpot-RateLimit-Remaining") == "0")
        #expect(refused.header("X-HubSpot-RateLimit-Max") == "3")
        #expect(refused.header("X-HubSpot-RateLimit-Interval-Milliseconds") == "3000")
        #expect(recovered.status == 200)
    }

    @Test func searchHasItsOwnStricterLimit() async throws {
        let configuration = SandboxConfiguration(hubSpot: HubSpotSimulatorConfiguration(searchLimit: 2, searchWindow: .seconds(30)))
        let (searches, other) = try await withSandbox(configuration: configuration) { _, port in
            var searches: [LoopbackResponse] = []
            for _ in 0..<3 { searches.append(try await search(port, ["limit": 1])) }
            return (searches, try await hubSpot(port, "GET", "/crm/v3/owners"))
        }
        #expect(searches.map(\.status) == [200, 200, 429])
        #expect(searches[2].json?["policyName"] as? String == "SECONDLY")
        #expect(searches[2].header("X-HubSpot-RateLimit-Max") == nil)
        #expect(searches[2].header("X-HubSpot-RateLimit-Daily-Remaining") != nil)
        #expect(other.status == 200, "the burst window is separate")
    }

    @Test func dailyCapRefusesEverything() async throws {
        let configuration = SandboxConfiguration(hubSpot: HubSpotSimulatorConfiguration(dailyLimit: 2))
        let statuses = try await withSandbox(configuration: configuration) { _, port in
            var responses: [LoopbackResponse] = []
            for _ in 0..<3 { responses.append(try await hubSpot(port, "GET", "/crm/v3/pipelines/tickets")) }
            responses.append(try await search(port, ["limit": 1]))
            return responses
        }
        #expect(statuses.map(\.status) == [200, 200, 429, 429])
        #expect(statuses[1].header("X-HubSpot-RateLimit-Daily-Remaining") == "0")
        #expect(statuses[2].json?["policyName"] as? String == "DAILY")
        #expect(statuses[3].json?["policyName"] as? String == "DAILY")
    }
}
