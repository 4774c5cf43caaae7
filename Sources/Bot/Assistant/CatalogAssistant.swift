import Adapters
import Foundation
import GatewayConfig
import Logging
import Plugins

/// The catalog assistant's behaviour, apart from HTTP: what one bot says to a visitor. It searches
/// the tenant's catalog with the visitor's words, pages through results, apologises when the shop
/// is slow or failing, and hands over to a human when asked.
package struct CatalogAssistant: Sendable {
    package let bot: BotDefinition
    package let catalog: any Catalog
    package let searchDeadline: Duration
    package let conversations: any ConversationStore
    private let now: @Sendable () -> Date

    package init(
        bot: BotDefinition, catalog: any Catalog, searchDeadline: Duration = .seconds(4), conversations: any ConversationStore,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.bot = bot
        self.catalog = catalog
        self.searchDeadline = searchDeadline
        self.conversations = conversations
        self.now = now
    }

    /// The language the bot speaks for an operator: its own, else the one iAdvize bound, else English.
    package func language(for binding: OperatorBinding?) -> BotLanguage {
        bot.language ?? binding?.language.flatMap(BotLanguage.init(code:)) ?? .en
    }

    package func texts(for binding: OperatorBinding?) -> BotTexts {
        bot.texts(in: language(for: binding))
    }

    /// What fills `{bot}`: the pseudo iAdvize shows, else the name given in iAdvize, else the bot's name.
    private func displayName(_ binding: OperatorBinding?) -> String {
        [binding?.pseudo, binding?.name].compactMap { $0?.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty } ?? bot.name
    }

    // MARK: Conversation start

    /// The messages shown when the chat box opens: no upstream call (iAdvize waits 2 s at most).
    package func firstMessages(for binding: OperatorBinding?) -> [BotReply] {
        let texts = texts(for: binding)
        let name = displayName(binding)
        guard let configured = bot.firstMessages else {
            return [.message(.text(texts.message(.greeting, bot: name)), quickReplies: [texts[.talkToAdvisor]])]
        }
        return configured.enumerated().map { index, message in
            let text = BotTexts.fill(message.text, bot: name)
            let isLast = index == configured.count - 1
            return .message(.text(text), quickReplies: message.quickReplies ?? (isLast ? [texts[.talkToAdvisor]] : []))
        }
    }

    /// Remembers a conversation iAdvize starts (`POST /conversations`) and returns its state.
    @discardableResult
    package func start(conversation idConversation: String) async -> ConversationState {
        if let known = await conversations.state(of: idConversation) { return known }
        let state = ConversationState(createdAt: ISOTimestamp.wholeSeconds(now()))
        await conversations.remember(state, for: idConversation)
        return state
    }

    // MARK: Messages

    /// The replies to a message posted in a conversation. Only visitor messages are answered:
    /// iAdvize also posts the bot's own messages and other operators' here. `started` is the
    /// conversation's state when the caller has just read it (with `shared:`, each read is a Redis
    /// round trip).
    package func reply(
        to message: IncomingMessage, in idConversation: String, started: ConversationState? = nil, binding: OperatorBinding?,
        caller: PluginCaller, logger: Logger
    ) async -> [BotReply] {
        guard message.author == .visitor else { return [] }
        var state: ConversationState
        if let started { state = started } else { state = await start(conversation: idConversation) }
        let language = language(for: binding)
        let texts = bot.texts(in: language)
        let intent: VisitorIntent
        if let text = message.text {
            intent = IntentReader(language: language, texts: texts, extraHandoverWords: bot.handoverWords).intent(of: text)
        } else {
            return [.message(.text(texts.message(.notText)), quickReplies: [texts[.talkToAdvisor]])]
        }
        switch intent {
        case .human:
            return handover(texts, binding: binding)
        case .nothingToSearch:
            return [.message(.text(texts.message(.askForQuery)), quickReplies: [texts[.talkToAdvisor]])]
        case .search(let query):
            return await search(query, offset: 0, state: &state, id: idConversation, texts: texts, language: language, caller: caller, logger: logger)
        case .retry, .showMore:
            guard let last = state.lastSearch else {
                return [.message(.text(texts.message(.nothingToShowMore)), quickReplies: [texts[.talkToAdvisor]])]
            }
            switch (intent, last.outcome) {
            case (.showMore, .shown(hasMore: false)):
                return [.message(.text(texts.message(.noMoreResults, query: last.query)), quickReplies: [texts[.talkToAdvisor]])]
            case (.showMore, .shown(hasMore: true)):
                return await search(
                    last.query, offset: last.offset + bot.resultsPerPage, state: &state, id: idConversation, texts: texts, language: language,
                    caller: caller, logger: logger)
            default:
                // "Try again", or "Show more" after a failure: the same page again.
                return await search(
                    last.query, offset: last.offset, state: &state, id: idConversation, texts: texts, language: language, caller: caller,
                    logger: logger)
            }
        }
    }

    /// A transfer to the configured distribution rule (else the first one iAdvize bound), then the
    /// message iAdvize shows only if no agent took the conversation in time.
    private func handover(_ texts: BotTexts, binding: OperatorBinding?) -> [BotReply] {
        guard let rule = bot.transfer.distributionRule?.id ?? binding?.distributionRules.first?.id else {
            return [.message(.text(texts.message(.noAdvisorRoute)), quickReplies: [])]
        }
        return [
            .message(.text(texts.message(.transferring)), quickReplies: []),
            .transfer(distributionRule: rule, timeout: bot.transfer.timeout),
            .await(milliseconds: 1000),
            .message(.text(texts.message(.transferFailed)), quickReplies: [texts[.talkToAdvisor]]),
        ]
    }

    /// Searches one page (asking one product more to know whether the list goes on), remembers
    /// how it went, and answers with a carousel or an apology.
    private func search(
        _ query: String, offset: Int, state: inout ConversationState, id: String, texts: BotTexts, language: BotLanguage,
        caller: PluginCaller, logger: Logger
    ) async -> [BotReply] {
        let pageSize = bot.resultsPerPage
        let catalog = self.catalog
        // A new search without results is tried once more with singular words, within the same deadline.
        let fallback = offset == 0 ? SearchText.singular(of: query, language: language) : nil
        let window = PageWindow(offset: offset, limit: pageSize + 1)
        let outcome = await DeadlineRace.run(within: searchDeadline) { () async throws(AdapterError) -> (String, [Product]) in
            let products = try await catalog.products(ProductQuery(caller: caller, searchQuery: query, window: window), logger: logger)
            guard products.isEmpty, let fallback else { return (query, products) }
            return (fallback, try await catalog.products(ProductQuery(caller: caller, searchQuery: fallback, window: window), logger: logger))
        }
        let replies: [BotReply]
        switch outcome {
        case .timedOut:
            logger.warning("bot search passed its deadline", metadata: ["deadline": "\(searchDeadline)"])
            state.lastSearch = .init(query: query, offset: offset, outcome: .failed)
            replies = [.message(.text(texts.message(.slowShop)), quickReplies: [texts[.tryAgain], texts[.talkToAdvisor]])]
        case .finished(.failure(let error)):
            logger.warning("bot search failed upstream", metadata: ["error": "\(error)"])
            state.lastSearch = .init(query: query, offset: offset, outcome: .failed)
            replies = [.message(.text(texts.message(.shopUnavailable)), quickReplies: [texts[.tryAgain], texts[.talkToAdvisor]])]
        case .finished(.success(let (searched, products))):
            // Results are echoed and paged with the words that found them; no result with the visitor's.
            let query = products.isEmpty ? query : searched
            let hasMore = products.count > pageSize
            let offers = products.prefix(pageSize).compactMap { ProductOffer(product: $0, linkName: texts[.seeProduct]) }
            if products.count > 0, offers.count < min(products.count, pageSize) {
                logger.notice(
                    "products left out of the carousel: no product page or no price",
                    metadata: ["count": "\(min(products.count, pageSize) - offers.count)"])
            }
            state.lastSearch = .init(query: query, offset: offset, outcome: .shown(hasMore: hasMore))
            if offers.isEmpty {
                let key: BotTexts.Key = offset == 0 ? .noResults : .noMoreResults
                state.lastSearch?.outcome = .shown(hasMore: false)
                replies = [.message(.text(texts.message(key, query: query)), quickReplies: [texts[.talkToAdvisor]])]
            } else {
                replies = [
                    .message(.text(texts.message(offset == 0 ? .results : .moreResults, query: query)), quickReplies: []),
                    .message(.productOffers(offers), quickReplies: hasMore ? [texts[.showMore], texts[.talkToAdvisor]] : [texts[.talkToAdvisor]]),
                ]
            }
        }
        await conversations.remember(state, for: id)
        return replies
    }
}
