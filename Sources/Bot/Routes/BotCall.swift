import GatewayConfig
import GatewayHTTP
import Hummingbird
import Logging
import Plugins

/// One authenticated bot call: its tenant, parameters and body.
struct BotCall {
    let tenant: BotTenant
    let query: QueryString
    let body: [UInt8]
    let parameters: Parameters
    let logger: Logger

    /// The body read as `make` reads it.
    func parse<Body>(_ make: ([UInt8]) throws(BodyProblem) -> Body) throws(BotCallError) -> Body {
        do throws(BodyProblem) {
            return try make(body)
        } catch {
            throw .body(error)
        }
    }

    /// Checks `idWebsite` against the tenant's websites and returns it.
    @discardableResult
    func admitWebsite(required: Bool = true) throws(BotCallError) -> String? {
        guard let website = try queryToken("idWebsite") else {
            if required { throw .parameter(.missing(parameter: "idWebsite")) }
            return nil
        }
        guard tenant.websites.contains(website) else { throw .website }
        return website
    }

    /// A `letters, digits, - and _` query parameter (`idWebsite`, `idConnectorVersion`).
    func queryToken(_ name: String) throws(BotCallError) -> String? {
        guard let value = try queryValue(name), !value.isEmpty else { return nil }
        guard value.utf8.count <= 64,
            value.utf8.allSatisfy({
                $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0)
                    || (0x61...0x7A).contains($0)
            })
        else { throw .parameter(.invalidCharacters(parameter: name, expected: "letters, digits, '-' or '_'")) }
        return value
    }

    func queryIdentifier(_ name: String) throws(BotCallError) -> String? {
        guard let value = try queryValue(name), !value.isEmpty else { return nil }
        try checkIdentifier(value, parameter: name)
        return value
    }

    func pathIdentifier(_ name: String) throws(BotCallError) -> String {
        guard let value = parameters.get(name), !value.isEmpty else { throw .parameter(.missing(parameter: name)) }
        try checkIdentifier(value, parameter: name)
        return value
    }

    private func queryValue(_ name: String) throws(BotCallError) -> String? {
        do throws(ParameterError) {
            return try query.value(name)
        } catch {
            throw .parameter(error)
        }
    }

    private func checkIdentifier(_ value: String, parameter: String) throws(BotCallError) {
        guard value.unicodeScalars.count <= PluginLimits.maxIdentifierCharacters else {
            throw .parameter(.tooLong(parameter: parameter, maxCharacters: PluginLimits.maxIdentifierCharacters))
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .parameter(.invalidCharacters(parameter: parameter, expected: "free of control characters"))
        }
    }

    /// The operator's binding and its bot; 404 when the operator is not bound, or bound to a bot
    /// config.yaml no longer declares.
    func boundBot(_ idOperator: String, field: String? = nil) async throws(BotCallError) -> (OperatorBinding, BotDefinition) {
        guard let binding = await tenant.state.bindings.binding(for: idOperator) else { throw .unknownOperator(field: field) }
        guard let bot = tenant.configuration.bot(id: binding.idBot) else { throw .botGone(binding.idBot) }
        return (binding, bot)
    }

    func assistant(for bot: BotDefinition) throws(BotCallError) -> CatalogAssistant {
        guard let assistant = tenant.assistant(for: bot) else { throw .botGone(bot.id) }
        return assistant
    }
}

/// Why a bot call is refused, as the JSON error it becomes.
enum BotCallError: GatewayError {
    case parameter(ParameterError)
    case body(BodyProblem)
    case website
    case unknownOperator(field: String?)
    case unknownBot(String, field: String)
    case botGone(String)
    case bindingNotSaved
    /// `bot.maxBindings` operators are bound already.
    case tooManyBindings(Int)
    /// `bot.bindingWritesPerMinute` reached: try again after the duration.
    case bindingWritesTooFrequent(Duration)

    var code: String {
        switch self {
        case .parameter: "invalid_parameter"
        case .body: "invalid_body"
        case .website: "website_not_allowed"
        case .unknownOperator: "unknown_operator"
        case .unknownBot: "unknown_bot"
        case .botGone: "bot_not_declared"
        case .bindingNotSaved: "binding_not_saved"
        case .tooManyBindings: "too_many_bindings"
        case .bindingWritesTooFrequent: "binding_rate_limited"
        }
    }

    var status: HTTPResponse.Status {
        switch self {
        case .parameter, .body, .unknownBot: .badRequest
        case .website: .forbidden
        case .unknownOperator, .botGone: .notFound
        case .bindingNotSaved: .serviceUnavailable
        case .tooManyBindings: .conflict
        case .bindingWritesTooFrequent: .tooManyRequests
        }
    }

    var message: String {
        switch self {
        case .parameter(let error): error.description
        case .body(let problem): "'\(problem.field)' \(problem.message)"
        case .website: "this tenant does not serve the iAdvize website given in idWebsite"
        case .unknownOperator: "no bot is bound to this idOperator: iAdvize binds it with PUT /bots/:idOperator"
        case .unknownBot(let id, _): "no bot '\(id)' is declared for this tenant"
        case .botGone(let id): "this operator runs bot '\(id)', which config.yaml no longer declares"
        case .bindingNotSaved: "DeskBridge could not save this binding; nothing was changed, try again"
        case .tooManyBindings(let maximum):
            "this tenant has \(maximum) bound bot operators, its limit (bot.maxBindings); nothing was changed"
        case .bindingWritesTooFrequent: "too many bindings written in the last minute (bot.bindingWritesPerMinute); nothing was changed"
        }
    }

    var parameter: String? {
        switch self {
        case .parameter(let error): error.parameter
        case .website: "idWebsite"
        case .unknownOperator(let field): field == nil ? "idOperator" : nil
        case .body, .unknownBot, .botGone, .bindingNotSaved, .tooManyBindings, .bindingWritesTooFrequent: nil
        }
    }

    var headers: HTTPFields {
        guard case .bindingWritesTooFrequent(let wait) = self else { return [:] }
        let seconds = wait.components.seconds + (wait.components.attoseconds > 0 ? 1 : 0)
        return [.retryAfter: String(max(1, seconds))]
    }

    var field: String? {
        switch self {
        case .body(let problem): problem.field
        case .unknownOperator(let field): field
        case .unknownBot(_, let field): field
        case .parameter, .website, .botGone, .bindingNotSaved, .tooManyBindings, .bindingWritesTooFrequent: nil
        }
    }
}
