import Bot
import Foundation
import Mapping
import Testing

/// The external-bot contract over real sockets: shapes, status codes, signatures, bindings.
@Suite struct BotContractTests {
    static let query = BotHarness.query

    @Test func externalBotsListsTheDeclaredBots() async throws {
        try await withBotHarness { harness in
            let answer = try await harness.get("/bots/demo/external-bots?\(Self.query)")
            #expect(answer.status == 200, "\(answer.text)")
            let bots = try #require(answer.json.arrayValue)
            #expect(bots.map { $0["idBot"]?.stringValue } == ["catalog-assistant", "conseiller", "closed", "experts-only"])
            #expect(
                bots.first == [
                    "idBot": "catalog-assistant", "name": "Catalog assistant", "description": "Searches the shop and hands over to an advisor.",
                    "editorUrl": "https://shop.example.com/bots/catalog-assistant",
                ])
            #expect(bots[1]["description"] == nil, "no description: the optional key is left out")
            #expect(bots.allSatisfy { $0["editorUrl"]?.stringValue?.hasPrefix("https://") == true })
        }
    }

    @Test func bindingsRoundTripAndSurviveARestart() async throws {
        try await withBotHarness { harness in
            let put = try await harness.bind("ha-456678", bot: "catalog-assistant", rules: [(TestRules.advisors, "Advisors")])
            #expect(put.status == 200, "\(put.text)")
            #expect(put.json["idOperator"] == "ha-456678")
            #expect(put.json["external"]?["idBot"] == "catalog-assistant")
            #expect(put.json["external"]?["editorUrl"] == "https://shop.example.com/bots/catalog-assistant")
            #expect(put.json["distributionRules"] == [["id": .string(TestRules.advisors), "label": "Advisors"]])
            let createdAt = try #require(put.json["createdAt"]?.stringValue)
            #expect(try Date(createdAt, strategy: Date.ISO8601FormatStyle()) <= Date())
            #expect(put.json["updatedAt"]?.stringValue == createdAt)

            let get = try await harness.get("/bots/demo/bots/ha-456678?\(Self.query)")
            #expect(get.status == 200)
            #expect(get.json == put.json)

            harness.restart()
            let afterRestart = try await harness.get("/bots/demo/bots/ha-456678?\(Self.query)")
            #expect(afterRestart.json == put.json, "read back from \(harness.bindingsFile)")
            let saved = try savedBindings(harness.bindingsFile)
            #expect(saved["ha-456678"]?["idOperator"] == "ha-456678")
            #expect(saved["ha-456678"]?["pseudo"] == "Botty")

            // Re-binding to another bot keeps the creation date.
            try await Task.sleep(for: .milliseconds(1100))
            let rebound = try await harness.bind("ha-456678", bot: "conseiller", language: "fr")
            #expect(rebound.json["external"]?["idBot"] == "conseiller")
            #expect(rebound.json["createdAt"]?.stringValue == createdAt)
            #expect(rebound.json["updatedAt"]?.stringValue != createdAt)
            #expect(rebound.json["distributionRules"] == [])
        }
    }

    @Test func signaturesAreCheckedBeforeAnyHandler() async throws {
        try await withBotHarness { harness in
            let path = "/bots/demo/external-bots?\(Self.query)"
            let missing = try await harness.get(path, signature: .some(nil))
            #expect(missing.status == 401)
            #expect(missing.json["error"] == "signature_missing")
            let wrong = try await harness.get(path, signature: .some("sha256=" + String(repeating: "0", count: 64)))
            #expect(wrong.status == 401 && wrong.json["error"] == "signature_invalid")
            let otherQuery = try await harness.get(path, signature: .some(BotHarness.sign(Array("idWebsite=ha-123".utf8))))
            #expect(otherQuery.status == 401)

            // A PUT signed over another body binds nothing.
            let body: JSON = ["external": ["idBot": "catalog-assistant"]]
            let forged = try await harness.send(
                "PUT", "/bots/demo/bots/ha-1?\(Self.query)", json: body,
                signature: .some(BotHarness.sign(Array(#"{"external":{"idBot":"closed"}}"#.utf8))))
            #expect(forged.status == 401)
            let unsigned = try await harness.send("PUT", "/bots/demo/bots/ha-1?\(Self.query)", json: body, signature: .some(nil))
            #expect(unsigned.status == 401)
            #expect(await harness.current.value.state.bindings.binding(for: "ha-1") == nil)
            #expect(!FileManager.default.fileExists(atPath: harness.bindingsFile))

            let message = try await harness.send(
                "POST", "/bots/demo/conversations/c1/messages?\(Self.query)", body: Array("{}".utf8), signature: BotHarness.sign(Array("{ }".utf8)))
            #expect(message.status == 401)
        }
    }

    @Test func availabilityStrategiesFollowTheConfiguration() async throws {
        try await withBotHarness { harness in
            #expect(try await harness.bind("ha-1", bot: "catalog-assistant").status == 200)
            #expect(
                try await harness.bind("ha-2", bot: "conseiller", rules: [(TestRules.experts, "Experts"), (TestRules.advisors, "Advisors")]).status
                    == 200)
            #expect(try await harness.bind("ha-3", bot: "closed").status == 200)
            #expect(try await harness.bind("ha-4", bot: "experts-only").status == 200)
            #expect(try await harness.bind("ha-5", bot: "conseiller").status == 200)
            func strategy(_ idOperator: String) async throws -> JSON {
                let answer = try await harness.get("/bots/demo/availability-strategies?\(Self.query)&idOperator=\(idOperator)")
                #expect(answer.status == 200, "\(answer.text)")
                return answer.json
            }
            #expect(try await strategy("ha-1") == [["strategy": "customAvailability", "availability": true]])
            #expect(
                try await strategy("ha-2") == [
                    ["strategy": "atLeastOne", "distributionRulesToCheck": [.string(TestRules.experts), .string(TestRules.advisors)]]
                ],
                "atLeastOne without rules of its own checks the rules iAdvize bound")
            #expect(try await strategy("ha-3") == [["strategy": "notAvailable"]])
            #expect(try await strategy("ha-4") == [["strategy": "all", "distributionRulesToCheck": [.string(TestRules.experts)]]])
            #expect(try await strategy("ha-5") == [["strategy": "notAvailable"]], "no rule to check at all: unavailable, never an invalid answer")

            let unknown = try await harness.get("/bots/demo/availability-strategies?\(Self.query)&idOperator=ha-404")
            #expect(unknown.status == 404 && unknown.json["error"] == "unknown_operator")
            let missing = try await harness.get("/bots/demo/availability-strategies?\(Self.query)")
            #expect(missing.status == 400 && missing.json["parameter"] == "idOperator")
        }
    }

    @Test func unknownOperatorsTenantsAndWebsites() async throws {
        try await withBotHarness { harness in
            for path in ["/bots/demo/bots/ha-404?\(Self.query)", "/bots/demo/bots/ha-404/conversation-first-messages?\(Self.query)"] {
                let answer = try await harness.get(path)
                #expect(answer.status == 404, "\(path)")
                #expect(answer.json["error"] == "unknown_operator")
            }
            let start = try await harness.startConversation("c1", operator: "ha-404")
            #expect(start.status == 404 && start.json["field"] == "idOperator")
            let message = try await harness.say("lamp", in: "c1", operator: "ha-404")
            #expect(message.status == 404 && message.json["error"] == "unknown_operator")

            let tenant = try await harness.get("/bots/nobody/external-bots?\(Self.query)")
            #expect(tenant.status == 404 && tenant.json["error"] == "unknown_tenant")
            let website = try await harness.get("/bots/demo/external-bots?idWebsite=ha-999")
            #expect(website.status == 403 && website.json["parameter"] == "idWebsite")
            let noWebsite = try await harness.get("/bots/demo/external-bots?idConnectorVersion=\(BotHarness.connectorVersion)")
            #expect(noWebsite.status == 400 && noWebsite.json["parameter"] == "idWebsite")
            let badWebsite = try await harness.get("/bots/demo/external-bots?idWebsite=ha%20123")
            #expect(badWebsite.status == 400)

            // First messages are documented without idWebsite: accepted for a bound operator.
            #expect(try await harness.bind("ha-1", bot: "closed").status == 200)
            let first = try await harness.get("/bots/demo/bots/ha-1/conversation-first-messages?idConnectorVersion=\(BotHarness.connectorVersion)")
            #expect(first.status == 200, "\(first.text)")
            #expect(first.texts == ["We are closed today.", "Leave us your question anyway."])
            #expect(first.replies.map { $0["quickReplies"]?.arrayValue?.count } == [0, 1])
            #expect(first.quickReplies == ["Opening hours"])

            // A pinned operator needs no PUT.
            let pinned = try await harness.get("/bots/demo/bots/ha-pinned?\(Self.query)")
            #expect(pinned.status == 200 && pinned.json["external"]?["idBot"] == "conseiller")
        }
    }

    @Test func malformedBodiesNameTheField() async throws {
        try await withBotHarness { harness in
            #expect(try await harness.bind("ha-1", bot: "catalog-assistant").status == 200)
            let cases: [(String, String, JSON?, String)] = [
                ("PUT", "/bots/demo/bots/ha-2", ["name": "x"], "external"),
                ("PUT", "/bots/demo/bots/ha-2", ["external": [:]], "external.idBot"),
                ("PUT", "/bots/demo/bots/ha-2", ["external": ["idBot": 12.5]], "external.idBot"),
                ("PUT", "/bots/demo/bots/ha-2", ["external": ["idBot": "closed"], "distributionRules": "all"], "distributionRules"),
                ("PUT", "/bots/demo/bots/ha-2", ["external": ["idBot": "closed"], "distributionRules": [["label": "x"]]], "distributionRules[0].id"),
                ("PUT", "/bots/demo/bots/ha-2", ["external": ["idBot": "nonexistent"]], "external.idBot"),
                ("POST", "/bots/demo/conversations", ["idOperator": "ha-1"], "idConversation"),
                ("POST", "/bots/demo/conversations", ["idConversation": "c1"], "idOperator"),
                ("POST", "/bots/demo/conversations/c1/messages", ["idOperator": "ha-1"], "message"),
                ("POST", "/bots/demo/conversations/c1/messages", ["idOperator": "ha-1", "message": ["payload": ["value": "x"]]], "message.author"),
                ("POST", "/bots/demo/conversations/c1/messages", ["idOperator": "ha-1", "message": ["author": [:]]], "message.author.role"),
                (
                    "POST", "/bots/demo/conversations/c1/messages",
                    ["idOperator": "ha-1", "message": ["author": ["role": "visitor"], "payload": "hi"]], "message.payload"
                ),
                (
                    "POST", "/bots/demo/conversations/c1/messages",
                    ["idOperator": "ha-1", "message": ["author": ["role": "visitor"], "payload": ["contentType": "text", "value": ["x"]]]],
                    "message.payload.value"
                ),
                ("POST", "/bots/demo/conversations", ["x"], "body"),
                ("POST", "/bots/demo/conversations", nil, "body"),
            ]
            for (method, path, body, field) in cases {
                let answer: BotHarness.Answer
                if let body {
                    answer = try await harness.send(method, "\(path)?\(Self.query)", json: body)
                } else {
                    let bytes = Array("{\"idOperator\": ".utf8)
                    answer = try await harness.send(method, "\(path)?\(Self.query)", body: bytes, signature: BotHarness.sign(bytes))
                }
                #expect(answer.status == 400, "\(method) \(path) \(body?.description ?? "truncated"): \(answer.text)")
                #expect(answer.json["field"]?.stringValue == field, "\(answer.text)")
                #expect(answer.json["message"]?.stringValue?.isEmpty == false)
            }
            #expect(await harness.current.value.state.bindings.binding(for: "ha-2") == nil)
        }
    }

    @Test func oversizedBodiesAreRefusedUnread() async throws {
        try await withBotHarness { harness in
            let body = Array(String(repeating: " ", count: 70 * 1024).utf8) + Array("{}".utf8)
            let answer = try await harness.send("POST", "/bots/demo/conversations?\(Self.query)", body: body, signature: BotHarness.sign(body))
            #expect(answer.status == 413)
            #expect(answer.json["error"] == "body_too_large")
        }
    }

    @Test func aBindingThatCannotBeSavedIsRefusedCleanly() async throws {
        try await withBotHarness { harness in
            // A file where the bindings folder should be: the write fails.
            try FileManager.default.createDirectory(at: harness.directory, withIntermediateDirectories: true)
            try "not a folder".write(toFile: harness.directory.appendingPathComponent("state").path, atomically: false, encoding: .utf8)
            let answer = try await harness.bind("ha-1", bot: "catalog-assistant")
            #expect(answer.status == 503)
            #expect(answer.json["error"] == "binding_not_saved")
            let get = try await harness.get("/bots/demo/bots/ha-1?\(Self.query)")
            #expect(get.status == 404, "nothing was bound")
        }
    }
}
