import Foundation
import Logging
import Mapping
import Plugins
import Upstream

/// The customer panel and its actions, served by an adapter file's `customer` and `actions`.
package struct DeclarativeCustomers: CustomerDirectory {
    package let adapter: AdapterDefinition
    package let upstream: TenantUpstream
    let gateway: UpstreamGateway
    /// The tenant's own wording, by field id, replacing built-in and adapter labels.
    let labels: [String: LocalizedText]
    /// For calls that carry no locale, from an operator not seen yet (see `operatorLanguages`).
    let defaultLanguage: Language
    /// The language each operator's panel was last asked in, for the action URL, whose calls carry
    /// no locale: its answers are in the same operator's language.
    let operatorLanguages = OperatorLanguages()

    package init(
        adapter: AdapterDefinition, upstream: TenantUpstream, gateway: UpstreamGateway, labels: [String: LocalizedText] = [:],
        defaultLanguage: Language = .en
    ) {
        self.adapter = adapter
        self.upstream = upstream
        self.gateway = gateway
        self.labels = labels
        self.defaultLanguage = defaultLanguage
    }

    // MARK: The panel

    package func customer(_ query: CustomerQuery, logger: Logger) async throws(AdapterError) -> [CustomerField] {
        guard let operation = adapter.customer else { throw .unsupported(operation: "customer") }
        let language = query.operatorLocale.map { Language(locale: $0) } ?? defaultLanguage
        if let locale = query.operatorLocale, let idOperator = query.caller.idOperator {
            operatorLanguages.record(Language(locale: locale), for: idOperator)
        }
        var variables = [JSON](repeating: .null, count: operation.layout.count)
        variables[VariableLayout.params] = .object(Self.params(query, language: language))
        variables[VariableLayout.settings] = .object(upstream.settings)
        let fetcher = UpstreamFetcher(adapter: adapter, upstream: upstream, gateway: gateway, logger: logger)
        for value in adapter.context {
            variables[value.slot] = try await DeclarativeCatalog.contextValue(value, adapter: adapter, upstream: upstream, fetcher: fetcher)
        }
        guard query.identifiesVisitor,
            let template = operation.requests.first(where: { $0.condition?.evaluate(variables).isTruthy ?? true })
        else {
            // An email that cannot be an address names no record: the visitor is not found.
            let answer = query.emailVisitorIsNotAnAddress ? "customerNotFound" : "visitorUnidentified"
            return [line("customer", label: nil, value: text(answer, language), language: language)]
                + lines(operation.notFoundFields, variables: &variables, language: language)
        }
        let document = try await fetcher.fetch(template, variables: variables, ttl: operation.ttl)
        variables[VariableLayout.response] = document.body
        guard case .array(let records) = operation.items.evaluate(variables) else {
            throw .badResponse(message: "the answer has no record list at '\(operation.items.source)'")
        }
        guard let record = records.first else {
            return [line("customer", label: nil, value: text("customerNotFound", language), language: language)]
                + lines(operation.notFoundFields, variables: &variables, language: language)
        }
        variables[VariableLayout.item] = record
        let kept = [KeptItem(item: record, response: document.body)]
        let enriched = try await ItemEnricher(fetcher: fetcher, enrichments: operation.enrichments, concurrency: 4)
            .values(for: kept, variables: variables)
        for (enrichment, value) in zip(operation.enrichments, enriched[0]) {
            variables[enrichment.slot] = value
        }
        for binding in operation.lets {
            variables[binding.slot] = binding.value.evaluate(variables)
        }
        var result = lines(operation.fields, variables: &variables, language: language)
        // The upstream's own count when it gives one: the answer holds only a page of the matches.
        let matched = operation.total.flatMap { $0.evaluate(variables).doubleValue }.map { max(Int($0), records.count) } ?? records.count
        if matched > 1 {
            let several = text("severalMatches", language).replacingOccurrences(of: "{count}", with: String(matched))
            result.insert(line("matches", label: nil, value: several, language: language), at: 0)
        }
        return result
    }

    private func lines(_ templates: [CustomerFieldTemplate], variables: inout [JSON], language: Language) -> [CustomerField] {
        templates.compactMap { template in
            if let condition = template.condition, !condition.evaluate(variables).isTruthy { return nil }
            let value: String
            switch template.type {
            case .action:
                let target = template.target?.evaluate(variables).interpolatedText ?? ""
                value = ActionCode(name: template.action ?? template.id, target: target.isEmpty ? nil : target).text
            case .text:
                value = valueLabel(template, raw: template.value?.evaluate(variables).interpolatedText ?? "", language: language)
                if value.isEmpty { return nil }
            case .url:
                // A link cut at iAdvize's field limit, or not http(s), is no link: the line is left out.
                guard let link = WebLink.usable(template.value?.evaluate(variables).interpolatedText ?? "") else { return nil }
                value = link
            }
            return CustomerField(
                id: template.id, label: label(template.id, adapterLabel: template.label, language: language), value: value,
                fieldType: template.type)
        }
    }

    /// An enum value (a lifecycle stage) in the agent's language: the tenant's `labels` under
    /// `<id>.<value>`, then the adapter's `values`, else the value as the upstream sent it.
    private func valueLabel(_ template: CustomerFieldTemplate, raw: String, language: Language) -> String {
        let adapterText = template.values[raw]
        let tenantText = labels["\(template.id).\(raw)"]
        guard adapterText != nil || tenantText != nil else { return raw }
        return (adapterText ?? LocalizedText(raw)).overridden(by: tenantText).text(for: language)
    }

    private func line(_ id: String, label: LocalizedText?, value: String, language: Language) -> CustomerField {
        CustomerField(id: id, label: self.label(id, adapterLabel: label, language: language), value: value, fieldType: .text)
    }

    /// The tenant's wording first, then the adapter's, then the built-in one, then the id itself.
    private func label(_ id: String, adapterLabel: LocalizedText?, language: Language) -> String {
        let base = BuiltInLabels.text(id) ?? LocalizedText(id)
        return base.overridden(by: adapterLabel).overridden(by: labels[id]).text(for: language)
    }

    private func text(_ key: String, _ language: Language) -> String {
        (BuiltInLabels.text(key) ?? LocalizedText(key)).overridden(by: labels[key]).text(for: language)
    }

    private static func params(_ query: CustomerQuery, language: Language) -> JSONObject {
        var params = JSONObject()
        params.append(key: "idWebsite", value: .string(query.caller.idWebsite))
        params.append(key: "idOperator", value: query.caller.idOperator.map(JSON.string) ?? .null)
        params.append(key: "idConnectorVersion", value: query.caller.idConnectorVersion.map(JSON.string) ?? .null)
        params.append(key: "emailVisitor", value: query.emailVisitor.map(JSON.string) ?? .null)
        params.append(key: "idVisitorExternal", value: query.idVisitorExternal.map(JSON.string) ?? .null)
        params.append(key: "idVisitorUnique", value: query.idVisitorUnique.map(JSON.string) ?? .null)
        params.append(key: "operatorLocale", value: query.operatorLocale.map(JSON.string) ?? .null)
        params.append(key: "language", value: .string(language.rawValue))
        return params
    }

    // MARK: Actions

    package func perform(_ request: ActionRequest, logger: Logger) async -> ActionOutcome {
        let code = ActionCode(request.action)
        let language = operatorLanguage(idOperator: request.caller.idOperator, operatorLocale: request.operatorLocale)
        guard let action = adapter.actions[code.name] else {
            logger.notice("unknown customer action", metadata: ["action": "\(code.name)"])
            return .unknownAction(ActionResult(success: false, message: text("actionUnknown", language)))
        }
        let run: @Sendable () async throws -> ActionResult = {
            try await self.run(action, code: code, request: request, language: language, logger: logger)
        }
        do {
            guard let conversation = request.idConversation else { return .ran(try await run()) }
            // A double click, or iAdvize retrying, within the window gets the first result.
            let key = CacheKey(tenant: upstream.tenant, parts: ["action", request.action, conversation, request.caller.idWebsite])
            let (result, _) = try await gateway.actionResults.value(for: key, ttl: action.window, cost: { $0.message.utf8.count + 64 }, load: run)
            return .ran(result)
        } catch let error as AdapterError {
            logger.warning("customer action failed", metadata: ["action": "\(code.name)", "error": "\(error)"])
            return .ran(ActionResult(success: false, message: failureMessage(error, language)))
        } catch {
            return .ran(ActionResult(success: false, message: failureMessage(.unavailable(message: "\(error)"), language)))
        }
    }

    package func unreadableAction(idOperator: String?, operatorLocale: String?) -> ActionResult {
        ActionResult(success: false, message: text("actionUnreadable", operatorLanguage(idOperator: idOperator, operatorLocale: operatorLocale)))
    }

    /// The locale the call sends, else the one the operator's panel was last asked in, else the tenant's.
    private func operatorLanguage(idOperator: String?, operatorLocale: String?) -> Language {
        operatorLocale.map { Language(locale: $0) } ?? operatorLanguages.language(of: idOperator) ?? defaultLanguage
    }

    private func run(
        _ action: ActionDefinition, code: ActionCode, request: ActionRequest, language: Language, logger: Logger
    ) async throws(AdapterError) -> ActionResult {
        let fetcher = UpstreamFetcher(adapter: adapter, upstream: upstream, gateway: gateway, logger: logger)
        var variables = [JSON](repeating: .null, count: adapter.layout.count)
        var params = JSONObject()
        params.append(key: "action", value: .string(code.name))
        params.append(key: "target", value: code.target.map(JSON.string) ?? .null)
        params.append(key: "idConversation", value: request.idConversation.map(JSON.string) ?? .null)
        params.append(key: "idOperator", value: request.caller.idOperator.map(JSON.string) ?? .null)
        params.append(key: "idWebsite", value: .string(request.caller.idWebsite))
        params.append(key: "idVisitorUnique", value: request.idVisitorUnique.map(JSON.string) ?? .null)
        params.append(key: "idConnectorVersion", value: request.caller.idConnectorVersion.map(JSON.string) ?? .null)
        variables[VariableLayout.params] = .object(params)
        variables[VariableLayout.settings] = .object(upstream.settings)
        for value in adapter.context {
            variables[value.slot] = try await DeclarativeCatalog.contextValue(value, adapter: adapter, upstream: upstream, fetcher: fetcher)
        }
        // Never twice: an earlier attempt's object, when the adapter can find it, is the answer.
        variables[VariableLayout.response] = try await IdempotentWrite(action: action, fetcher: fetcher).perform(variables: variables)
        let template = action.success[language.rawValue] ?? action.success[defaultLanguage.rawValue] ?? action.success["en"]
        let message = template?.render(variables, encode: { $0 }) ?? text("actionDone", language)
        return ActionResult(success: true, message: message)
    }

    private func failureMessage(_ error: AdapterError, _ language: Language) -> String {
        let reason: String
        switch error {
        case .throttled: reason = text("crmBusy", language)
        case .unavailable, .timedOut: reason = text("crmUnreachable", language)
        case .authFailed, .badResponse, .notFound, .tooManyPages, .unsupported: reason = text("crmRefused", language)
        }
        return text("actionFailed", language).replacingOccurrences(of: "{reason}", with: reason)
    }
}

/// An ACTION field's value: the action's name and, when it applies to a record, the record's id
/// (`createTicket:1234`). iAdvize sends it back as is to the action URL.
struct ActionCode: Sendable, Hashable {
    let name: String
    let target: String?

    init(name: String, target: String?) {
        self.name = name
        self.target = target
    }

    init(_ text: String) {
        if let colon = text.firstIndex(of: ":") {
            name = String(text[..<colon])
            let rest = String(text[text.index(after: colon)...])
            target = rest.isEmpty ? nil : rest
        } else {
            name = text
            target = nil
        }
    }

    var text: String { target.map { "\(name):\($0)" } ?? name }
}
