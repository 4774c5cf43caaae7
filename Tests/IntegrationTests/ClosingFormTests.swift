import Foundation
import Mapping
import Plugins
import Server
import Testing
import Upstream

/// The conversation closing form: declared per tenant, localized, SELECT options loaded from HubSpot.
@Suite struct ClosingFormTests {
    static let form = """
            closingForm:
              - id: create_crm_ticket
                type: CHECKBOX
                required: true
                label: { en: Create a CRM ticket, fr: Créer un ticket CRM }
              - id: ticket_priority
                parent: create_crm_ticket
                type: SELECT
                required: true
                label: { en: Priority, fr: Priorité }
                options:
                  - { value: MAJOR, label: { en: Major, fr: Majeure } }
                  - { value: MINOR, label: { en: Minor, fr: Mineure } }
              - id: pipeline
                parent: create_crm_ticket
                type: SELECT
                required: false
                label: { en: Pipeline, fr: Pipeline }
                optionsFrom: ticketPipelines
              - id: order_id
                type: INTEGER
                label: The order id related to the claim
              - id: discount
                type: DECIMAL
                label: { en: Discount granted, de: Gewährter Rabatt }
              - id: summary
                type: TEXTAREA
                required: false
                label: Summary
        """

    @Test func theFormInTheOperatorsLanguageWithUpstreamOptions() async throws {
        try await withLiveGateway(CustomerPluginTests.options(closingForm: Self.form)) { gateway in
            let crm = CustomerPluginTests.crm(gateway)
            let answer = try await crm.get("closing-form", "operatorLocale=fr")
            #expect(answer.status == 200, "\(answer.text)")
            #expect(PluginContract.closingForm.violations(in: answer.json).isEmpty, "\(PluginContract.closingForm.violations(in: answer.json))")
            let fields = try #require(answer.json.arrayValue)
            #expect(
                fields.compactMap { $0["id"]?.stringValue } == [
                    "create_crm_ticket", "ticket_priority", "pipeline", "order_id", "discount", "summary",
                ])
            #expect(fields[0]["label"] == "Créer un ticket CRM")
            #expect(fields[0]["isRequired"] == true)
            #expect(fields[0]["idParent"] == nil, "no idParent key for top-level fields, as in iAdvize's example")
            #expect(fields[1]["idParent"] == "create_crm_ticket")
            #expect(fields[1]["options"] == [["label": "Majeure", "value": "MAJOR"], ["label": "Mineure", "value": "MINOR"]])
            let pipelines = gateway.sandbox.hubSpot.data.pipelines
            #expect(fields[2]["options"]?.arrayValue?.compactMap { $0["value"]?.stringValue } == pipelines.map(\.id))
            #expect(fields[3]["label"] == "The order id related to the claim")
            #expect(fields[4]["label"] == "Discount granted", "English when the language is missing")
            let german = try await crm.get("closing-form", "operatorLocale=de-DE")
            #expect(german.json[4]?["label"] == "Gewährter Rabatt")
        }
    }

    @Test func aSelectWhoseOptionsCannotLoadIsLeftOutWithItsChildren() async throws {
        try await withLiveGateway(CustomerPluginTests.options(closingForm: Self.form)) { gateway in
            gateway.sandbox.faults.add(
                .status(503, body: #"{"status":"error"}"#, contentType: "application/json"), to: .init(pathPrefix: "/crm/v3/pipelines"),
                trigger: .next(100))
            let answer = try await CustomerPluginTests.crm(gateway).get("closing-form", "operatorLocale=en")
            #expect(answer.status == 200)
            #expect(
                answer.json.arrayValue?.compactMap { $0["id"]?.stringValue } == [
                    "create_crm_ticket", "ticket_priority", "order_id", "discount", "summary",
                ])
        }
    }

    @Test func aTenantWithoutAFormSaysSo() async throws {
        try await withLiveGateway { gateway in
            let answer = try await gateway.get("/plugins/demo/closing-form?idWebsite=ha-123")
            #expect(answer.status == 404)
            #expect(answer.json["error"] == "plugin_not_served")
        }
    }
}
