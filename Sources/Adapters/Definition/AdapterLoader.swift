import Foundation
import Mapping
import Plugins

/// Reads adapter files (`adapters/*.yaml`) into compiled `AdapterDefinition`s, reporting every
/// mistake with its file position.
public enum AdapterLoader {
    static let topLevelKeys =
        [
            "adapter", "description", "settings", "requiredSettings", "credentials", "auth", "ids", "context", "errors", "customer",
            "actions", "options", "rates",
        ] + PluginOperation.allCases.map(\.rawValue)
    static let operationKeys = [
        "prepare", "request", "requests", "emptyWhen", "pagination", "items", "where", "enrich", "enrichConcurrency", "let", "fields", "ttl",
        "maxPages",
    ]
    static let requestKeys = ["when", "method", "path", "url", "query", "headers", "body", "graphql", "errors", "emptyWhen", "readOnly", "rate"]
    static let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    /// The adapter files of a directory (`*.yaml`, `*.yml`), sorted; nil when it cannot be read.
    package static func adapterFiles(in directory: String) -> [String]? {
        try? FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    }

    /// Loads every adapter file of a directory; the adapter's name is its file name without extension.
    /// Files with errors are reported and left out.
    package static func loadDirectory(_ directory: String, diagnostics: Diagnostics) -> [String: AdapterDefinition] {
        guard let names = adapterFiles(in: directory) else {
            diagnostics.error("cannot read the adapters directory", at: SourceLocation(file: directory, line: 1, column: 1))
            return [:]
        }
        var adapters: [String: AdapterDefinition] = [:]
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            if let adapter = loadFile(path, diagnostics: diagnostics) {
                adapters[adapter.name] = adapter
            }
        }
        return adapters
    }

    public static func loadFile(_ path: String, diagnostics: Diagnostics) -> AdapterDefinition? {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            diagnostics.error("cannot read the file (missing, unreadable or not UTF-8)", at: SourceLocation(file: path, line: 1, column: 1))
            return nil
        }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return load(name: name, text: text, path: path, diagnostics: diagnostics)
    }

    /// Compiles one adapter from its YAML text; nil when it has errors (all of them are reported).
    package static func load(name: String, text: String, path: String, diagnostics: Diagnostics) -> AdapterDefinition? {
        let errorsBefore = diagnostics.errors.count
        let file = ConfigFile(path: path, text: text)
        guard let root = ConfigNode.parse(file, text: text, diagnostics: diagnostics),
            let top = root.fields(allowed: topLevelKeys, diagnostics)
        else { return nil }

        if let declared = top["adapter"]?.string(diagnostics), declared != name {
            diagnostics.error(
                "the adapter is named '\(declared)' but its file is '\(name)'", at: top["adapter"]!.location,
                hint: "name the file \(declared).yaml or write adapter: \(name)")
        }
        let description = top["description"]?.string(diagnostics)
        var settings = JSONObject()
        if let node = top["settings"], case .object(let object)? = node.jsonValue(diagnostics) {
            settings = object
        } else if let node = top["settings"], !node.isNull {
            diagnostics.error("'settings' must be a mapping of names to default values", at: node.location)
        }
        let credentialNames = top["credentials"]?.stringList(diagnostics) ?? []
        let requiredSettings = top["requiredSettings"].map { requiredSettingNames($0, declared: settings, diagnostics) } ?? []
        let ids = top["ids"].flatMap { identifierShape($0, diagnostics: diagnostics) }

        // Context values come first: every other expression may read them by name.
        var contextNames: [String] = []
        let contextEntries = top["context"].flatMap { $0.entries(allowed: nil, diagnostics) } ?? []
        for entry in contextEntries {
            if VariableLayout.baseNames.contains(entry.key) {
                diagnostics.error("'\(entry.key)' is a built-in variable and cannot name a context value", at: entry.keyLocation)
            }
            contextNames.append(entry.key)
        }
        let layout = VariableLayout(
            contextNames: contextNames, letNames: [],
            knownKeys: CallParameters.declaredKeys(
                settings: settings.map(\.key), credentials: credentialNames,
                nullableSettings: Set(settings.filter { $0.value.isNull && !requiredSettings.contains($0.key) }.map(\.key))))
        let reader = DefinitionReader(layout: layout, diagnostics: diagnostics)

        let auth = top["auth"].flatMap { reader.auth($0) }
        let context = contextEntries.compactMap { entry in
            reader.contextValue(entry.value, name: entry.key, slot: layout.slot(ofContext: entry.key)!)
        }
        let errorRules = top["errors"].flatMap { node in node.list(diagnostics)?.compactMap { reader.errorRule($0) } } ?? []

        var operations: [PluginOperation: Operation] = [:]
        for operation in PluginOperation.allCases {
            let operationReader = DefinitionReader(
                layout: layout.withParams(CallParameters.names(for: operation), of: operation.rawValue), diagnostics: diagnostics)
            if let node = top[operation.rawValue], let compiled = operationReader.operation(node, kind: operation) {
                operations[operation] = compiled
            }
        }
        var actions: [String: ActionDefinition] = [:]
        for entry in top["actions"].flatMap({ $0.entries(allowed: nil, diagnostics) }) ?? [] {
            let actionReader = DefinitionReader(layout: layout.withParams(CallParameters.action, of: "an action"), diagnostics: diagnostics)
            if let action = actionReader.action(entry.value, name: entry.key) { actions[entry.key] = action }
        }
        var optionSources: [String: OptionSource] = [:]
        for entry in top["options"].flatMap({ $0.entries(allowed: nil, diagnostics) }) ?? [] {
            let optionReader = DefinitionReader(layout: layout.withParams([], of: "an option list"), diagnostics: diagnostics)
            if let source = optionReader.optionSource(entry.value, name: entry.key) { optionSources[entry.key] = source }
        }
        let declaredActions = Set(top["actions"].flatMap { $0.entries(allowed: nil, Diagnostics()) }?.map(\.key) ?? [])
        let customerReader = DefinitionReader(layout: layout.withParams(CallParameters.customer, of: "customer"), diagnostics: diagnostics)
        let customer = top["customer"].flatMap { customerReader.customerOperation($0, actions: declaredActions) }
        let servesSomething = top.keys.contains { PluginOperation(rawValue: $0) != nil || $0 == "customer" || $0 == "options" }
        if !servesSomething {
            diagnostics.error(
                "the adapter serves no plugin", at: root.location, hint: "add a 'products', 'categories' or 'customer' section")
        }
        let rates = top["rates"].map { reader.rates($0) } ?? [:]
        checkRateNames(
            AdapterDefinition.everyRequest(
                context: context, operations: operations, customer: customer, actions: actions, optionSources: optionSources),
            rates: rates, diagnostics)
        guard diagnostics.errors.count == errorsBefore else { return nil }
        return AdapterDefinition(
            name: name, file: path, fingerprint: StableFingerprint.of(text), description: description, settings: settings,
            credentialNames: credentialNames,
            auth: auth, ids: ids,
            context: context, errorRules: errorRules, operations: operations, customer: customer, actions: actions,
            optionSources: optionSources, layout: layout, requiredSettings: requiredSettings, rates: rates)
    }

    /// `requiredSettings: [region]`: each must be a declared setting.
    static func requiredSettingNames(_ node: ConfigNode, declared: JSONObject, _ diagnostics: Diagnostics) -> [String] {
        guard let items = node.list(diagnostics) else { return [] }
        return items.compactMap { item in
            guard let name = item.string(diagnostics) else { return nil }
            guard declared[name] != nil else {
                let known = declared.map(\.key)
                diagnostics.error(
                    "'\(name)' is not a setting of this adapter", at: item.location,
                    hint: Suggestion.closest(to: name, among: known).map { "did you mean '\($0)'?" }
                        ?? "declare it under 'settings' (null when it has no default)")
                return nil
            }
            return name
        }
    }
}

extension AdapterLoader {
    /// `ids: { pattern: '[0-9]{1,19}', expected: a collection number (digits) }`.
    static func identifierShape(_ node: ConfigNode, diagnostics: Diagnostics) -> IdentifierShape? {
        guard let fields = node.fields(allowed: ["pattern", "expected"], required: ["pattern", "expected"], diagnostics),
            let patternNode = fields["pattern"], let pattern = patternNode.string(diagnostics),
            let expected = fields["expected"]?.string(diagnostics)
        else { return nil }
        if let problem = IdentifierShape.invalidity(of: pattern) {
            diagnostics.error("'pattern' is not a regular expression: \(problem)", at: patternNode.location)
            return nil
        }
        return IdentifierShape(pattern: pattern, expected: expected)
    }
}

/// Reads the parts of an adapter file, compiling each expression against the variables its place allows.
struct DefinitionReader {
    let layout: VariableLayout
    let diagnostics: Diagnostics

    func compiler(_ scope: ExpressionScope) -> ExpressionCompiler {
        layout.compiler(for: scope)
    }

    func auth(_ node: ConfigNode) -> AuthScheme? {
        guard let fields = node.fields(allowed: ["header", "bearer", "basic", "query"], diagnostics) else { return nil }
        guard fields.entries.count == 1, let entry = fields.entries.first else {
            diagnostics.error("'auth' takes exactly one scheme: header, bearer, basic or query", at: node.location)
            return nil
        }
        let compiler = compiler(.auth)
        switch entry.key {
        case "bearer":
            return entry.value.expression(compiler, diagnostics).map(AuthScheme.bearer)
        case "basic":
            guard let parts = entry.value.fields(allowed: ["username", "password"], required: ["username", "password"], diagnostics),
                let username = parts["username"]?.expression(compiler, diagnostics),
                let password = parts["password"]?.expression(compiler, diagnostics)
            else { return nil }
            return .basic(username: username, password: password)
        default:
            guard let parts = entry.value.fields(allowed: ["name", "value"], required: ["name", "value"], diagnostics),
                let name = parts["name"]?.string(diagnostics), let value = parts["value"]?.expression(compiler, diagnostics)
            else { return nil }
            return entry.key == "header" ? .header(name: name, value: value) : .queryParameter(name: name, value: value)
        }
    }

    func contextValue(_ node: ConfigNode, name: String, slot: Int) -> ContextValue? {
        guard let fields = node.fields(allowed: ["request", "result", "ttl"], required: ["request", "result"], diagnostics),
            let requestNode = fields["request"], let resultNode = fields["result"]
        else { return nil }
        // A context request may not read other context values: they are fetched independently.
        guard let request = request(requestNode, scope: .contextResult),
            let result = resultNode.expression(compiler(.contextResult), diagnostics)
        else { return nil }
        let ttl = fields["ttl"]?.duration(diagnostics) ?? .seconds(3600)
        return ContextValue(name: name, slot: slot, condition: nil, request: request, result: result, ttl: ttl)
    }

    func errorRule(_ node: ConfigNode) -> ErrorRule? {
        guard let fields = node.fields(allowed: ["when", "error", "message", "retryAfter"], required: ["when", "error"], diagnostics),
            let condition = fields["when"]?.expression(compiler(.errorRule), diagnostics),
            let kindNode = fields["error"], let kindName = kindNode.string(diagnostics)
        else { return nil }
        guard let kind = UpstreamFailureKind(rawValue: kindName) else {
            let names = UpstreamFailureKind.allCases.map(\.rawValue)
            diagnostics.error(
                "unknown error kind '\(kindName)'", at: kindNode.location,
                hint: Suggestion.closest(to: kindName, among: names).map { "did you mean '\($0)'?" } ?? "one of \(names.joined(separator: ", "))")
            return nil
        }
        let message = fields["message"].flatMap { $0.template(compiler(.errorRule), diagnostics) }
        let retryAfter = fields["retryAfter"].flatMap { $0.expression(compiler(.errorRule), diagnostics) }
        return ErrorRule(condition: condition, kind: kind, message: message, retryAfter: retryAfter)
    }

    func operation(_ node: ConfigNode, kind: PluginOperation) -> Operation? {
        guard let fields = node.fields(allowed: AdapterLoader.operationKeys, required: ["items", "fields"], diagnostics) else { return nil }
        // Prepared values are variables of everything the operation does after its `when` tests.
        let prepareEntries = fields["prepare"].flatMap { $0.entries(allowed: nil, diagnostics) } ?? []
        for entry in prepareEntries where layout.names.contains(entry.key) {
            diagnostics.error("'\(entry.key)' is already a variable; choose another name", at: entry.keyLocation)
        }
        let reader = DefinitionReader(layout: layout.withPrepared(prepareEntries.map(\.key)), diagnostics: diagnostics)
        let prepared = prepareEntries.compactMap { entry in reader.prepared(entry.value, name: entry.key) }
        var requests: [RequestTemplate] = []
        switch (fields["request"], fields["requests"]) {
        case (let single?, nil):
            if let request = reader.request(single, scope: .request) { requests = [request] }
        case (nil, let list?):
            requests = list.list(diagnostics)?.compactMap { reader.request($0, scope: .request) } ?? []
            if let last = requests.last, last.condition != nil {
                diagnostics.warning(
                    "every request of '\(list.displayPath)' has a 'when': a call that matches none fails", at: list.location,
                    hint: "leave 'when' out of the last one to make it the default")
            }
        case (_?, _?):
            diagnostics.error("write either 'request' or 'requests', not both", at: node.location)
        case (nil, nil):
            diagnostics.error("'\(node.displayPath)' needs a 'request' (or a list of 'requests')", at: node.location)
        }
        let emptyWhen = fields["emptyWhen"].flatMap { $0.expression(reader.compiler(.condition), diagnostics) }
        let paging = fields["pagination"].flatMap { reader.pagination($0) } ?? Pagination.none
        let items = fields["items"].flatMap { $0.expression(reader.compiler(.items), diagnostics) }
        let filter = fields["where"].flatMap { node in node.expression(reader.compiler(.fields), diagnostics) }

        // Enrichment results are variables of the field map, after the built-ins and context values.
        let enrichmentEntries = fields["enrich"].flatMap { $0.entries(allowed: nil, diagnostics) } ?? []
        for entry in enrichmentEntries where reader.layout.names.contains(entry.key) {
            diagnostics.error("'\(entry.key)' is already a variable; choose another name", at: entry.keyLocation)
        }
        let itemReader = DefinitionReader(layout: reader.layout.withEnrichments(enrichmentEntries.map(\.key)), diagnostics: diagnostics)
        let enrichments = enrichmentEntries.compactMap { entry in itemReader.enrichment(entry.value, name: entry.key) }
        let concurrency = fields["enrichConcurrency"]?.integer(in: 1...64, diagnostics) ?? 8
        let mapping = fields["fields"].flatMap { itemReader.fieldMap($0, lets: fields["let"], kind: kind) }
        let ttl = fields["ttl"]?.duration(diagnostics) ?? .seconds(60)
        let maxPages = fields["maxPages"]?.integer(in: 1...1000, diagnostics) ?? 50
        guard let items, let mapping, !requests.isEmpty else { return nil }
        return Operation(
            prepared: prepared, requests: requests, emptyWhen: emptyWhen, pagination: paging, items: items, filter: filter,
            enrichments: enrichments, enrichmentConcurrency: concurrency, fields: mapping.map,
            usability: Self.usability(of: mapping, kind: kind, enrichmentNames: enrichmentEntries.map(\.key)),
            layout: mapping.layout, ttl: ttl, maxPages: maxPages)
    }

    /// How the walker tells an item the field map cannot use (no id, no title, a field of the wrong
    /// type) from one it can.
    static func usability(
        of mapping: (map: FieldMap, layout: VariableLayout), kind: PluginOperation, enrichmentNames: [String]
    ) -> ItemUsability {
        let lets = mapping.map.lets.map { binding in
            (name: mapping.layout.letNames.first { mapping.layout.slot(ofLet: $0) == binding.slot } ?? "", slot: binding.slot, value: binding.value)
        }
        return ItemUsability.of(fields: mapping.map.fields, lets: lets, required: kind.fieldNames.required, enrichmentNames: enrichmentNames)
    }

    /// A value an operation fetches before its main request: `{when?, request, result, ttl?}`.
    func prepared(_ node: ConfigNode, name: String) -> ContextValue? {
        guard let fields = node.fields(allowed: ["when", "request", "result", "ttl"], required: ["request", "result"], diagnostics),
            let requestNode = fields["request"], let resultNode = fields["result"]
        else { return nil }
        let condition = fields["when"].flatMap { $0.expression(compiler(.condition), diagnostics) }
        guard let request = request(requestNode, scope: .condition, guardedBy: condition),
            let result = resultNode.expression(compiler(.contextResult), diagnostics)
        else { return nil }
        let ttl = fields["ttl"]?.duration(diagnostics) ?? .seconds(60)
        return ContextValue(name: name, slot: layout.slot(ofPrepared: name)!, condition: condition, request: request, result: result, ttl: ttl)
    }

    func enrichment(_ node: ConfigNode, name: String) -> Enrichment? {
        guard let fields = node.fields(allowed: ["request", "result", "ttl", "optional", "when"], required: ["request"], diagnostics),
            let requestNode = fields["request"]
        else { return nil }
        let condition = fields["when"].flatMap { $0.expression(compiler(.enrichmentRequest), diagnostics) }
        guard let request = request(requestNode, scope: .enrichmentRequest, guardedBy: condition) else { return nil }
        let optional = fields["optional"]?.bool(diagnostics) ?? false
        let result = fields["result"].flatMap { $0.expression(compiler(.enrichmentResult), diagnostics) }
        if fields["result"] != nil && result == nil { return nil }
        let ttl = fields["ttl"]?.duration(diagnostics) ?? .seconds(60)
        return Enrichment(
            name: name, slot: layout.slot(ofEnrichment: name)!, request: request, result: result, ttl: ttl, optional: optional, condition: condition)
    }

    /// - Parameter outerCondition: the `when` of the enrichment or prepared value the request is for.
    func request(_ node: ConfigNode, scope: ExpressionScope, guardedBy outerCondition: Mapping.Expression? = nil) -> RequestTemplate? {
        guard let fields = node.fields(allowed: AdapterLoader.requestKeys, diagnostics) else { return nil }
        let compiler = compiler(scope)
        let condition = fields["when"].flatMap { $0.expression(layout.compiler(for: .condition), diagnostics) }
        var method = "GET"
        if let methodNode = fields["method"], let text = methodNode.string(diagnostics) {
            if AdapterLoader.methods.contains(text.uppercased()) {
                method = text.uppercased()
            } else {
                diagnostics.error(
                    "unknown HTTP method '\(text)'", at: methodNode.location, hint: "one of \(AdapterLoader.methods.joined(separator: ", "))")
            }
        }
        var target: Target?
        switch (fields["path"], fields["url"]) {
        case (let pathNode?, nil):
            if let text = pathNode.string(diagnostics) {
                if text.hasPrefix("/") {
                    target = pathNode.template(compiler, diagnostics).map(Target.path)
                    if case .path(let path)? = target {
                        warnAboutSegmentsThatMayBeNull(path, in: pathNode, guards: [condition, outerCondition].compactMap { $0 })
                    }
                } else {
                    diagnostics.error(
                        "the path must start with '/': it is appended to the tenant's base URL", at: pathNode.location,
                        hint: "hosts and schemes belong in config.yaml (upstream.baseURL), never in an adapter")
                }
            }
        case (nil, let urlNode?):
            target = urlNode.expression(compiler, diagnostics).map(Target.url)
        case (_?, _?):
            diagnostics.error("write either 'path' or 'url', not both", at: node.location)
        case (nil, nil):
            diagnostics.error("'\(node.displayPath)' is missing the key 'path'", at: node.location, hint: "or 'url', for a link taken from an answer")
        }
        let query = fields["query"].map { namedExpressions($0, compiler) } ?? []
        let headers = fields["headers"].map { namedExpressions($0, compiler) } ?? []
        var body: RequestBody?
        switch (fields["body"], fields["graphql"]) {
        case (let json?, nil):
            body = jsonTemplate(json, compiler).map(RequestBody.json)
        case (nil, let graphql?):
            body = graphQLBody(graphql, compiler)
            if fields["method"] == nil { method = "POST" }
        case (_?, _?):
            diagnostics.error("write either 'body' or 'graphql', not both", at: node.location)
        case (nil, nil):
            break
        }
        let errorRules = fields["errors"].flatMap { node in node.list(diagnostics)?.compactMap { errorRule($0) } } ?? []
        let emptyWhen = fields["emptyWhen"].flatMap { $0.expression(self.compiler(.errorRule), diagnostics) }
        let readOnly = fields["readOnly"]?.bool(diagnostics)
        if readOnly == true, case .graphql(let query, _, _)? = body, query.drop(while: \.isWhitespace).hasPrefix("mutation") {
            diagnostics.error(
                "a GraphQL mutation is not read-only: it would be sent again on a retry", at: fields["readOnly"]!.location,
                hint: "leave 'readOnly' out: queries are retried, mutations are not")
        }
        guard let target else { return nil }
        return RequestTemplate(
            condition: condition, method: method, target: target, query: query, headers: headers, body: body, errorRules: errorRules,
            emptyWhen: emptyWhen, readOnly: readOnly, rate: fields["rate"].flatMap { rateName($0) })
    }

    private func graphQLBody(_ node: ConfigNode, _ compiler: ExpressionCompiler) -> RequestBody? {
        guard let fields = node.fields(allowed: ["query", "variables", "operationName"], required: ["query"], diagnostics),
            let query = fields["query"]?.string(diagnostics)
        else { return nil }
        let variables = fields["variables"].flatMap { jsonTemplate($0, compiler) }
        let operationName = fields["operationName"]?.string(diagnostics)
        return .graphql(query: query, variables: variables, operationName: operationName)
    }

    private func namedExpressions(_ node: ConfigNode, _ compiler: ExpressionCompiler) -> [(name: String, value: Mapping.Expression)] {
        (node.entries(allowed: nil, diagnostics) ?? []).compactMap { entry in
            entry.value.expression(compiler, diagnostics).map { (entry.key, $0) }
        }
    }

    /// A JSON body template: YAML structure kept, every string scalar compiled as an expression.
    private func jsonTemplate(_ node: ConfigNode, _ compiler: ExpressionCompiler) -> JSONTemplate? {
        switch node.node {
        case .mapping:
            guard let entries = node.entries(allowed: nil, diagnostics) else { return nil }
            let values = entries.compactMap { entry in jsonTemplate(entry.value, compiler).map { (key: entry.key, value: $0) } }
            return values.count == entries.count ? .object(values) : nil
        case .sequence:
            guard let items = node.list(diagnostics) else { return nil }
            let values = items.compactMap { jsonTemplate($0, compiler) }
            return values.count == items.count ? .array(values) : nil
        case .scalar(let scalar):
            let literal = ConfigNode.literal(scalar)
            if case .string = literal {
                return node.expression(compiler, diagnostics).map(JSONTemplate.expression)
            }
            return .literal(literal)
        case .alias:
            diagnostics.error("YAML aliases are not supported here", at: node.location)
            return nil
        }
    }

    func pagination(_ node: ConfigNode) -> Pagination? {
        let strategies = ["cursor", "offset", "page", "linkHeader", "nextUrl", "none"]
        let errorsBefore = diagnostics.errors.count
        guard let fields = node.fields(allowed: strategies, diagnostics) else { return nil }
        guard fields.entries.count == 1, let entry = fields.entries.first else {
            if diagnostics.errors.count == errorsBefore {
                diagnostics.error("'pagination' takes exactly one strategy", at: node.location, hint: strategies.joined(separator: ", "))
            }
            return nil
        }
        if entry.key == "none" { return Pagination.none }
        let allowed: [String] =
            switch entry.key {
            case "cursor": ["pageSize", "next", "hasNext"]
            case "offset": ["pageSize", "hasNext"]
            case "page": ["pageSize", "firstPage", "hasNext"]
            case "nextUrl": ["pageSize", "next"]
            default: ["pageSize"]
            }
        let required = entry.key == "cursor" || entry.key == "nextUrl" ? ["pageSize", "next"] : ["pageSize"]
        guard let parts = entry.value.fields(allowed: allowed, required: required, diagnostics),
            let pageSize = parts["pageSize"]?.integer(in: 1...1000, diagnostics)
        else { return nil }
        let next = parts["next"].flatMap { $0.expression(compiler(.pagination), diagnostics) }
        let hasNext = parts["hasNext"].flatMap { $0.expression(compiler(.pagination), diagnostics) }
        switch entry.key {
        case "cursor": return next.map { .cursor(pageSize: pageSize, next: $0, hasNext: hasNext) }
        case "offset": return .offset(pageSize: pageSize, hasNext: hasNext)
        case "page":
            let firstPage = parts["firstPage"]?.integer(in: 0...1, diagnostics) ?? 1
            return .page(pageSize: pageSize, firstPage: firstPage, hasNext: hasNext)
        case "nextUrl": return next.map { .nextURL(pageSize: pageSize, next: $0) }
        default: return .linkHeader(pageSize: pageSize)
        }
    }

    func fieldMap(_ node: ConfigNode, lets letsNode: ConfigNode?, kind: PluginOperation) -> (map: FieldMap, layout: VariableLayout)? {
        let letEntries = letsNode.flatMap { $0.entries(allowed: nil, diagnostics) } ?? []
        let names = letEntries.map(\.key)
        for entry in letEntries where layout.names.contains(entry.key) {
            diagnostics.error("'\(entry.key)' is already a variable; choose another name", at: entry.keyLocation)
        }
        let withLets = layout.withLets(names)
        var lets: [(slot: Int, value: Mapping.Expression)] = []
        for (index, entry) in letEntries.enumerated() {
            // A binding may read the ones declared before it, not after.
            if let value = entry.value.expression(withLets.compiler(for: .fields, letsVisible: index), diagnostics) {
                lets.append((withLets.slot(ofLet: entry.key)!, value))
            }
        }
        let (allowed, required) = kind.fieldNames
        guard let entries = node.entries(allowed: allowed, diagnostics) else { return nil }
        let fieldCompiler = withLets.compiler(for: .fields)
        var fields: [(name: String, value: Mapping.Expression)] = []
        for entry in entries {
            if let value = entry.value.expression(fieldCompiler, diagnostics) { fields.append((entry.key, value)) }
        }
        for name in required where !entries.contains(where: { $0.key == name }) {
            diagnostics.error("the \(kind.rawValue) field map needs '\(name)'", at: node.location)
        }
        return (FieldMap(lets: lets, fields: fields), withLets)
    }

    // MARK: Customers, actions, options

    static let customerKeys = ["request", "requests", "items", "enrich", "enrichConcurrency", "let", "fields", "notFound", "ttl", "total"]
    static let customerFieldKeys = ["id", "type", "label", "value", "action", "target", "when", "values"]

    func customerOperation(_ node: ConfigNode, actions: Set<String>) -> CustomerOperation? {
        guard let fields = node.fields(allowed: Self.customerKeys, required: ["items", "fields"], diagnostics) else { return nil }
        var requests: [RequestTemplate] = []
        switch (fields["request"], fields["requests"]) {
        case (let single?, nil):
            if let request = request(single, scope: .request) { requests = [request] }
        case (nil, let list?):
            requests = list.list(diagnostics)?.compactMap { request($0, scope: .request) } ?? []
        case (_?, _?):
            diagnostics.error("write either 'request' or 'requests', not both", at: node.location)
        case (nil, nil):
            diagnostics.error("'customer' needs a 'request' (or a list of 'requests')", at: node.location)
        }
        let items = fields["items"].flatMap { $0.expression(compiler(.items), diagnostics) }
        let enrichmentEntries = fields["enrich"].flatMap { $0.entries(allowed: nil, diagnostics) } ?? []
        let itemReader = DefinitionReader(layout: layout.withEnrichments(enrichmentEntries.map(\.key)), diagnostics: diagnostics)
        let enrichments = enrichmentEntries.compactMap { entry in itemReader.enrichment(entry.value, name: entry.key) }
        let letEntries = fields["let"].flatMap { $0.entries(allowed: nil, diagnostics) } ?? []
        let withLets = itemReader.layout.withLets(letEntries.map(\.key))
        var lets: [(slot: Int, value: Mapping.Expression)] = []
        for (index, entry) in letEntries.enumerated() {
            if withLets.names.dropLast(letEntries.count).contains(entry.key) {
                diagnostics.error("'\(entry.key)' is already a variable; choose another name", at: entry.keyLocation)
            } else if let value = entry.value.expression(withLets.compiler(for: .fields, letsVisible: index), diagnostics) {
                lets.append((withLets.slot(ofLet: entry.key)!, value))
            }
        }
        let fieldReader = DefinitionReader(layout: withLets, diagnostics: diagnostics)
        let found = fields["fields"].flatMap { fieldReader.customerFields($0, actions: actions) }
        let notFound = fields["notFound"].flatMap { fieldReader.customerFields($0, actions: actions) } ?? []
        let ttl = fields["ttl"]?.duration(diagnostics) ?? .seconds(30)
        guard let items, let found, !requests.isEmpty else { return nil }
        return CustomerOperation(
            requests: requests, items: items, enrichments: enrichments, lets: lets, fields: found, notFoundFields: notFound,
            layout: withLets, ttl: ttl, total: fields["total"].flatMap { $0.expression(compiler(.items), diagnostics) })
    }

    func customerFields(_ node: ConfigNode, actions: Set<String>) -> [CustomerFieldTemplate]? {
        guard let items = node.list(diagnostics) else { return nil }
        var seen = Set<String>()
        var templates: [CustomerFieldTemplate] = []
        for item in items {
            guard let fields = item.fields(allowed: Self.customerFieldKeys, required: ["id"], diagnostics),
                let idNode = fields["id"], let id = idNode.string(diagnostics)
            else { continue }
            if !seen.insert(id).inserted { diagnostics.error("the field id '\(id)' is used twice", at: idNode.location) }
            var type = CustomerField.FieldType.text
            if let typeNode = fields["type"], let name = typeNode.string(diagnostics) {
                if let known = CustomerField.FieldType(rawValue: name.uppercased()) {
                    type = known
                } else {
                    diagnostics.error("unknown field type '\(name)'", at: typeNode.location, hint: "TEXT, URL or ACTION")
                }
            }
            let label = fields["label"].flatMap { localizedText($0) }
            if label == nil && fields["label"] == nil && BuiltInLabels.text(id) == nil {
                diagnostics.error(
                    "'\(id)' has no built-in label: give it one", at: idNode.location,
                    hint: "label: { en: …, fr: … }, or an id among \(BuiltInLabels.keys.prefix(12).joined(separator: ", "))…")
            }
            let compiler = compiler(.fields)
            let value = fields["value"].flatMap { $0.expression(compiler, diagnostics) }
            let condition = fields["when"].flatMap { $0.expression(compiler, diagnostics) }
            let target = fields["target"].flatMap { $0.expression(compiler, diagnostics) }
            var action: String?
            if type == .action {
                if let actionNode = fields["action"], let name = actionNode.string(diagnostics) {
                    if actions.contains(name) {
                        action = name
                    } else {
                        diagnostics.error(
                            "no action named '\(name)' in this adapter", at: actionNode.location,
                            hint: Suggestion.closest(to: name, among: actions).map { "did you mean '\($0)'?" } ?? "declare it under 'actions'")
                    }
                } else {
                    diagnostics.error("an ACTION field needs an 'action'", at: item.location)
                }
            } else if fields["value"] == nil {
                diagnostics.error("a \(type.rawValue) field needs a 'value'", at: item.location)
            }
            var values: [String: LocalizedText] = [:]
            for entry in fields["values"]?.entries(allowed: nil, diagnostics) ?? [] {
                if let text = localizedText(entry.value) { values[entry.key] = text }
            }
            templates.append(
                CustomerFieldTemplate(
                    id: id, type: type, label: label, value: value, action: action, target: target, condition: condition, values: values))
        }
        return templates
    }

    /// `text` (every language) or `{en: …, fr: …}`.
    func localizedText(_ node: ConfigNode) -> LocalizedText? {
        if case .scalar = node.node { return node.string(diagnostics).map(LocalizedText.init) }
        guard let entries = node.entries(allowed: Language.allCases.map(\.rawValue), diagnostics) else { return nil }
        var texts: [String: String] = [:]
        for entry in entries {
            guard let text = entry.value.string(diagnostics) else { continue }
            if text.unicodeScalars.count > PluginLimits.maxFieldCharacters {
                diagnostics.error("longer than iAdvize's \(PluginLimits.maxFieldCharacters) characters", at: entry.value.location)
            }
            texts[entry.key] = text
        }
        return LocalizedText(texts)
    }

    func action(_ node: ConfigNode, name: String) -> ActionDefinition? {
        guard let fields = node.fields(allowed: ["request", "success", "window", "existing"], required: ["request"], diagnostics),
            let requestNode = fields["request"], let request = request(requestNode, scope: .actionRequest)
        else { return nil }
        let existing = fields["existing"].flatMap { existingLookup($0) }
        var success: [String: TextTemplate] = [:]
        if let successNode = fields["success"] {
            let compiler = compiler(.actionResult)
            if case .scalar = successNode.node {
                success["en"] = successNode.template(compiler, diagnostics)
            } else {
                for entry in successNode.entries(allowed: Language.allCases.map(\.rawValue), diagnostics) ?? [] {
                    success[entry.key] = entry.value.template(compiler, diagnostics)
                }
            }
        }
        let window = fields["window"]?.duration(diagnostics) ?? .seconds(600)
        return ActionDefinition(name: name, request: request, success: success, window: window, existing: existing)
    }

    /// `existing: { when?, request, result }` of an action.
    func existingLookup(_ node: ConfigNode) -> ExistingLookup? {
        guard let fields = node.fields(allowed: ["when", "request", "result"], required: ["request", "result"], diagnostics),
            let request = fields["request"].flatMap({ self.request($0, scope: .actionRequest) }),
            let result = fields["result"]?.expression(compiler(.actionResult), diagnostics)
        else { return nil }
        let condition = fields["when"].flatMap { $0.expression(compiler(.actionRequest), diagnostics) }
        return ExistingLookup(condition: condition, request: request, result: result)
    }

    func optionSource(_ node: ConfigNode, name: String) -> OptionSource? {
        guard
            let fields = node.fields(
                allowed: ["request", "items", "label", "value", "ttl"], required: ["request", "items", "label", "value"], diagnostics),
            let request = fields["request"].flatMap({ self.request($0, scope: .request) }),
            let items = fields["items"]?.expression(compiler(.items), diagnostics),
            let label = fields["label"]?.expression(compiler(.option), diagnostics),
            let value = fields["value"]?.expression(compiler(.option), diagnostics)
        else { return nil }
        let ttl = fields["ttl"]?.duration(diagnostics) ?? .seconds(600)
        return OptionSource(name: name, request: request, items: items, label: label, value: value, ttl: ttl)
    }
}
