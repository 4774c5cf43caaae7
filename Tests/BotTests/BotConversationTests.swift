import Bot
import Foundation
import GatewayConfig
import Mapping
import Sandbox
import Testing

/// Whole conversations over real sockets: iAdvize's calls signed, the Shopify simulator behind
/// the real declarative adapter.
@Suite struct BotConversationTests {
    @Test func aConversationFromGreetingToTransfer() async throws {
        try await withBotHarness { harness in
            let bound = try await harness.bind("ha-1001", bot: "catalog-assistant")
            #expect(bound.status == 200, "\(bound.text)")

            let first = try await harness.get("/bots/demo/bots/ha-1001/conversation-first-messages?\(BotHarness.query)")
            #expect(first.status == 200, "\(first.text)")
            #expect(first.types == ["message"])
            #expect(first.texts.first?.contains("Botty") == true, "the pseudo iAdvize gave: \(first.texts)")
            #expect(first.quickReplies == ["Talk to an advisor"])
            #expect(harness.sandbox.shopify.requestCount == 0, "first messages cost no upstream call")

            let started = try await harness.startConversation("conv-1", operator: "ha-1001")
            #expect(started.status == 200, "\(started.text)")
            #expect(started.json["replies"] == [])
            #expect(started.json["idConversation"] == "conv-1")
            #expect(started.json["idOperator"] == "ha-1001")

            let expected = try await harness.catalogProducts("matcha")
            #expect(expected.count > 3, "the demo shop has several matcha teas")
            let found = try await harness.say("Hello, I'm looking for some matcha please!", in: "conv-1", operator: "ha-1001")
            #expect(found.status == 200, "\(found.text)")
            #expect(found.texts == ["Here is what I found for “matcha”:"])
            #expect(found.offers.compactMap { $0["name"]?.stringValue } == expected.prefix(3).map(\.title))
            #expect(found.quickReplies == ["Show more", "Talk to an advisor"])
            let offer = try #require(found.offers.first)
            #expect(offer["contentType"] == "product-offer")
            #expect(offer["price"]?.stringValue == expected[0].priceCatalog)
            #expect(offer["actions"]?[0]?["type"] == "LINK")
            #expect(offer["actions"]?[0]?["url"]?.stringValue == expected[0].productUrl)
            #expect(offer["availability"]?["status"]?.stringValue == (expected[0].available == true ? "AVAILABLE" : "UNAVAILABLE"))

            let more = try await harness.say("Show more", in: "conv-1", operator: "ha-1001")
            #expect(more.texts == ["Here are more results for “matcha”:"])
            #expect(more.offers.compactMap { $0["name"]?.stringValue } == expected.dropFirst(3).prefix(3).map(\.title))

            let human = try await harness.say("Talk to an advisor", in: "conv-1", operator: "ha-1001")
            #expect(human.types == ["message", "transfer", "await", "message"])
            #expect(human.replies[1]["distributionRule"]?.stringValue == TestRules.advisors)
            #expect(human.replies[1]["transferOptions"]?["timeout"] == ["value": 30, "unit": "seconds"])
            #expect(human.texts.last == "No advisor is available right now. You can keep searching with me, or try again later.")
        }
    }
}

extension BotConversationTests {
    @Test func operatorAndBotMessagesGetNoReplies() async throws {
        try await withBotHarness { harness in
            #expect(try await harness.bind("ha-1", bot: "catalog-assistant").status == 200)
            for role in ["operator", "bot", "system"] {
                let answer = try await harness.say("Here is what I found for “matcha”:", in: "c1", operator: "ha-1", role: role)
                #expect(answer.status == 200, "\(role): \(answer.text)")
                #expect(answer.json["replies"] == [], "\(role)")
                #expect(answer.json["idConversation"] == "c1")
            }
            #expect(harness.sandbox.shopify.requestCount == 0, "no search for the bot's own messages")
        }
    }

    @Test func aFrenchConversationPagesToTheEnd() async throws {
        try await withBotHarness { harness in
            #expect(try await harness.bind("ha-2", bot: "conseiller", language: "fr", rules: [(TestRules.experts, "Experts")]).status == 200)
            let first = try await harness.get("/bots/demo/bots/ha-2/conversation-first-messages?\(BotHarness.query)")
            #expect(first.texts.first?.hasPrefix("Bonjour, je suis Botty") == true, "\(first.texts)")
            #expect(first.quickReplies == ["Parler à un conseiller"])

            let expected = try await harness.catalogProducts("écharpe")
            try #require(expected.count >= 3, "the demo shop has several scarves")
            var answer = try await harness.say("Bonjour, avez-vous des écharpes ?", in: "fr-1", operator: "ha-2")
            #expect(answer.texts == ["Voici ce que j'ai trouvé pour « écharpe » :"], "\(answer.text)")
            var shown: [String] = answer.offers.compactMap { $0["name"]?.stringValue }
            var pages = 1
            while answer.quickReplies.contains("Voir plus") && pages < 40 {
                answer = try await harness.say("Voir plus", in: "fr-1", operator: "ha-2")
                #expect(answer.texts == ["Voici d'autres résultats pour « écharpe » :"])
                shown += answer.offers.compactMap { $0["name"]?.stringValue }
                pages += 1
            }
            #expect(shown == expected.map(\.title), "pages of 2 cover the list once, in order")
            #expect(pages == (expected.count + 1) / 2)
            #expect(answer.quickReplies == ["Parler à un conseiller"])
            let end = try await harness.say("voir plus", in: "fr-1", operator: "ha-2")
            #expect(end.texts == ["C'est tout ce que j'ai trouvé pour « écharpe ». Essayez d'autres mots, ou parlez à un conseiller."])

            let human = try await harness.say("Je voudrais parler à une conseillère", in: "fr-1", operator: "ha-2")
            #expect(human.types == ["message", "transfer", "await", "message"])
            #expect(human.replies[1]["distributionRule"]?.stringValue == TestRules.experts, "the rule iAdvize bound")
            #expect(human.replies[1]["transferOptions"]?["timeout"] == ["value": 20, "unit": "seconds"])
            #expect(human.texts.first == "Je vous mets en relation avec un conseiller, merci de patienter un instant.")
        }
    }

    @Test func noResultIsAHelpfulMessage() async throws {
        try await withBotHarness { harness in
            #expect(try await harness.bind("ha-1", bot: "catalog-assistant").status == 200)
            let answer = try await harness.say("flux capacitor", in: "c1", operator: "ha-1")
            #expect(
                answer.texts == [
                    "I found nothing for “flux capacitor”. Try other words, such as a type of product or a brand, or talk to an advisor."
                ])
            #expect(answer.quickReplies == ["Talk to an advisor"])
            let more = try await harness.say("Show more", in: "c1", operator: "ha-1")
            #expect(more.texts == ["That's everything I found for “flux capacitor”. Try other words, or talk to an advisor."])
        }
    }

    @Test func unicodeAndVeryLongMessages() async throws {
        try await withBotHarness { harness in
            #expect(try await harness.bind("ha-1", bot: "catalog-assistant").status == 200)
            let japanese = try await harness.say("抹茶", in: "u1", operator: "ha-1")
            #expect(japanese.status == 200)
            #expect(!japanese.offers.isEmpty, "\(japanese.text)")
            #expect(japanese.offers.allSatisfy { $0["name"]?.stringValue?.contains("抹茶") == true })

            let emoji = try await harness.say("😎", in: "u2", operator: "ha-1")
            #expect(emoji.offers.first?["name"]?.stringValue?.contains("😎") == true, "\(emoji.text)")

            let long = String(repeating: "I am looking for a very specific teapot with a lovely 🫖 handle and Ünïcödé décor ", count: 500)
            let answer = try await harness.say(long, in: "u3", operator: "ha-1")
            #expect(answer.status == 200)
            #expect(answer.texts.count == 1)
            for reply in answer.replies {
                let text = reply["payload"]?["value"]?.stringValue ?? ""
                #expect(text.utf16.count <= 450)
            }
            let echoed = try #require(answer.texts.first)
            #expect(echoed.contains("teapot") && !echoed.contains("looking"), "filler dropped: \(echoed)")
            #expect(echoed.utf16.count < 250, "a few words echoed, not the message: \(echoed)")

            let control = try await harness.say("lamp\u{0}\u{7}\u{1B}[31m", in: "u4", operator: "ha-1")
            #expect(control.status == 200)
        }
    }

    @Test func everyTextOfACarouselFitsIAdvizeLimits() async throws {
        // A product named with 2,000 characters, found by a word no other product has.
        let longName = "Zorblatt " + String(repeating: "extraordinarily long product name ", count: 60).prefix(1_991)
        #expect(longName.utf16.count == 2_000)
        let product = try BotHarness.extraProduct(named: longName)
        try await withBotHarness(extraProducts: [product]) { harness in
            #expect(try await harness.bind("ha-1", bot: "catalog-assistant").status == 200)
            var offersSeen = 0
            for search in ["zorblatt", "tea", "café", "bougie", "robe", "thé"] {
                let answer = try await harness.say(search, in: "limits-\(search)", operator: "ha-1")
                #expect(answer.status == 200, "\(search): \(answer.text.prefix(300))")
                if search == "zorblatt" {
                    let names = answer.offers.compactMap { $0["name"]?.stringValue }
                    try #require(names.count == 1, "the long-named product must be offered: \(answer.text.prefix(500))")
                    #expect(names[0].hasPrefix("Zorblatt extraordinarily"), "\(names[0])")
                }
                offersSeen += answer.offers.count
                for offer in answer.offers {
                    #expect(offer["name"]?.stringValue?.isEmpty == false)
                    #expect((offer["name"]?.stringValue?.utf16.count ?? 0) <= 450)
                    #expect((offer["description"]?.stringValue?.utf16.count ?? 0) <= 450)
                    #expect(offer["price"]?.stringValue?.isEmpty == false)
                    #expect(offer["actions"]?[0]?["url"]?.stringValue?.hasPrefix("http") == true)
                    if let image = offer["image"] {
                        #expect(image["url"]?.stringValue?.hasPrefix("http") == true)
                        #expect(image["description"]?.stringValue?.isEmpty == false)
                    }
                }
                // Every text of the answer, wherever it sits (message, offer, label, image), fits.
                for text in Self.strings(in: answer.json) {
                    #expect(text.utf16.count <= MessageText.maxMessageLength, "\(search): \(text.utf16.count) characters: \(text.prefix(80))…")
                }
            }
            #expect(offersSeen > 5, "the searches must show carousels for the limits to be checked")
        }
    }

    /// Every string value in `json`, at any depth.
    static func strings(in json: JSON) -> [String] {
        switch json {
        case .string(let text): [text]
        case .array(let items): items.flatMap(strings(in:))
        case .object(let object): object.values.flatMap(strings(in:))
        default: []
        }
    }

    @Test func fiftyConversationsAtOnceKeepTheirOwnState() async throws {
        try await withBotHarness { harness in
            #expect(try await harness.bind("ha-1", bot: "catalog-assistant").status == 200)
            let searches = ["matcha", "café", "bougie", "thé", "mug"]
            var oracle: [String: [String]] = [:]
            for search in searches { oracle[search] = try await harness.catalogProducts(search).map(\.title) }
            try await withThrowingTaskGroup(of: (Int, [String], [String]).self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let id = "concurrent-\(index)"
                        let search = searches[index % searches.count]
                        let started = try await harness.startConversation(id, operator: "ha-1")
                        #expect(started.status == 200)
                        let first = try await harness.say(search, in: id, operator: "ha-1")
                        let second = try await harness.say("Show more", in: id, operator: "ha-1")
                        let names = { (answer: BotHarness.Answer) in answer.offers.compactMap { $0["name"]?.stringValue } }
                        return (index, names(first), names(second))
                    }
                }
                var finished = 0
                for try await (index, first, second) in group {
                    let expected = oracle[searches[index % searches.count]] ?? []
                    #expect(first == Array(expected.prefix(3)), "conversation \(index)")
                    #expect(second == Array(expected.dropFirst(3).prefix(3)), "conversation \(index)")
                    finished += 1
                }
                #expect(finished == 50)
            }
            #expect((harness.current.value.state.conversations as? ConversationMemory)?.count == 50)
        }
    }

    @Test func messagesWithoutAStartedConversationAreStillAnswered() async throws {
        try await withBotHarness { harness in
            #expect(try await harness.bind("ha-1", bot: "catalog-assistant").status == 200)
            let answer = try await harness.say("matcha", in: "never-started", operator: "ha-1")
            #expect(answer.status == 200)
            #expect(answer.offers.count == 3)
            #expect(answer.json["createdAt"]?.stringValue?.hasSuffix("Z") == true)
        }
    }
}
