import Foundation
import GatewayConfig
import GatewayHTTP
import Hummingbird
import Logging
import Mapping
import NIOCore
import Plugins

/// The iAdvize external-bot endpoints of every tenant, under one base URL per tenant:
/// `/bots/{tenant}` + `/external-bots`, `/bots/:idOperator`, `/availability-strategies`,
/// `/bots/:idOperator/conversation-first-messages`, `/conversations` and
/// `/conversations/:idConversation/messages`.
///
/// Every call is resolved to its tenant, its POST/PUT body read once (bounded), then handed with
/// the body to `authenticate` (the gateway's signature and source checks) before any handler runs.
package struct BotRoutes<Context: RequestContext>: Sendable {
    /// Decides whether a call may go on: returning admits it; the error thrown (a `GatewayError`)
    /// refuses it.
    /// `body` is the raw POST/PUT body (empty for GET); `signedPayload(of:body:)` is what iAdvize signs.
    package typealias Authenticate = @Sendable (_ request: Request, _ context: Context, _ body: [UInt8], _ tenant: BotTenant) throws -> Void

    let pathPrefix: String
    let maxBodyBytes: Int
    let resolve: @Sendable (String) -> BotTenant?
    let authenticate: Authenticate

    /// - Parameters:
    ///   - pathPrefix: the first path segment, before the tenant's name.
    ///   - maxBodyBytes: larger POST/PUT bodies are refused (413) before they are read whole.
    ///   - resolve: the tenant's bots by the tenant name in the URL, from the current snapshot; nil
    ///     for a tenant without bots.
    package init(
        pathPrefix: String = "bots", maxBodyBytes: Int = 64 * 1024, resolve: @escaping @Sendable (String) -> BotTenant?,
        authenticate: @escaping Authenticate
    ) {
        self.pathPrefix = pathPrefix
        self.maxBodyBytes = maxBodyBytes
        self.resolve = resolve
        self.authenticate = authenticate
    }

    /// What iAdvize signs: the raw query string (without `?`) for GET, the raw body otherwise.
    package static func signedPayload(of request: Request, body: [UInt8]) -> [UInt8] {
        request.method == .get || request.method == .head ? Array((request.uri.query ?? "").utf8) : body
    }

    package func register(on router: Router<Context>) {
        let bots = router.group(RouterPath(pathPrefix)).group(":tenant")
        bots.get("external-bots") { request, context in
            try await serve(request, context) { (call: BotCall) async throws(BotCallError) -> JSON in
                try call.admitWebsite()
                return .array(call.tenant.configuration.bots.map(Self.externalBot))
            }
        }
        bots.put("bots/:idOperator") { request, context in
            try await serve(request, context) { (call: BotCall) async throws(BotCallError) -> JSON in
                try call.admitWebsite()
                let idOperator = try call.pathIdentifier("idOperator")
                let body = try call.parse(BindingRequest.init(body:))
                guard let bot = call.tenant.configuration.bot(id: body.idBot) else {
                    throw BotCallError.unknownBot(body.idBot, field: "external.idBot")
                }
                let binding: OperatorBinding
                do throws(BindingStoreError) {
                    binding = try await call.tenant.state.bindings.bind(
                        idOperator: idOperator, idBot: bot.id, name: body.name, pseudo: body.pseudo, language: body.language,
                        distributionRules: body.distributionRules)
                } catch {
                    switch error {
                    case .tooManyBindings(let maximum):
                        call.logger.warning("bot binding refused", metadata: ["error": "\(error)"])
                        throw BotCallError.tooManyBindings(maximum)
                    case .writesTooFrequent(let wait):
                        call.logger.warning("bot binding refused", metadata: ["error": "\(error)"])
                        throw BotCallError.bindingWritesTooFrequent(wait)
                    case .unwritable, .sharedStateUnavailable:
                        call.logger.error("bot binding not saved", metadata: ["error": "\(error)"])
                        throw BotCallError.bindingNotSaved
                    }
                }
                call.logger.info("bot operator bound", metadata: ["idOperator": "\(idOperator)", "idBot": "\(bot.id)"])
                return Self.bindingJSON(binding, bot: bot)
            }
        }
        bots.get("bots/:idOperator") { request, context in
            try await serve(request, context) { (call: BotCall) async throws(BotCallError) -> JSON in
                try call.admitWebsite()
                let (binding, bot) = try await call.boundBot(try call.pathIdentifier("idOperator"))
                return Self.bindingJSON(binding, bot: bot)
            }
        }
        bots.get("availability-strategies") { request, context in
            try await serve(request, context) { (call: BotCall) async throws(BotCallError) -> JSON in
                try call.admitWebsite()
                guard let idOperator = try call.queryIdentifier("idOperator") else { throw BotCallError.parameter(.missing(parameter: "idOperator")) }
                let (binding, bot) = try await call.boundBot(idOperator)
                return .array([Self.strategyJSON(bot, binding: binding, logger: call.logger)])
            }
        }
        bots.get("bots/:idOperator/conversation-first-messages") { request, context in
            try await serve(request, context) { (call: BotCall) async throws(BotCallError) -> JSON in
                // iAdvize's documentation leaves idWebsite out of this call: checked only when given.
                try call.admitWebsite(required: false)
                let (binding, bot) = try await call.boundBot(try call.pathIdentifier("idOperator"))
                let assistant = try call.assistant(for: bot)
                return ["replies": .array(assistant.firstMessages(for: binding).map(BotJSON.reply))]
            }
        }
        bots.post("conversations") { request, context in
            try await serve(request, context) { (call: BotCall) async throws(BotCallError) -> JSON in
                try call.admitWebsite()
                let body = try call.parse(ConversationStart.init(body:))
                try Self.checkIdentifier(body.idConversation, field: "idConversation")
                let (_, bot) = try await call.boundBot(body.idOperator, field: "idOperator")
                let conversation = try await call.assistant(for: bot).start(conversation: body.idConversation)
                return Self.conversationJSON(body.idConversation, idOperator: body.idOperator, replies: [], createdAt: conversation.createdAt)
            }
        }
        bots.post("conversations/:idConversation/messages") { request, context in
            try await serve(request, context) { (call: BotCall) async throws(BotCallError) -> JSON in
                let website = try call.admitWebsite()
                let idConversation = try call.pathIdentifier("idConversation")
                let message = try call.parse(IncomingMessage.init(body:))
                let (binding, bot) = try await call.boundBot(message.idOperator, field: "idOperator")
                let assistant = try call.assistant(for: bot)
                let conversation = await assistant.start(conversation: idConversation)
                var logger = call.logger
                logger[metadataKey: "idConversation"] = .string(idConversation)
                let caller = PluginCaller(
                    idWebsite: website ?? "", idConnectorVersion: try call.queryToken("idConnectorVersion"), idOperator: message.idOperator)
                let replies = await assistant.reply(
                    to: message, in: idConversation, started: conversation, binding: binding, caller: caller, logger: logger)
                return Self.conversationJSON(idConversation, idOperator: message.idOperator, replies: replies, createdAt: conversation.createdAt)
            }
        }
    }

    // MARK: Serving

    /// Resolves the tenant, reads the body, authenticates and runs `answer`; what it throws is
    /// answered by the error layer (`GatewayError`). Upstream failures never get here: the
    /// assistant answers them.
    private func serve(
        _ request: Request, _ context: Context, answer: (BotCall) async throws(BotCallError) -> JSON
    ) async throws -> Response {
        guard let name = context.parameters.get("tenant"), let tenant = resolve(name) else {
            throw GatewayRefusal.unknownTenant("no tenant with bots is configured under this URL")
        }
        var logger = context.logger
        logger[metadataKey: "tenant"] = .string(tenant.name)
        var body: [UInt8] = []
        if request.method != .get && request.method != .head {
            guard let collected = await Self.collect(request.body, upTo: maxBodyBytes) else {
                throw GatewayRefusal(.contentTooLarge, code: "body_too_large", message: "the body must be at most \(maxBodyBytes) bytes")
            }
            body = collected
        }
        try authenticate(request, context, body, tenant)
        do throws(BotCallError) {
            let query: QueryString
            do throws(ParameterError) {
                query = try QueryString(parsing: request.uri.query ?? "")
            } catch {
                throw .parameter(error)
            }
            let call = BotCall(tenant: tenant, query: query, body: body, parameters: context.parameters, logger: logger)
            return JSONAnswer.ok(try await answer(call).encoded())
        } catch {
            if case .bindingNotSaved = error {
            } else {
                logger.info("bot call refused", metadata: ["reason": "\(error.code)"])
            }
            throw error
        }
    }

    /// The body's bytes, or nil when it is larger than `limit`.
    private static func collect(_ body: RequestBody, upTo limit: Int) async -> [UInt8]? {
        var bytes: [UInt8] = []
        do {
            for try await buffer in body {
                guard bytes.count + buffer.readableBytes <= limit else { return nil }
                bytes.append(contentsOf: buffer.readableBytesView)
            }
        } catch {
            return nil
        }
        return bytes
    }

    fileprivate static func checkIdentifier(_ value: String, field: String) throws(BotCallError) {
        guard value.unicodeScalars.count <= PluginLimits.maxIdentifierCharacters,
            !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw .body(BodyProblem(field: field, message: "must be an identifier of at most \(PluginLimits.maxIdentifierCharacters) characters"))
        }
    }

    // MARK: JSON

    static func externalBot(_ bot: BotDefinition) -> JSON {
        var object = JSONObject()
        object.append(key: "idBot", value: .string(bot.id))
        object.append(key: "name", value: .string(bot.name))
        if let description = bot.description { object.append(key: "description", value: .string(description)) }
        object.append(key: "editorUrl", value: .string(bot.editorURL))
        return .object(object)
    }

    static func bindingJSON(_ binding: OperatorBinding, bot: BotDefinition) -> JSON {
        var object = JSONObject()
        object.append(key: "idOperator", value: .string(binding.idOperator))
        object.append(key: "external", value: externalBot(bot))
        object.append(key: "distributionRules", value: .array(binding.distributionRules.map(BotJSON.distributionRule)))
        object.append(key: "createdAt", value: .string(ISOTimestamp.string(binding.createdAt)))
        object.append(key: "updatedAt", value: .string(ISOTimestamp.string(binding.updatedAt)))
        return .object(object)
    }

    /// The bot's strategy; `atLeastOne`/`all` without rules of their own check the rules iAdvize
    /// bound, else the transfer rule, else the bot reports itself unavailable.
    static func strategyJSON(_ bot: BotDefinition, binding: OperatorBinding, logger: Logger) -> JSON {
        func rules(_ configured: [String]) -> [String] {
            if !configured.isEmpty { return configured }
            let bound = binding.distributionRules.map(\.id)
            if !bound.isEmpty { return bound }
            return bot.transfer.distributionRule.map { [$0.id] } ?? []
        }
        var object = JSONObject()
        switch bot.availability {
        case .atLeastOne(let configured), .all(let configured):
            let checked = rules(configured)
            guard !checked.isEmpty else {
                logger.warning("no distribution rule to check: the bot reports itself unavailable", metadata: ["idBot": "\(bot.id)"])
                object.append(key: "strategy", value: "notAvailable")
                return .object(object)
            }
            object.append(key: "strategy", value: .string(bot.availability.name))
            object.append(key: "distributionRulesToCheck", value: .array(checked.map(JSON.string)))
        case .notAvailable:
            object.append(key: "strategy", value: "notAvailable")
        case .customAvailability(let availability):
            object.append(key: "strategy", value: "customAvailability")
            object.append(key: "availability", value: .bool(availability))
        }
        return .object(object)
    }

    static func conversationJSON(_ idConversation: String, idOperator: String, replies: [BotReply], createdAt: Date) -> JSON {
        var object = JSONObject()
        object.append(key: "idConversation", value: .string(idConversation))
        object.append(key: "idOperator", value: .string(idOperator))
        object.append(key: "replies", value: .array(replies.map(BotJSON.reply)))
        object.append(key: "createdAt", value: .string(ISOTimestamp.string(createdAt)))
        object.append(key: "updatedAt", value: .string(ISOTimestamp.string(Date())))
        return .object(object)
    }
}
