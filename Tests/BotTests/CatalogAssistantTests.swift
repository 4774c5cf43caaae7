import Adapters
import Bot
import Foundation
import GatewayConfig
import Plugins
import Synchronization
import Testing

/// The assistant's behaviour without HTTP, against a scripted catalog.
@Suite struct CatalogAssistantTests {
    static let bot = BotDefinition(
        id: "assistant", name: "Shop bot", editorURL: "https://example.com/editor", language: .en,
        transfer: .init(distributionRule: DistributionRule(id: "ef4670c3-d715-4a21-8226-ed17f354fc44"), timeout: .seconds(25)))
    static let caller = PluginCaller(idWebsite: "ha-123", idOperator: "ha-1")

    func assistant(_ catalog: ScriptedCatalog, bot: BotDefinition = Self.bot, deadline: Duration = .seconds(5)) -> CatalogAssistant {
        CatalogAssistant(bot: bot, catalog: catalog, searchDeadline: deadline, conversations: ConversationMemory())
    }

    func visitor(_ text: String?) -> IncomingMessage {
        IncomingMessage(idOperator: "ha-1", author: .visitor, text: text)
    }

    @Test func onlyVisitorMessagesAreAnswered() async {
        let catalog = ScriptedCatalog(ScriptedCatalog.products("lamp", count: 5))
        let assistant = assistant(catalog)
        for author in [IncomingMessage.Author.operator, .other("bot")] {
            let replies = await assistant.reply(
                to: IncomingMessage(idOperator: "ha-1", author: author, text: "lamp"), in: "c1", binding: nil, caller: Self.caller,
                logger: quietLogger)
            #expect(replies.isEmpty)
        }
        #expect(catalog.queries.isEmpty)
    }

    /// The message route has just read the conversation (to answer its `createdAt`): the reply
    /// reuses that state instead of reading the store again (with `shared:`, a Redis round trip).
    @Test func aReplyGivenTheStartedStateReadsTheStoreNoMore() async throws {
        let store = CountingConversationStore()
        let assistant = CatalogAssistant(
            bot: Self.bot, catalog: ScriptedCatalog(ScriptedCatalog.products("lamp", count: 3)), conversations: store)
        let started = await assistant.start(conversation: "c1")
        let readsBefore = store.reads.withLock { $0 }
        let replies = await assistant.reply(to: visitor("lamp"), in: "c1", started: started, binding: nil, caller: Self.caller, logger: quietLogger)
        #expect(replies.last?.offers?.count == 3)
        #expect(store.reads.withLock { $0 } == readsBefore, "the reply read the conversation again")
        #expect(await store.state(of: "c1")?.lastSearch?.query == "lamp", "the search is still remembered")
    }

    @Test func aSearchShowsACarouselAndPagesThroughIt() async throws {
        let catalog = ScriptedCatalog(ScriptedCatalog.products("lamp", count: 7))
        let assistant = assistant(catalog)
        let first = await assistant.reply(to: visitor("  Do you have a LAMP?  "), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
        #expect(first.map(\.text) == ["Here is what I found for “LAMP”:", nil])
        let offers = try #require(first.last?.offers)
        #expect(offers.map(\.name) == ["Lamp 1", "Lamp 2", "Lamp 3"])
        #expect(first.last?.quickReplies == ["Show more", "Talk to an advisor"])
        #expect(offers[0].price == "19.90 €" && offers[0].offerPrice == "9.90 €" && offers[1].offerPrice == nil)
        #expect(offers[0].available == true && offers[1].available == false)
        #expect(offers[0].url == "https://shop.example.com/products/lamp-1" && offers[0].linkName == "See the product")
        #expect(catalog.queries.map(\.window) == [PageWindow(offset: 0, limit: 4)])
        #expect(catalog.queries.first?.searchQuery == "LAMP")
        #expect(catalog.queries.first?.caller == Self.caller)

        let second = await assistant.reply(to: visitor("show more"), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
        #expect(second.last?.offers?.map(\.name) == ["Lamp 4", "Lamp 5", "Lamp 6"])
        #expect(second.first?.text == "Here are more results for “LAMP”:")
        let third = await assistant.reply(to: visitor("Show more"), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
        #expect(third.last?.offers?.map(\.name) == ["Lamp 7"])
        #expect(third.last?.quickReplies == ["Talk to an advisor"], "the list ended: no Show more")
        let fourth = await assistant.reply(to: visitor("more"), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
        #expect(fourth.map(\.text) == ["That's everything I found for “LAMP”. Try other words, or talk to an advisor."])
        #expect(catalog.queries.map(\.window.offset) == [0, 3, 6], "the end of the list costs no search")
    }

    @Test func pluralsFallBackToSingularWords() async {
        let catalog = ScriptedCatalog(ScriptedCatalog.products("lamp", count: 5))
        let assistant = assistant(catalog)
        let replies = await assistant.reply(to: visitor("lamps"), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
        #expect(catalog.queries.map(\.searchQuery) == ["lamps", "lamp"])
        #expect(replies.first?.text == "Here is what I found for “lamp”:")
        _ = await assistant.reply(to: visitor("show more"), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
        #expect(catalog.queries.last?.searchQuery == "lamp", "paging goes on with the words that found something")
        let none = await assistant.reply(to: visitor("unicorns"), in: "c2", binding: nil, caller: Self.caller, logger: quietLogger)
        #expect(catalog.queries.suffix(2).map(\.searchQuery) == ["unicorns", "unicorn"])
        #expect(none.first?.text?.contains("“unicorns”") == true, "the visitor's own words when nothing is found")
    }

    @Test func showMoreBeforeAnySearchAsksWhatToLookFor() async {
        let catalog = ScriptedCatalog([])
        let replies = await assistant(catalog).reply(to: visitor("Show more"), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
        #expect(replies.map(\.text) == ["Tell me first what you are looking for: a product, a type of product or a brand."])
        #expect(catalog.queries.isEmpty)
    }

    @Test func noResultIsAHelpfulMessage() async {
        let catalog = ScriptedCatalog(ScriptedCatalog.products("lamp", count: 2))
        let replies = await assistant(catalog).reply(to: visitor("unicorn saddle"), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
        #expect(replies.count == 1)
        #expect(replies.first?.text?.hasPrefix("I found nothing for “unicorn saddle”.") == true)
        #expect(replies.first?.quickReplies == ["Talk to an advisor"])
    }

    @Test func nothingToSearchForAndNonTextMessages() async {
        let catalog = ScriptedCatalog(ScriptedCatalog.products("lamp", count: 2))
        let assistant = assistant(catalog)
        let hello = await assistant.reply(
            to: visitor("Hello! Could you please help me?"), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
        #expect(hello.map(\.text) == ["What are you looking for? Tell me a product, a type of product or a brand."])
        let file = await assistant.reply(to: visitor(nil), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
        #expect(file.map(\.text) == ["I can only read text. Tell me what you are looking for."])
        #expect(catalog.queries.isEmpty)
    }

    @Test func askingForAHumanTransfersToTheConfiguredRule() async {
        let catalog = ScriptedCatalog([])
        let assistant = assistant(catalog)
        for text in ["Talk to an advisor", "can I talk to a HUMAN please", "agent!", "Is there a real person?"] {
            let replies = await assistant.reply(to: visitor(text), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
            #expect(
                replies == [
                    .message(.text("I'm handing you over to an advisor, please wait a moment."), quickReplies: []),
                    .transfer(distributionRule: "ef4670c3-d715-4a21-8226-ed17f354fc44", timeout: .seconds(25)),
                    .await(milliseconds: 1000),
                    .message(
                        .text("No advisor is available right now. You can keep searching with me, or try again later."),
                        quickReplies: ["Talk to an advisor"]),
                ], "\(text)")
        }
        #expect(catalog.queries.isEmpty)
    }

    @Test func frenchBotsUnderstandFrenchAndUseTheBoundRule() async {
        var bot = Self.bot
        bot.language = nil
        bot.transfer.distributionRule = nil
        let binding = OperatorBinding(
            idOperator: "ha-1", idBot: bot.id, pseudo: "Botty", language: "fr-FR",
            distributionRules: [DistributionRule(id: "fab46f63-a61b-4aec-930b-21a438863a6c", label: "Experts")], createdAt: Date(), updatedAt: Date())
        let assistant = assistant(ScriptedCatalog([]), bot: bot)
        #expect(assistant.language(for: binding) == .fr)
        for text in ["Je veux parler à une CONSEILLÈRE", "un humain svp", "Parler à un conseiller", "conseiller"] {
            let replies = await assistant.reply(to: visitor(text), in: "c1", binding: binding, caller: Self.caller, logger: quietLogger)
            #expect(replies.count == 4, "\(text)")
            #expect(replies.dropFirst().first == .transfer(distributionRule: "fab46f63-a61b-4aec-930b-21a438863a6c", timeout: .seconds(25)))
            #expect(replies.first?.text == "Je vous mets en relation avec un conseiller, merci de patienter un instant.")
        }
        let english = await assistant.reply(to: visitor("advisor"), in: "c2", binding: binding, caller: Self.caller, logger: quietLogger)
        #expect(
            english.count == 1 && english.first?.text?.hasPrefix("Je n'ai rien trouvé pour « advisor »") == true,
            "English words are a search for a French bot")

        var ruleless = binding
        ruleless.distributionRules = []
        let unbound = await assistant.reply(to: visitor("conseiller"), in: "c3", binding: ruleless, caller: Self.caller, logger: quietLogger)
        #expect(
            unbound.map(\.text) == [
                "Je ne peux pas transférer cette conversation à un conseiller d'ici. Vous pouvez continuer vos recherches avec moi."
            ])
    }

    @Test func aSlowShopGetsAnApologyAtTheDeadline() async {
        // The catalog takes 3 s and ignores cancellation; the assistant must not wait for it.
        let catalog = ScriptedCatalog(ScriptedCatalog.products("lamp", count: 5), delay: .seconds(3))
        let assistant = assistant(catalog, deadline: .milliseconds(200))
        let replies = await assistant.reply(to: visitor("lamp"), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
        #expect(catalog.finishedCount == 0, "answered before the catalog finished")
        #expect(replies.map(\.text) == ["Sorry, the shop is taking too long to answer. Try again in a moment, or talk to an advisor."])
        #expect(replies.first?.quickReplies == ["Try again", "Talk to an advisor"])
        #expect(await assistant.conversations.state(of: "c1")?.lastSearch == .init(query: "lamp", offset: 0, outcome: .failed))
    }

    @Test func upstreamFailuresBecomeApologies() async {
        let failures: [AdapterError] = [
            .throttled(message: "slow down", retryAfter: .seconds(2)), .unavailable(message: "down"), .timedOut(after: .seconds(8)),
            .authFailed(status: 401), .badResponse(message: "garbage"), .tooManyPages(limit: 20), .unsupported(operation: "products"),
        ]
        for failure in failures {
            let assistant = assistant(ScriptedCatalog([], failure: failure))
            let replies = await assistant.reply(to: visitor("lamp"), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
            #expect(
                replies.map(\.text) == ["Sorry, I can't reach the shop's catalog right now. Try again in a moment, or talk to an advisor."],
                "\(failure)")
            #expect(replies.first?.quickReplies == ["Try again", "Talk to an advisor"])
        }
    }

    @Test func tryAgainRunsTheFailedSearchAgain() async {
        let memory = ConversationMemory()
        let failing = CatalogAssistant(bot: Self.bot, catalog: ScriptedCatalog([], failure: .unavailable(message: "down")), conversations: memory)
        _ = await failing.reply(to: visitor("brass lamp"), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
        let working = ScriptedCatalog(
            ScriptedCatalog.products("brass", count: 2).map { product in
                var lamp = product
                lamp.title += " lamp"
                return lamp
            })
        let recovered = CatalogAssistant(bot: Self.bot, catalog: working, conversations: memory)
        let replies = await recovered.reply(to: visitor("Try again"), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
        #expect(working.queries.map(\.searchQuery) == ["brass lamp"])
        #expect(replies.last?.offers?.count == 2)
    }

    @Test func offersNeverCarryEmptyLinksOrOverlongNames() async throws {
        let longName = String(repeating: "Extraordinarily long product name ", count: 40)
        let products = [
            Product(
                id: "1", title: longName + "lamp", productUrl: "https://shop.example.com/p/1", description: String(repeating: "d", count: 5000),
                imageUrl: "", reference: "", priceCatalog: "10 €"),
            Product(
                id: "2", title: "Lamp without page", productUrl: "", description: "", imageUrl: "https://cdn.example.com/2.jpg", reference: "",
                priceCatalog: "10 €"),
            Product(
                id: "3", title: "Lamp without price", productUrl: "https://shop.example.com/p/3", description: "", imageUrl: "", reference: "",
                priceCatalog: ""),
            Product(
                id: "4", title: "Lamp on sale only", productUrl: "https://shop.example.com/p/4", description: "", imageUrl: "/relative.jpg",
                reference: "", priceCatalog: "", pricePromotion: "5 €"),
        ]
        var bot = Self.bot
        bot.resultsPerPage = 4
        let replies = await assistant(ScriptedCatalog(products), bot: bot).reply(
            to: visitor("lamp"), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
        let offers = try #require(replies.last?.offers)
        try #require(offers.count == 2)
        #expect(offers.map(\.url) == ["https://shop.example.com/p/1", "https://shop.example.com/p/4"])
        #expect(offers.allSatisfy { $0.name.utf16.count <= 120 && ($0.description?.utf16.count ?? 0) <= 200 })
        #expect(offers[0].name.hasSuffix("…"))
        #expect(offers.allSatisfy { $0.imageURL == nil }, "empty and relative images are left out")
        #expect(offers[1].price == "5 €" && offers[1].offerPrice == nil)
    }

    @Test func firstMessagesComeFromTheConfigurationOrTheGreeting() {
        let assistant = assistant(ScriptedCatalog([]))
        let binding = OperatorBinding(idOperator: "ha-1", idBot: "assistant", pseudo: "Botty", createdAt: Date(), updatedAt: Date())
        #expect(
            assistant.firstMessages(for: binding) == [
                .message(
                    .text("Hi, I'm Botty, the shop's assistant bot. Tell me what you are looking for and I'll search the catalog for you."),
                    quickReplies: ["Talk to an advisor"])
            ])
        var bot = Self.bot
        bot.firstMessages = [.init(text: "I'm {bot}, a bot."), .init(text: "Ask me anything.")]
        #expect(
            self.assistant(ScriptedCatalog([]), bot: bot).firstMessages(for: nil) == [
                .message(.text("I'm Shop bot, a bot."), quickReplies: []), .message(.text("Ask me anything."), quickReplies: ["Talk to an advisor"]),
            ])
        bot.firstMessages = []
        #expect(self.assistant(ScriptedCatalog([]), bot: bot).firstMessages(for: nil).isEmpty)
    }

    @Test func overriddenTextsAreSpoken() async {
        var bot = Self.bot
        bot.texts = [.results: "Voilà {query} !", .showMore: "Plus", .talkToAdvisor: "Un humain"]
        bot.handoverWords = ["service desk"]
        let assistant = assistant(ScriptedCatalog(ScriptedCatalog.products("lamp", count: 5)), bot: bot)
        let replies = await assistant.reply(to: visitor("lamp"), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
        #expect(replies.first?.text == "Voilà lamp !")
        #expect(replies.last?.quickReplies == ["Plus", "Un humain"])
        let more = await assistant.reply(to: visitor("plus"), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
        #expect(more.last?.offers?.map(\.name) == ["Lamp 4", "Lamp 5"], "the overridden quick reply is understood")
        let human = await assistant.reply(to: visitor("un humain"), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
        #expect(human.count == 4)
        let desk = await assistant.reply(to: visitor("the Service-Desk please"), in: "c1", binding: nil, caller: Self.caller, logger: quietLogger)
        #expect(desk.count == 4, "extra handover words from the configuration")
    }

    @Test func conversationsKeepTheirOwnPages() async {
        let catalog = ScriptedCatalog(ScriptedCatalog.products("lamp", count: 9) + ScriptedCatalog.products("chair", count: 9))
        let assistant = assistant(catalog)
        _ = await assistant.reply(to: visitor("lamp"), in: "a", binding: nil, caller: Self.caller, logger: quietLogger)
        _ = await assistant.reply(to: visitor("chair"), in: "b", binding: nil, caller: Self.caller, logger: quietLogger)
        let moreA = await assistant.reply(to: visitor("show more"), in: "a", binding: nil, caller: Self.caller, logger: quietLogger)
        let moreB = await assistant.reply(to: visitor("show more"), in: "b", binding: nil, caller: Self.caller, logger: quietLogger)
        #expect(moreA.last?.offers?.map(\.name) == ["Lamp 4", "Lamp 5", "Lamp 6"])
        #expect(moreB.last?.offers?.map(\.name) == ["Chair 4", "Chair 5", "Chair 6"])
    }
}

/// A conversation store that counts its reads.
final class CountingConversationStore: ConversationStore {
    let reads = Mutex(0)
    private let memory = ConversationMemory()

    func state(of idConversation: String) async -> ConversationState? {
        reads.withLock { $0 += 1 }
        return await memory.state(of: idConversation)
    }

    func remember(_ state: ConversationState, for idConversation: String) async {
        await memory.remember(state, for: idConversation)
    }
}
