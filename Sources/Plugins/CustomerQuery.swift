/// Parameters of the customer information route: who the visitor is, and who asks.
package struct CustomerQuery: Sendable, Hashable {
    package var caller: PluginCaller
    /// Lower-cased: customer records are found by email without regard to case. Nil when absent, or
    /// when the value cannot be an address (`emailVisitorIsNotAnAddress`).
    package var emailVisitor: String?
    /// The Desk sent an `emailVisitor` that cannot be an address (`ParameterRules.isEmailAddress`):
    /// such a visitor is answered "not found" without an upstream call, never refused.
    package var emailVisitorIsNotAnAddress: Bool
    package var idVisitorExternal: String?
    package var idVisitorUnique: String?
    /// The operator's locale as sent (`fr`, `fr_FR`, `en-GB`…).
    package var operatorLocale: String?

    package init(
        caller: PluginCaller, emailVisitor: String? = nil, idVisitorExternal: String? = nil, idVisitorUnique: String? = nil,
        operatorLocale: String? = nil, emailVisitorIsNotAnAddress: Bool = false
    ) {
        self.caller = caller
        self.emailVisitor = emailVisitor
        self.emailVisitorIsNotAnAddress = emailVisitorIsNotAnAddress
        self.idVisitorExternal = idVisitorExternal
        self.idVisitorUnique = idVisitorUnique
        self.operatorLocale = operatorLocale
    }

    package init(_ query: QueryString) throws(ParameterError) {
        caller = try PluginCaller(query)
        // In a query string `+` means a space, and an address holds no space but may hold a `+`
        // (jane+shop@…): a raw `+` is read as itself, whether or not the Desk encodes it as %2B.
        switch ParameterRules.email(try query.value("emailVisitor", plusIsLiteral: true)) {
        case .absent:
            emailVisitor = nil
            emailVisitorIsNotAnAddress = false
        case .address(let address):
            emailVisitor = address
            emailVisitorIsNotAnAddress = false
        case .notAnAddress:
            emailVisitor = nil
            emailVisitorIsNotAnAddress = true
        }
        idVisitorExternal = try ParameterRules.optionalIdentifier(query.value("idVisitorExternal"), name: "idVisitorExternal")
        idVisitorUnique = try ParameterRules.optionalIdentifier(query.value("idVisitorUnique"), name: "idVisitorUnique")
        operatorLocale = ParameterRules.usableLocale(try query.value("operatorLocale"))
    }

    /// Whether the visitor can be looked up at all.
    package var identifiesVisitor: Bool { emailVisitor != nil || idVisitorExternal != nil }
}

/// Parameters of the closing form route.
package struct ClosingFormQuery: Sendable, Hashable {
    package var caller: PluginCaller
    package var operatorLocale: String?

    package init(caller: PluginCaller, operatorLocale: String? = nil) {
        self.caller = caller
        self.operatorLocale = operatorLocale
    }

    package init(_ query: QueryString) throws(ParameterError) {
        caller = try PluginCaller(query)
        operatorLocale = ParameterRules.usableLocale(try query.value("operatorLocale"))
    }
}

/// The body of a customer action call: which action the agent clicked, in which conversation.
/// iAdvize's documentation does not say whether it posts JSON or a form: both are accepted.
package struct ActionRequest: Sendable, Hashable {
    /// The value of the ACTION field the agent clicked.
    package var action: String
    package var caller: PluginCaller
    package var idConversation: String?
    package var idVisitorUnique: String?
    /// Not in iAdvize's list of body parameters, but read when sent: it decides the answer's language.
    package var operatorLocale: String?

    package init(
        action: String, caller: PluginCaller, idConversation: String? = nil, idVisitorUnique: String? = nil, operatorLocale: String? = nil
    ) {
        self.action = action
        self.caller = caller
        self.idConversation = idConversation
        self.idVisitorUnique = idVisitorUnique
        self.operatorLocale = operatorLocale
    }

    /// Reads a JSON object or `application/x-www-form-urlencoded` body into the same parameters.
    package init(body: [UInt8], contentType: String?) throws(ParameterError) {
        let query = try Self.parameters(body: body, contentType: contentType)
        guard let action = try query.value("action"), !action.isEmpty else { throw .missing(parameter: "action") }
        self.action = try ParameterRules.identifier(action, name: "action")
        caller = try PluginCaller(query)
        idConversation = try ParameterRules.optionalIdentifier(query.value("idConversation"), name: "idConversation")
        idVisitorUnique = try ParameterRules.optionalIdentifier(query.value("idVisitorUnique"), name: "idVisitorUnique")
        operatorLocale = ParameterRules.usableLocale(try? query.value("operatorLocale"))
    }

    /// Who sent a body that could not be read as an action, as far as it says: enough to answer in
    /// the operator's language. Nil values where the body says nothing usable.
    package static func languageHints(body: [UInt8], contentType: String?) -> (idOperator: String?, operatorLocale: String?) {
        guard let query = try? parameters(body: body, contentType: contentType) else { return (nil, nil) }
        let idOperator = try? ParameterRules.optionalIdentifier(query.value("idOperator"), name: "idOperator")
        let locale = try? ParameterRules.locale(query.value("operatorLocale"), name: "operatorLocale")
        return (idOperator ?? nil, locale ?? nil)
    }

    private static func parameters(body: [UInt8], contentType: String?) throws(ParameterError) -> QueryString {
        let type = contentType?.lowercased() ?? ""
        let looksLikeJSON = type.contains("json") || body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{")
        guard looksLikeJSON else {
            guard let text = String(validating: body, as: UTF8.self) else { throw .malformedQuery("the body is not UTF-8") }
            return try QueryString(parsing: text)
        }
        return try JSONBodyFields.read(body)
    }
}
