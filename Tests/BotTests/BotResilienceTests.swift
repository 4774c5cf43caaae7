import Bot
import Foundation
import Mapping
import Sandbox
import Testing

/// A slow, throttled or failing shop never turns into a timeout or a 5xx: the visitor gets an
/// apology and the way to an advisor.
@Suite struct BotResilienceTests {
    @Test func aSlowShopGetsAnApologyBeforeItAnswers() async throws {
        // A deadline that a loaded machine still meets once the shop is fast again.
        try await withBotHarness(searchDeadline: "4s") { harness in
            #expect(try await harness.bind("ha-1", bot: "catalog-assistant").status == 200)
            // Every upstream call waits 8 s: twice the bot's search deadline.
            harness.sandbox.faults.add(.latency(milliseconds: 8000), to: .simulator(.shopify), trigger: .probability(1, seed: 1))
            let answer = try await harness.say("matcha", in: "slow-1", operator: "ha-1", retryingSlowSearches: false)
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.texts == ["Sorry, the shop is taking too long to answer. Try again in a moment, or talk to an advisor."])
            #expect(answer.quickReplies == ["Try again", "Talk to an advisor"])
            #expect(answer.offers.isEmpty)
            // The answer came before the shop answered anything.
            #expect(harness.sandbox.shopify.requests.isEmpty)

            // Once the slow call is over (the simulator logs it when it answers), the shop is fast again.
            harness.sandbox.faults.clear()
            while harness.sandbox.shopify.requests.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
            let retried = try await harness.say("Try again", in: "slow-1", operator: "ha-1")
            #expect(retried.texts == ["Here is what I found for “matcha”:"], "\(retried.text)")
            #expect(retried.offers.count == 3)

            let human = try await harness.say("Talk to an advisor", in: "slow-1", operator: "ha-1")
            #expect(human.types == ["message", "transfer", "await", "message"])
        }
    }

    @Test func aThrottledShopGetsAnApologyAndAnAdvisor() async throws {
        try await withBotHarness { harness in
            #expect(try await harness.bind("ha-1", bot: "catalog-assistant").status == 200)
            harness.sandbox.faults.add(.shopifyThrottled, to: .simulator(.shopify), trigger: .probability(1, seed: 1))
            let answer = try await harness.say("matcha", in: "throttled-1", operator: "ha-1")
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.texts == ["Sorry, I can't reach the shop's catalog right now. Try again in a moment, or talk to an advisor."])
            #expect(answer.quickReplies == ["Try again", "Talk to an advisor"])
            #expect(harness.sandbox.faults.injectedCount > 0)

            let human = try await harness.say(answer.quickReplies[1], in: "throttled-1", operator: "ha-1")
            #expect(human.replies[1]["type"] == "transfer")
            #expect(human.replies[1]["distributionRule"]?.stringValue == TestRules.advisors)
        }
    }

    @Test(arguments: [
        Fault.status(503, body: #"{"errors":"Service Unavailable"}"#), .tooManyRequests(retryAfter: .seconds(2)), .malformedJSON, .dropConnection,
        .status(401, body: #"{"errors":"[API] Invalid API key or access token"}"#),
    ])
    func failingShopsNeverBecomeServerErrors(_ fault: Fault) async throws {
        try await withBotHarness { harness in
            #expect(try await harness.bind("ha-1", bot: "conseiller").status == 200)
            harness.sandbox.faults.add(fault, to: .simulator(.shopify), trigger: .probability(1, seed: 1))
            let answer = try await harness.say("Je cherche du thé", in: "down-1", operator: "ha-1")
            #expect(answer.status == 200, "\(fault.kind): \(answer.text)")
            // The shop's failure, or the deadline if upstream retries outlast it: an apology either way.
            let apologies = [
                "Désolé, je n'arrive pas à joindre le catalogue de la boutique. Réessayez dans un instant, ou parlez à un conseiller.",
                "Désolé, la boutique met trop de temps à répondre. Réessayez dans un instant, ou parlez à un conseiller.",
            ]
            #expect(answer.texts.count == 1 && apologies.contains(answer.texts[0]), "\(fault.kind): \(answer.texts)")
            #expect(answer.quickReplies == ["Réessayer", "Parler à un conseiller"])
        }
    }
}
