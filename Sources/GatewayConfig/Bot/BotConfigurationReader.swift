import Adapters
import Foundation
import Mapping

extension BotConfiguration {
    static let keys = [
        "bots", "bindingsFile", "operators", "searchDeadline", "conversationLimit", "conversationTimeout", "maxBindings",
        "bindingWritesPerMinute",
    ]
    static let botKeys = [
        "name", "description", "editorUrl", "language", "firstMessages", "transfer", "availability", "catalog",
        "resultsPerPage", "texts", "handoverWords",
    ]

    /// Reads a tenant's `bot:` mapping, reporting every mistake with its file:line:column and a
    /// hint; nil when there is an error.
    ///
    /// - Parameters:
    ///   - tenant: the tenant's name, used for the default bindings file.
    ///   - knownTenants: the tenants a bot's `catalog:` may name; nil skips that check.
    ///   - path: reads the bindings file's path; the gateway passes its reader of `${VAR}` references.
    package static func read(
        _ node: ConfigNode, tenant: String, knownTenants: Set<String>? = nil, diagnostics: Diagnostics,
        path: ((ConfigNode) -> String?)? = nil
    ) -> BotConfiguration? {
        let errorsBefore = diagnostics.errors.count
        guard let fields = node.fields(allowed: keys, required: ["bots"], diagnostics) else { return nil }
        var bots: [BotDefinition] = []
        if let botsNode = fields["bots"], let entries = botsNode.entries(allowed: nil, diagnostics) {
            if entries.isEmpty {
                diagnostics.error(
                    "'\(botsNode.displayPath)' declares no bot", at: botsNode.location,
                    hint: "add one: bots: { catalog-assistant: { name: …, editorUrl: … } }")
            }
            for entry in entries {
                if let bot = readBot(entry.value, id: entry.key, idLocation: entry.keyLocation, knownTenants: knownTenants, diagnostics) {
                    bots.append(bot)
                }
            }
        }
        let directory = (node.file.path as NSString).deletingLastPathComponent
        var bindingsFile = (directory as NSString).appendingPathComponent("bot-bindings-\(tenant).json")
        if let fileNode = fields["bindingsFile"], let path = path.map({ $0(fileNode) }) ?? nonEmptyString(fileNode, diagnostics) {
            bindingsFile = path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
            let parent = (bindingsFile as NSString).deletingLastPathComponent
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) || !isDirectory.boolValue {
                diagnostics.warning(
                    "the folder of the bindings file does not exist yet", at: fileNode.location,
                    hint: "DeskBridge creates it on the first PUT /bots/:idOperator; check that it may")
            }
        }
        var pinned: [String: String] = [:]
        if let operators = fields["operators"], let entries = operators.entries(allowed: nil, diagnostics) {
            for entry in entries {
                guard let botID = nonEmptyString(entry.value, diagnostics) else { continue }
                if !bots.isEmpty, !bots.contains(where: { $0.id == botID }) {
                    diagnostics.error(
                        "operator '\(entry.key)' is pinned to '\(botID)', which is not declared under bots", at: entry.value.location,
                        hint: suggestion(botID, among: bots.map(\.id)))
                }
                pinned[entry.key] = botID
            }
        }
        var configuration = BotConfiguration(bots: bots, bindingsFile: bindingsFile, pinnedOperators: pinned)
        if let deadlineNode = fields["searchDeadline"], let deadline = deadlineNode.duration(diagnostics) {
            if deadline < .milliseconds(200) || deadline > maxSearchDeadline {
                diagnostics.error(
                    "'\(deadlineNode.displayPath)' must be between 200ms and 8s", at: deadlineNode.location,
                    hint: "iAdvize waits 10 s for an answer: keep a margin for the apology")
            }
            configuration.searchDeadline = deadline
        }
        if let limitNode = fields["conversationLimit"], let limit = limitNode.integer(in: 100...1_000_000, diagnostics) {
            configuration.conversationLimit = limit
        }
        if let node = fields["maxBindings"], let maximum = node.integer(in: 1...1_000_000, diagnostics) {
            configuration.bindingLimits.maxBindings = maximum
        }
        if let node = fields["bindingWritesPerMinute"], let writes = node.integer(in: 1...100_000, diagnostics) {
            configuration.bindingLimits.writesPerMinute = writes
        }
        if let timeoutNode = fields["conversationTimeout"], let timeout = timeoutNode.duration(diagnostics) {
            if timeout < .seconds(10) {
                diagnostics.error(
                    "'\(timeoutNode.displayPath)' must be at least 10s", at: timeoutNode.location,
                    hint: "iAdvize closes silent conversations after 5m")
            }
            configuration.conversationTimeout = timeout
        }
        return diagnostics.errors.count == errorsBefore ? configuration : nil
    }

    private static func readBot(
        _ node: ConfigNode, id: String, idLocation: SourceLocation, knownTenants: Set<String>?, _ diagnostics: Diagnostics
    ) -> BotDefinition? {
        let errorsBefore = diagnostics.errors.count
        if id.isEmpty || id.count > 255 || id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            diagnostics.error("'\(id)' cannot be a bot id", at: idLocation, hint: "use a short name such as catalog-assistant")
        }
        guard let fields = node.fields(allowed: botKeys, required: ["name", "editorUrl"], diagnostics) else { return nil }
        let name = fields["name"].flatMap { nonEmptyString($0, diagnostics) } ?? ""
        var editorURL = ""
        if let urlNode = fields["editorUrl"], let url = nonEmptyString(urlNode, diagnostics) {
            if isWebURL(url) {
                editorURL = url
            } else {
                diagnostics.error(
                    "'\(urlNode.displayPath)' must be an http(s) URL", at: urlNode.location, hint: "the page iAdvize links to for editing this bot")
            }
        }
        var bot = BotDefinition(
            id: id, name: name, description: fields["description"].flatMap { nonEmptyString($0, diagnostics) }, editorURL: editorURL)
        if let languageNode = fields["language"], let code = languageNode.string(diagnostics) {
            if let language = BotLanguage(rawValue: code.lowercased()) {
                bot.language = language
            } else {
                diagnostics.error(
                    "unsupported bot language '\(code)'", at: languageNode.location,
                    hint:
                        "one of: \(BotLanguage.allCases.map(\.rawValue).joined(separator: ", ")); other languages can override every text under texts:"
                )
            }
        }
        if let catalogNode = fields["catalog"], let tenant = nonEmptyString(catalogNode, diagnostics) {
            if let knownTenants, !knownTenants.contains(tenant) {
                diagnostics.error(
                    "no tenant '\(tenant)' to take the catalog from", at: catalogNode.location,
                    hint: suggestion(tenant, among: knownTenants.sorted())
                        ?? "name a tenant of this file, or remove catalog: to search this tenant's shop")
            }
            bot.catalogTenant = tenant
        }
        if let pageNode = fields["resultsPerPage"], let count = pageNode.integer(in: 1...10, diagnostics) {
            bot.resultsPerPage = count
        }
        if let transferNode = fields["transfer"] { bot.transfer = readTransfer(transferNode, diagnostics) ?? bot.transfer }
        if let availabilityNode = fields["availability"] { bot.availability = readAvailability(availabilityNode, diagnostics) ?? bot.availability }
        if let textsNode = fields["texts"] { bot.texts = readTexts(textsNode, diagnostics) }
        if let firstNode = fields["firstMessages"] { bot.firstMessages = readFirstMessages(firstNode, diagnostics) }
        if let wordsNode = fields["handoverWords"], let words = wordsNode.stringList(diagnostics) {
            bot.handoverWords = words.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return diagnostics.errors.count == errorsBefore ? bot : nil
    }

    private static func readTransfer(_ node: ConfigNode, _ diagnostics: Diagnostics) -> BotDefinition.TransferSettings? {
        guard let fields = node.fields(allowed: ["distributionRule", "timeout"], diagnostics) else { return nil }
        var settings = BotDefinition.TransferSettings()
        if let ruleNode = fields["distributionRule"] {
            if case .scalar = ruleNode.node {
                if let id = uuid(ruleNode, diagnostics) { settings.distributionRule = DistributionRule(id: id) }
            } else if let rule = ruleNode.fields(allowed: ["id", "label"], required: ["id"], diagnostics) {
                if let id = rule["id"].flatMap({ uuid($0, diagnostics) }) {
                    settings.distributionRule = DistributionRule(id: id, label: rule["label"].flatMap { nonEmptyString($0, diagnostics) })
                }
            }
        }
        if let timeoutNode = fields["timeout"], let timeout = timeoutNode.duration(diagnostics) {
            if timeout < .seconds(5) || timeout > .seconds(60) {
                diagnostics.error(
                    "'\(timeoutNode.displayPath)' must be between 5s and 60s", at: timeoutNode.location,
                    hint: "iAdvize refuses other transfer timeouts")
            } else if timeout < .seconds(15) {
                diagnostics.warning(
                    "a transfer timeout under 15s leaves iAdvize too little time to find an available agent", at: timeoutNode.location,
                    hint: "iAdvize advises at least 15s")
            }
            settings.timeout = timeout
        }
        return settings
    }

    private static func readAvailability(_ node: ConfigNode, _ diagnostics: Diagnostics) -> AvailabilityStrategy? {
        guard let fields = node.fields(allowed: ["strategy", "distributionRulesToCheck", "availability"], required: ["strategy"], diagnostics),
            let strategyNode = fields["strategy"], let name = strategyNode.string(diagnostics)
        else { return nil }
        var rules: [String] = []
        if let rulesNode = fields["distributionRulesToCheck"], let items = rulesNode.list(diagnostics) {
            rules = items.compactMap { uuid($0, diagnostics) }
        }
        let availability = fields["availability"]?.bool(diagnostics)
        func ignored(_ key: String) {
            if let node = fields[key] {
                diagnostics.warning("'\(node.displayPath)' is ignored with the strategy \(name)", at: node.location)
            }
        }
        switch name {
        case "atLeastOne":
            ignored("availability")
            return .atLeastOne(distributionRulesToCheck: rules)
        case "all":
            ignored("availability")
            return .all(distributionRulesToCheck: rules)
        case "notAvailable":
            ignored("availability")
            ignored("distributionRulesToCheck")
            return .notAvailable
        case "customAvailability":
            ignored("distributionRulesToCheck")
            return .customAvailability(availability: availability ?? true)
        default:
            diagnostics.error(
                "unknown availability strategy '\(name)'", at: strategyNode.location,
                hint: suggestion(name, among: AvailabilityStrategy.names) ?? "one of: \(AvailabilityStrategy.names.joined(separator: ", "))")
            return nil
        }
    }

    private static func readTexts(_ node: ConfigNode, _ diagnostics: Diagnostics) -> [BotTexts.Key: String] {
        guard let entries = node.entries(allowed: BotTexts.Key.allCases.map(\.rawValue), diagnostics) else { return [:] }
        var texts: [BotTexts.Key: String] = [:]
        for entry in entries {
            guard let key = BotTexts.Key(rawValue: entry.key), let text = nonEmptyString(entry.value, diagnostics) else { continue }
            let placeholders = key.isLabel ? [] : key == .greeting ? ["{bot}"] : BotTexts.placeholders
            if checkText(text, isLabel: key.isLabel, placeholders: placeholders, at: entry.value, diagnostics) { texts[key] = text }
        }
        return texts
    }

    private static func readFirstMessages(_ node: ConfigNode, _ diagnostics: Diagnostics) -> [BotDefinition.FirstMessage]? {
        guard let items = node.list(diagnostics) else { return nil }
        var messages: [BotDefinition.FirstMessage] = []
        for item in items {
            if case .scalar = item.node {
                if let text = nonEmptyString(item, diagnostics), checkText(text, isLabel: false, placeholders: ["{bot}"], at: item, diagnostics) {
                    messages.append(.init(text: text))
                }
                continue
            }
            guard let fields = item.fields(allowed: ["text", "quickReplies"], required: ["text"], diagnostics),
                let textNode = fields["text"], let text = nonEmptyString(textNode, diagnostics),
                checkText(text, isLabel: false, placeholders: ["{bot}"], at: textNode, diagnostics)
            else { continue }
            var quickReplies: [String]?
            if let repliesNode = fields["quickReplies"], let replies = repliesNode.list(diagnostics) {
                quickReplies = replies.compactMap { reply in
                    guard let label = nonEmptyString(reply, diagnostics), checkText(label, isLabel: true, placeholders: [], at: reply, diagnostics)
                    else { return nil }
                    return label
                }
            }
            messages.append(.init(text: text, quickReplies: quickReplies))
        }
        return messages
    }

    /// Checks a text's placeholders and length; false (with an error) when it cannot be used.
    private static func checkText(
        _ text: String, isLabel: Bool, placeholders allowed: [String], at node: ConfigNode, _ diagnostics: Diagnostics
    ) -> Bool {
        let used = placeholders(in: text)
        if isLabel, !used.isEmpty {
            diagnostics.error("'\(node.displayPath)' is a label: it cannot use \(used.joined(separator: ", "))", at: node.location)
            return false
        }
        if let unknown = used.first(where: { !allowed.contains($0) }) {
            diagnostics.error(
                "unknown placeholder \(unknown) in '\(node.displayPath)'", at: node.location,
                hint: allowed.isEmpty ? "this text takes no placeholder" : "this text may use \(allowed.joined(separator: " and "))")
            return false
        }
        let limit = isLabel ? MessageText.labelLimit : MessageText.maxMessageLength
        // Placeholders are filled with up to 60 characters each (doubled when escaped for Markdown).
        let length = used.reduce(text.utf16.count) { total, placeholder in
            total - placeholder.utf16.count + 2 * (placeholder == "{query}" ? MessageText.echoedQueryLimit : MessageText.echoedNameLimit)
        }
        if length > limit {
            diagnostics.error(
                "'\(node.displayPath)' is too long: \(text.utf16.count) characters", at: node.location,
                hint: isLabel
                    ? "labels must stay under \(limit) characters"
                    : "iAdvize refuses bot messages over 450 characters, placeholders filled; advised: 250")
            return false
        }
        return true
    }

    /// The `{name}` placeholders of a text.
    private static func placeholders(in text: String) -> [String] {
        var found: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            found.append(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    private static func nonEmptyString(_ node: ConfigNode, _ diagnostics: Diagnostics) -> String? {
        guard let text = node.string(diagnostics) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            diagnostics.error("'\(node.displayPath)' cannot be empty", at: node.location)
            return nil
        }
        return trimmed
    }

    private static func uuid(_ node: ConfigNode, _ diagnostics: Diagnostics) -> String? {
        guard let text = node.string(diagnostics) else { return nil }
        guard UUID(uuidString: text) != nil else {
            diagnostics.error(
                "'\(node.displayPath)' must be a distribution rule id (a UUID)", at: node.location,
                hint: "copy it from iAdvize: Admin › Routing › the rule's URL, e.g. ef4670c3-d715-4a21-8226-ed17f354fc44")
            return nil
        }
        return text.lowercased()
    }

    private static func isWebURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return false }
        return true
    }

    private static func suggestion(_ text: String, among candidates: [String]) -> String? {
        Suggestion.closest(to: text, among: candidates).map { "did you mean '\($0)'?" }
    }
}
