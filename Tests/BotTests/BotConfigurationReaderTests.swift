import Adapters
import Bot
import GatewayConfig
import Testing

/// `tenants.<name>.bot` read with located errors and hints, as `deskbridge check` shows them.
@Suite struct BotConfigurationReaderTests {
    func read(_ yaml: String, tenants: Set<String>? = ["demo", "other"]) -> (BotConfiguration?, [Diagnostic]) {
        let diagnostics = Diagnostics()
        let file = ConfigFile(path: "/etc/deskbridge/config.yaml", text: yaml)
        guard let node = ConfigNode.parse(file, text: yaml, diagnostics: diagnostics) else { return (nil, diagnostics.all) }
        return (BotConfiguration.read(node, tenant: "demo", knownTenants: tenants, diagnostics: diagnostics), diagnostics.all)
    }

    @Test func aCompleteConfiguration() throws {
        let (configuration, diagnostics) = read(
            """
            bindingsFile: state/bots.json
            searchDeadline: 3s
            conversationLimit: 500
            conversationTimeout: 2m
            operators: { ha-1: shop }
            bots:
              shop:
                name: Shop assistant
                description: Finds products.
                editorUrl: https://shop.example.com/editor
                language: FR
                catalog: other
                resultsPerPage: 4
                firstMessages:
                  - Bonjour !
                  - text: Que cherchez-vous ?
                    quickReplies: [Robes, Parler à un conseiller]
                transfer:
                  distributionRule: { id: EF4670C3-D715-4A21-8226-ED17F354FC44, label: Conseillers }
                  timeout: 45s
                availability:
                  strategy: all
                  distributionRulesToCheck: [fab46f63-a61b-4aec-930b-21a438863a6c]
                texts: { showMore: Encore, noResults: "Rien pour « {query} »." }
                handoverWords: [vendeur, service client]
              minimal:
                name: Minimal
                editorUrl: http://localhost/editor
            """)
        // /etc/deskbridge/state does not exist on the test machine: only a warning.
        #expect(
            diagnostics.map(\.description) == [
                "/etc/deskbridge/config.yaml:1:15: warning: the folder of the bindings file does not exist yet (DeskBridge creates it on the first PUT /bots/:idOperator; check that it may)"
            ])
        let bots = try #require(configuration?.bots)
        #expect(configuration?.bindingsFile == "/etc/deskbridge/state/bots.json")
        #expect(configuration?.searchDeadline == .seconds(3))
        #expect(configuration?.conversationLimit == 500 && configuration?.conversationTimeout == .seconds(120))
        #expect(configuration?.pinnedOperators == ["ha-1": "shop"])
        #expect(bots.map(\.id) == ["shop", "minimal"])
        let shop = bots[0]
        #expect(shop.language == .fr && shop.catalogTenant == "other" && shop.resultsPerPage == 4)
        #expect(
            shop.firstMessages == [.init(text: "Bonjour !"), .init(text: "Que cherchez-vous ?", quickReplies: ["Robes", "Parler à un conseiller"])])
        #expect(
            shop.transfer
                == .init(distributionRule: DistributionRule(id: "ef4670c3-d715-4a21-8226-ed17f354fc44", label: "Conseillers"), timeout: .seconds(45)))
        #expect(shop.availability == .all(distributionRulesToCheck: ["fab46f63-a61b-4aec-930b-21a438863a6c"]))
        #expect(shop.texts == [.showMore: "Encore", .noResults: "Rien pour « {query} »."])
        #expect(shop.handoverWords == ["vendeur", "service client"])
        let minimal = bots[1]
        #expect(minimal.language == nil && minimal.firstMessages == nil && minimal.catalogTenant == nil && minimal.resultsPerPage == 3)
        #expect(minimal.availability == .customAvailability(availability: true))
        #expect(minimal.transfer == .init(distributionRule: nil, timeout: .seconds(30)))
    }

    @Test func theDefaultBindingsFileSitsBesideConfigYAML() {
        let (configuration, _) = read("bots: { a: { name: A, editorUrl: 'https://x.example/e' } }")
        #expect(configuration?.bindingsFile == "/etc/deskbridge/bot-bindings-demo.json")
        #expect(configuration?.searchDeadline == .seconds(4))
    }

    @Test(arguments: [
        (
            "bots: { a: { name: A, editorUrl: 'https://x.example/e', langage: en } }",
            "/etc/deskbridge/config.yaml:1:57: error: unknown key 'langage' in 'bots.a' (did you mean 'language'?)"
        ),
        (
            "bots:\n  a:\n    name: A\n    editorUrl: https://x.example/e\n    language: de\n",
            "/etc/deskbridge/config.yaml:5:15: error: unsupported bot language 'de' (one of: en, fr; other languages can override every text under texts:)"
        ),
        (
            "bots:\n  a:\n    name: A\n    editorUrl: ftp://x.example/e\n",
            "/etc/deskbridge/config.yaml:4:16: error: 'bots.a.editorUrl' must be an http(s) URL (the page iAdvize links to for editing this bot)"
        ),
        ("bots:\n  a:\n    name: A\n", "/etc/deskbridge/config.yaml:3:5: error: 'bots.a' is missing the key 'editorUrl'"),
        (
            "bots:\n  a:\n    name: A\n    editorUrl: https://x.example/e\n    transfer: { timeout: 90s }\n",
            "/etc/deskbridge/config.yaml:5:26: error: 'bots.a.transfer.timeout' must be between 5s and 60s (iAdvize refuses other transfer timeouts)"
        ),
        (
            "bots:\n  a:\n    name: A\n    editorUrl: https://x.example/e\n    transfer: { distributionRule: advisors }\n",
            "/etc/deskbridge/config.yaml:5:35: error: 'bots.a.transfer.distributionRule' must be a distribution rule id (a UUID) (copy it from iAdvize: Admin › Routing › the rule's URL, e.g. ef4670c3-d715-4a21-8226-ed17f354fc44)"
        ),
        (
            "bots:\n  a:\n    name: A\n    editorUrl: https://x.example/e\n    availability: { strategy: atLeastone }\n",
            "/etc/deskbridge/config.yaml:5:31: error: unknown availability strategy 'atLeastone' (did you mean 'atLeastOne'?)"
        ),
        (
            "bots:\n  a:\n    name: A\n    editorUrl: https://x.example/e\n    texts: { results: 'Found {qeury}' }\n",
            "/etc/deskbridge/config.yaml:5:23: error: unknown placeholder {qeury} in 'bots.a.texts.results' (this text may use {query} and {bot})"
        ),
        (
            "bots:\n  a:\n    name: A\n    editorUrl: https://x.example/e\n    texts: { showMoar: More }\n",
            "/etc/deskbridge/config.yaml:5:14: error: unknown key 'showMoar' in 'bots.a.texts' (did you mean 'showMore'?)"
        ),
        (
            "bots:\n  a:\n    name: A\n    editorUrl: https://x.example/e\n    catalog: othr\n",
            "/etc/deskbridge/config.yaml:5:14: error: no tenant 'othr' to take the catalog from (did you mean 'other'?)"
        ),
        (
            "operators: { ha-1: b }\nbots:\n  a:\n    name: A\n    editorUrl: https://x.example/e\n",
            "/etc/deskbridge/config.yaml:1:20: error: operator 'ha-1' is pinned to 'b', which is not declared under bots"
        ),
        (
            "searchDeadline: 12s\nbots: { a: { name: A, editorUrl: 'https://x.example/e' } }\n",
            "/etc/deskbridge/config.yaml:1:17: error: 'searchDeadline' must be between 200ms and 8s (iAdvize waits 10 s for an answer: keep a margin for the apology)"
        ),
        (
            "bots: {}\n",
            "/etc/deskbridge/config.yaml:1:7: error: 'bots' declares no bot (add one: bots: { catalog-assistant: { name: …, editorUrl: … } })"
        ),
        (
            "bots:\n  a:\n    name: A\n    editorUrl: https://x.example/e\n    resultsPerPage: 40\n",
            "/etc/deskbridge/config.yaml:5:21: error: 'bots.a.resultsPerPage' must be an integer from 1 to 10"
        ),
    ])
    func mistakesAreLocatedWithHints(_ yaml: String, _ expected: String) {
        let (configuration, diagnostics) = read(yaml)
        #expect(configuration == nil)
        #expect(diagnostics.map(\.description).contains(expected), "\(diagnostics.map(\.description))")
    }

    @Test func tooLongTextsAreRefused() {
        let long = String(repeating: "word ", count: 90)
        let (configuration, diagnostics) = read(
            "bots:\n  a:\n    name: A\n    editorUrl: https://x.example/e\n    texts: { noResults: '\(long){query}' }\n")
        #expect(configuration == nil)
        #expect(diagnostics.first?.message.hasPrefix("'bots.a.texts.noResults' is too long") == true, "\(diagnostics)")
        let (_, labels) = read("bots:\n  a:\n    name: A\n    editorUrl: https://x.example/e\n    texts: { showMore: 'More {query}' }\n")
        #expect(labels.first?.message == "'bots.a.texts.showMore' is a label: it cannot use {query}")
        let (_, first) = read("bots:\n  a:\n    name: A\n    editorUrl: https://x.example/e\n    firstMessages: ['You searched {query}']\n")
        #expect(
            first.first?.description
                == "/etc/deskbridge/config.yaml:5:21: error: unknown placeholder {query} in 'bots.a.firstMessages[0]' (this text may use {bot})")
    }

    @Test func shortTransferTimeoutsAreOnlyAWarning() {
        let (configuration, diagnostics) = read("bots:\n  a:\n    name: A\n    editorUrl: https://x.example/e\n    transfer: { timeout: 10s }\n")
        #expect(configuration?.bots.first?.transfer.timeout == .seconds(10))
        #expect(diagnostics.map(\.severity) == [.warning])
        #expect(diagnostics.first?.location.line == 5)
    }

    @Test func everyMistakeIsReportedInOneGo() {
        let (_, diagnostics) = read(
            """
            bots:
              a:
                name: A
                editorUrl: nope
                language: xx
                availability: { strategy: sometimes }
            """)
        #expect(diagnostics.filter { $0.severity == .error }.map(\.location.line) == [4, 5, 6])
    }
}
