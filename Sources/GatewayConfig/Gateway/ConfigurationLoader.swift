import Adapters
import Foundation
import Mapping
import Plugins
import Redis
import SharedState
import Yams

/// Reads `config.yaml` and the adapters it points to, checking everything and reporting every
/// problem with its file position.
package enum ConfigurationLoader {
    /// The configuration, or nil when it has errors; `diagnostics` receives errors and warnings.
    package static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment, diagnostics: Diagnostics
    ) -> GatewayConfiguration? {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            diagnostics.error("cannot read the configuration file", at: SourceLocation(file: path, line: 1, column: 1))
            return nil
        }
        let errorsBefore = diagnostics.errors.count
        let file = ConfigFile(path: path, text: text)
        guard let root = ConfigNode.parse(file, text: text, diagnostics: diagnostics) else { return nil }
        // Checked apart (a throw-away Diagnostics: `fields` below reports a root that is no mapping).
        if let sandbox = root.entries(allowed: nil, Diagnostics())?.first(where: { $0.key == "sandbox" }) {
            diagnostics.error(
                "'sandbox' is no longer read from config.yaml: the demo upstream is a program of its own", at: sandbox.keyLocation,
                hint: "remove the section; `make run` starts deskbridge-sandbox beside the gateway")
            return nil
        }
        let topLevelKeys = ["server", "adapters", "cache", "upstream", "shared", "admin", "panel", "tenants"]
        guard let top = root.fields(allowed: topLevelKeys, required: ["tenants"], diagnostics) else { return nil }
        var reader = Reader(environment: environment, diagnostics: diagnostics)

        var listener = GatewayConfiguration.Listener(host: "127.0.0.1", port: 8080)
        var watchInterval = Duration.seconds(2)
        if let server = top["server"],
            let fields = server.fields(
                allowed: [
                    "host", "port", "trustedProxies", "idleTimeout", "drainTimeout", "watchInterval", "maxConnections", "requestReadTimeout",
                ], diagnostics)
        {
            watchInterval = fields["watchInterval"]?.duration(diagnostics) ?? watchInterval
            listener.host = fields["host"].flatMap { reader.string($0) } ?? listener.host
            listener.port = fields["port"]?.integer(in: 0...65535, diagnostics) ?? listener.port
            listener.trustedProxies = fields["trustedProxies"].flatMap { reader.networks($0) } ?? []
            listener.idleTimeout = fields["idleTimeout"]?.duration(diagnostics) ?? listener.idleTimeout
            listener.drainTimeout = fields["drainTimeout"]?.duration(diagnostics) ?? listener.drainTimeout
            listener.maxConnections = fields["maxConnections"]?.integer(in: 1...1_000_000, diagnostics) ?? listener.maxConnections
            listener.requestReadTimeout = fields["requestReadTimeout"]?.duration(diagnostics) ?? listener.requestReadTimeout
        }
        // Beyond loopback, no secret that ships in the repository or is easy to guess.
        reader.requiresProductionSecrets = !ProductionSecrets.isLoopback(listener.host)
        let baseDirectory = (path as NSString).deletingLastPathComponent
        let adaptersSetting = top["adapters"].flatMap { reader.string($0) } ?? "adapters"
        let adaptersDirectory =
            adaptersSetting.hasPrefix("/") ? adaptersSetting : (baseDirectory as NSString).appendingPathComponent(adaptersSetting)

        var cache = GatewayConfiguration.CacheSettings()
        if let node = top["cache"],
            let fields = node.fields(
                allowed: ["maxBytes", "pluginMaxBytes", "staleWhileRevalidate", "staleIfError", "negativeTTL"], diagnostics)
        {
            cache.maxBytes = fields["maxBytes"]?.byteSize(diagnostics) ?? cache.maxBytes
            cache.pluginMaxBytes = fields["pluginMaxBytes"]?.byteSize(diagnostics) ?? cache.pluginMaxBytes
            cache.staleness.staleWhileRevalidate = fields["staleWhileRevalidate"]?.duration(diagnostics) ?? cache.staleness.staleWhileRevalidate
            cache.staleness.staleIfError = fields["staleIfError"]?.duration(diagnostics) ?? cache.staleness.staleIfError
            cache.staleness.negativeTTL = fields["negativeTTL"]?.duration(diagnostics) ?? cache.staleness.negativeTTL
        }
        let upstream = top["upstream"].flatMap { reader.upstreamSettings($0) } ?? .init()
        let shared = top["shared"].flatMap { reader.sharedSettings($0) }
        var adminToken: String?
        var publicMetrics = false
        if let admin = top["admin"], let fields = admin.fields(allowed: ["token", "publicMetrics"], diagnostics) {
            adminToken = fields["token"].flatMap { reader.string($0) }
            publicMetrics = fields["publicMetrics"]?.bool(diagnostics) ?? false
            if let token = adminToken, let location = fields["token"]?.location {
                if token.count < 16 {
                    diagnostics.error("the admin token must be at least 16 characters long", at: location)
                } else if reader.requiresProductionSecrets, let problem = ProductionSecrets.problem(with: token) {
                    diagnostics.error(
                        "the admin token \(problem), and the gateway listens beyond loopback (\(listener.host))", at: location,
                        hint: "give it a long random value, e.g. from `openssl rand -hex 32`, in ${DESKBRIDGE_ADMIN_TOKEN}")
                }
            }
        }
        if adminToken == nil && !publicMetrics {
            diagnostics.warning(
                "no admin token: /admin and /metrics are off", at: top["admin"]?.location ?? SourceLocation(file: path, line: 1, column: 1),
                hint: "set admin: { token: ${DESKBRIDGE_ADMIN_TOKEN} }, or publicMetrics: true to serve /metrics to anyone")
        }

        let panel = PanelSettings.read(top["panel"], diagnostics: diagnostics, text: { reader.string($0) })
        let adapters = AdapterLoader.loadDirectory(adaptersDirectory, diagnostics: diagnostics)
        let adapterNames = (AdapterLoader.adapterFiles(in: adaptersDirectory) ?? []).map { ($0 as NSString).deletingPathExtension }
        var tenants: [GatewayConfiguration.Tenant] = []
        if let entries = top["tenants"]?.entries(allowed: nil, diagnostics) {
            let tenantNames = Set(entries.map(\.key))
            for entry in entries {
                if let tenant = reader.tenant(
                    entry.value, name: entry.key, nameLocation: entry.keyLocation, adapters: adapters, adapterNames: adapterNames,
                    panel: panel, tenantNames: tenantNames)
                {
                    tenants.append(tenant)
                }
            }
            if entries.isEmpty { diagnostics.error("no tenant is configured", at: top["tenants"]!.location) }
        }
        let used = Set(tenants.map(\.adapter.name))
        for name in adapters.keys.sorted() where !used.contains(name) {
            diagnostics.warning(
                "adapter '\(name)' is not used by any tenant", at: SourceLocation(file: adapters[name]!.file, line: 1, column: 1))
        }
        guard diagnostics.errors.count == errorsBefore else { return nil }
        return GatewayConfiguration(
            path: path, listener: listener, adaptersDirectory: adaptersDirectory, cache: cache,
            upstream: upstream, tenants: tenants, adapters: adapters, adminToken: adminToken,
            watchInterval: watchInterval, panel: panel, shared: shared, publicMetrics: publicMetrics)
    }

    /// Reads config.yaml values, resolving `${VAR}` and `${file:…}` references in strings.
    struct Reader {
        let environment: [String: String]
        let diagnostics: Diagnostics
        /// The gateway listens beyond loopback: secrets must pass `ProductionSecrets`.
        var requiresProductionSecrets = false

        func string(_ node: ConfigNode) -> String? {
            guard let text = node.string(diagnostics) else { return nil }
            switch SecretReference.resolve(text, environment: environment) {
            case .success(let value):
                return value
            case .failure(.unsetVariable(let name)):
                diagnostics.error(
                    "environment variable \(name) is not set", at: node.location,
                    hint: "export \(name), or give a default: ${\(name):-value}")
            case .failure(.unreadableFile(let file)):
                diagnostics.error("cannot read the secret file \(file)", at: node.location)
            case .failure(.unterminated):
                diagnostics.error("'${' is never closed with '}'", at: node.location)
            }
            return nil
        }

        /// `shared:`; nil when absent, or when its URL is empty (`${DESKBRIDGE_REDIS_URL:-}` unset).
        func sharedSettings(_ node: ConfigNode) -> SharedSettings? {
            let keys = ["url", "keyPrefix", "poolSize", "connectTimeout", "commandTimeout", "maxEntryBytes", "fillTimeout"]
            guard let fields = node.fields(allowed: keys, required: ["url"], diagnostics), let urlNode = fields["url"],
                let url = string(urlNode), !url.isEmpty
            else { return nil }
            var redis: RedisConfiguration
            do {
                redis = try RedisConfiguration(url: url)
            } catch {
                diagnostics.error("'shared.url' is not a Redis URL: \(error)", at: urlNode.location, hint: "redis://[user:password@]host[:port][/db]")
                return nil
            }
            // Shared operations must fail fast: a slow Redis must never hold up an agent.
            redis.commandTimeout = .milliseconds(200)
            redis.poolSize = fields["poolSize"]?.integer(in: 1...64, diagnostics) ?? redis.poolSize
            redis.connectTimeout = fields["connectTimeout"]?.duration(diagnostics) ?? redis.connectTimeout
            redis.commandTimeout = fields["commandTimeout"]?.duration(diagnostics) ?? redis.commandTimeout
            var settings = SharedSettings(redis: redis)
            settings.keyPrefix = fields["keyPrefix"].flatMap { string($0) } ?? settings.keyPrefix
            settings.maxEntryBytes = fields["maxEntryBytes"]?.byteSize(diagnostics) ?? settings.maxEntryBytes
            settings.fillTimeout = fields["fillTimeout"]?.duration(diagnostics) ?? settings.fillTimeout
            return settings
        }

        func upstreamSettings(_ node: ConfigNode) -> GatewayConfiguration.UpstreamSettings? {
            guard
                let fields = node.fields(
                    allowed: [
                        "connectTimeout", "requestTimeout", "firstByteTimeout", "maxResponseBytes", "maxConnectionsPerHost", "attempts",
                        "breakerFailures", "breakerCooldown", "parseBudget", "parseWait",
                    ], diagnostics)
            else { return nil }
            var settings = GatewayConfiguration.UpstreamSettings()
            settings.firstByteTimeout = fields["firstByteTimeout"]?.duration(diagnostics) ?? settings.firstByteTimeout
            settings.attempts = fields["attempts"]?.integer(in: 1...10, diagnostics) ?? settings.attempts
            settings.breakerFailures = fields["breakerFailures"]?.integer(in: 1...1000, diagnostics) ?? settings.breakerFailures
            settings.breakerCooldown = fields["breakerCooldown"]?.duration(diagnostics) ?? settings.breakerCooldown
            settings.connectTimeout = fields["connectTimeout"]?.duration(diagnostics) ?? settings.connectTimeout
            settings.requestTimeout = fields["requestTimeout"]?.duration(diagnostics) ?? settings.requestTimeout
            settings.maxResponseBytes = fields["maxResponseBytes"]?.byteSize(diagnostics) ?? settings.maxResponseBytes
            settings.maxConnectionsPerHost = fields["maxConnectionsPerHost"]?.integer(in: 1...1024, diagnostics) ?? settings.maxConnectionsPerHost
            settings.parseBudget = fields["parseBudget"]?.byteSize(diagnostics) ?? settings.parseBudget
            settings.parseWait = fields["parseWait"]?.duration(diagnostics) ?? settings.parseWait
            return settings
        }

        func tenant(
            _ node: ConfigNode, name: String, nameLocation: SourceLocation, adapters: [String: AdapterDefinition],
            adapterNames: [String], panel panelSettings: PanelSettings, tenantNames: Set<String>
        ) -> GatewayConfiguration.Tenant? {
            let before = diagnostics.errors.count
            if name.isEmpty || !name.utf8.allSatisfy({ isNameByte($0) }) {
                diagnostics.error(
                    "tenant name '\(name)' cannot appear in a URL", at: nameLocation, hint: "use lower-case letters, digits, '-' and '_'")
            }
            let tenantKeys = [
                "websites", "adapter", "upstream", "credentials", "settings", "ttl", "secret", "insecure", "allow", "labels", "language",
                "closingForm", "panel", "bot",
            ]
            guard let fields = node.fields(allowed: tenantKeys, required: ["websites", "adapter", "upstream"], diagnostics) else {
                return nil
            }
            let websites = fields["websites"]?.stringList(diagnostics) ?? []
            if fields["websites"] != nil && websites.isEmpty {
                diagnostics.error(
                    "tenant '\(name)' serves no iAdvize website", at: fields["websites"]!.location, hint: "list its idWebsite values, e.g. [ha-123]")
            }
            var adapter: AdapterDefinition?
            if let adapterNode = fields["adapter"], let adapterName = adapterNode.string(diagnostics) {
                adapter = adapters[adapterName]
                if adapter == nil && adapterNames.contains(adapterName) {
                    diagnostics.error("adapter '\(adapterName)' has errors (reported with its file)", at: adapterNode.location)
                } else if adapter == nil {
                    let hint =
                        Suggestion.closest(to: adapterName, among: adapterNames).map { "did you mean '\($0)'?" }
                        ?? "adapters found: \(adapterNames.joined(separator: ", "))"
                    diagnostics.error("unknown adapter '\(adapterName)'", at: adapterNode.location, hint: hint)
                }
            }
            var baseURL: BaseURL?
            if let upstreamNode = fields["upstream"], let text = string(upstreamNode) {
                baseURL = BaseURL(text)
                if baseURL == nil {
                    // The value is not repeated: a mistyped URL may carry a token.
                    diagnostics.error(
                        "this is not an upstream base URL", at: upstreamNode.location,
                        hint: "http(s)://host[:port][/path], with no query, fragment or user info")
                }
            }
            var credentials: [String: String] = [:]
            let credentialEntries = fields["credentials"]?.entries(allowed: nil, diagnostics) ?? []
            for entry in credentialEntries {
                if let value = string(entry.value) { credentials[entry.key] = value }
            }
            var settings = adapter?.settings ?? JSONObject()
            for entry in fields["settings"]?.entries(allowed: nil, diagnostics) ?? [] {
                guard let adapter else { continue }
                guard adapter.settings[entry.key] != nil else {
                    let known = adapter.settings.map(\.key)
                    diagnostics.error(
                        "adapter '\(adapter.name)' has no setting '\(entry.key)'", at: entry.keyLocation,
                        hint: Suggestion.closest(to: entry.key, among: known).map { "did you mean '\($0)'?" }
                            ?? (known.isEmpty ? "it takes no settings" : "its settings: \(known.joined(separator: ", "))"))
                    continue
                }
                if let value = entry.value.jsonValue(diagnostics) {
                    settings.removeAll(key: entry.key)
                    settings.append(key: entry.key, value: value)
                }
            }
            var ttl: [PluginOperation: Duration] = [:]
            for entry in fields["ttl"]?.entries(allowed: PluginOperation.allCases.map(\.rawValue), diagnostics) ?? [] {
                if let operation = PluginOperation(rawValue: entry.key), let duration = entry.value.duration(diagnostics) {
                    ttl[operation] = duration
                    if duration == .zero { diagnostics.warning("a TTL of zero turns the upstream cache off for \(entry.key)", at: entry.keyLocation) }
                }
            }
            if let adapter {
                for required in adapter.requiredSettings where settings[required]?.isNull ?? true {
                    diagnostics.error(
                        "tenant '\(name)' lacks the setting '\(required)' that adapter '\(adapter.name)' requires",
                        at: fields["settings"]?.location ?? node.location, hint: "add settings: { \(required): … }")
                }
                for required in adapter.credentialNames where !credentialEntries.contains(where: { $0.key == required }) {
                    diagnostics.error(
                        "tenant '\(name)' lacks the credential '\(required)' that adapter '\(adapter.name)' needs",
                        at: fields["credentials"]?.location ?? node.location,
                        hint: "add credentials: { \(required): ${ENV_VAR} }")
                }
            }
            let (access, secrets) = self.access(fields, tenant: name, location: nameLocation)
            let panel = PanelTenantSettings.read(
                fields["panel"], tenant: name, tenantLocation: nameLocation, settings: panelSettings, secretCount: secrets.count,
                diagnostics: diagnostics, text: { string($0) })
            var labels: [String: LocalizedText] = [:]
            for entry in fields["labels"]?.entries(allowed: nil, diagnostics) ?? [] {
                var texts: [String: String] = [:]
                for text in entry.value.entries(allowed: Language.allCases.map(\.rawValue), diagnostics) ?? [] {
                    texts[text.key] = text.value.string(diagnostics)
                }
                labels[entry.key] = LocalizedText(texts)
            }
            var language = Language.en
            if let languageNode = fields["language"], let code = languageNode.string(diagnostics) {
                if let known = Language(rawValue: code) {
                    language = known
                } else {
                    diagnostics.error(
                        "no built-in texts for '\(code)'", at: languageNode.location,
                        hint: Language.allCases.map(\.rawValue).joined(separator: ", "))
                }
            }
            let closingForm = fields["closingForm"].flatMap { ClosingFormDefinition.read($0, adapter: adapter, diagnostics: diagnostics) }
            let bot = fields["bot"].flatMap {
                BotConfiguration.read($0, tenant: name, knownTenants: tenantNames, diagnostics: diagnostics, path: { self.string($0) })
            }
            guard diagnostics.errors.count == before, let adapter, let baseURL else { return nil }
            return GatewayConfiguration.Tenant(
                name: name, websites: Set(websites), adapter: adapter,
                upstream: TenantUpstream(tenant: name, baseURL: baseURL, credentials: credentials, settings: settings, ttlOverrides: ttl),
                access: access, labels: labels, language: language, closingForm: closingForm, bot: bot, secrets: secrets,
                panel: panel, location: nameLocation,
                fingerprint: Self.fingerprint(node, adapter: adapter, credentials: credentials, secrets: secrets))
        }

        private static func fingerprint(_ node: ConfigNode, adapter: AdapterDefinition, credentials: [String: String], secrets: [String]) -> Int {
            var hasher = Hasher()
            hasher.combine((try? Yams.serialize(node: node.node)) ?? "")
            hasher.combine(adapter.fingerprint)
            hasher.combine(credentials)
            hasher.combine(secrets)
            return hasher.finalize()
        }

        /// The tenant's connector secret(s) and allow-lists. A tenant without a secret is refused
        /// unless it says `insecure: true`.
        func access(_ fields: ConfigFields, tenant name: String, location: SourceLocation) -> (TenantAccess, [String]) {
            var secrets: [String] = []
            if let node = fields["secret"] {
                if case .sequence = node.node {
                    secrets = node.list(diagnostics)?.compactMap { string($0) } ?? []
                    if secrets.count > 2 {
                        diagnostics.error("at most two secrets: the current one and the next, during a rotation", at: node.location)
                    }
                } else if let secret = string(node) {
                    secrets = [secret]
                }
                if secrets.contains(where: { $0.isEmpty }) {
                    diagnostics.error("a connector secret cannot be empty", at: node.location)
                } else if requiresProductionSecrets, let problem = secrets.lazy.compactMap(ProductionSecrets.problem(with:)).first {
                    diagnostics.error(
                        "tenant '\(name)': the connector secret \(problem), and the gateway listens beyond loopback", at: node.location,
                        hint: "use the secret token of the iAdvize connector, from the environment: secret: ${\(name.uppercased())_SECRET}")
                }
            }
            let insecure = fields["insecure"]?.bool(diagnostics) ?? false
            if secrets.isEmpty && !insecure {
                diagnostics.error(
                    "tenant '\(name)' has no connector secret: anyone could call it", at: fields["secret"]?.location ?? location,
                    hint:
                        "set secret: ${\(name.uppercased().replacingOccurrences(of: "-", with: "_"))_SECRET} (the iAdvize connector's secret token), or insecure: true for a demo"
                )
            }
            if insecure {
                diagnostics.warning(
                    "tenant '\(name)' accepts unsigned calls (insecure: true)", at: fields["insecure"]!.location,
                    hint: "never in production: set the connector's secret token instead")
            }
            var connectorVersions: Set<String>?
            var sourceNetworks: [IPNetwork]?
            if let allow = fields["allow"], let entries = allow.fields(allowed: ["connectorVersions", "sourceAddresses"], diagnostics) {
                connectorVersions = entries["connectorVersions"]?.stringList(diagnostics).map(Set.init)
                sourceNetworks = entries["sourceAddresses"].flatMap { networks($0) }
            }
            let access = TenantAccess(
                signature: SignatureCheck(secrets: secrets), insecure: insecure && secrets.isEmpty,
                connectorVersions: connectorVersions, sourceNetworks: sourceNetworks)
            return (access, secrets)
        }

        func networks(_ node: ConfigNode) -> [IPNetwork]? {
            guard let items = node.list(diagnostics) else { return nil }
            var networks: [IPNetwork] = []
            for item in items {
                guard let text = string(item) else { continue }
                if let network = IPNetwork(text) {
                    networks.append(network)
                } else {
                    diagnostics.error("'\(text)' is not an IP address or CIDR block", at: item.location, hint: "e.g. 35.158.241.155 or 10.0.0.0/8")
                }
            }
            return networks
        }

        private func isNameByte(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}
