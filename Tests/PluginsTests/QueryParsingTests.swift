import Testing

@testable import Plugins

@Suite struct QueryStringTests {
    @Test func decodesPercentEscapesAndPlus() throws {
        let query = try QueryString(parsing: "searchQuery=robe+d%27%C3%A9t%C3%A9&idWebsite=ha-123")
        #expect(try query.value("searchQuery") == "robe d'été")
        #expect(try query.value("idWebsite") == "ha-123")
        #expect(try query.value("missing") == nil)
    }

    @Test func keepsMalformedEscapesLiterally() throws {
        let query = try QueryString(parsing: "a=100%&b=%zz&c=%4")
        #expect(try query.value("a") == "100%")
        #expect(try query.value("b") == "%zz")
        #expect(try query.value("c") == "%4")
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: ParameterError.invalidEncoding(parameter: "searchQuery")) {
            try QueryString(parsing: "searchQuery=%FF%FE")
        }
    }

    @Test func refusesDuplicatedParameters() throws {
        let query = try QueryString(parsing: "limit=10&limit=20")
        #expect(throws: ParameterError.duplicated(parameter: "limit")) { try query.value("limit") }
    }
}

@Suite struct ProductQueryTests {
    private func parse(_ raw: String) throws -> ProductQuery {
        try ProductQuery(QueryString(parsing: raw))
    }

    @Test func readsEveryParameter() throws {
        let query = try parse(
            "idConnectorVersion=c008849d-7cb1-40ca-9503-d6df2c5cddd8&idCategory=42&idWebsite=ha-123&idOperator=9999&limit=10&offset=30&searchQuery=%20red%20dress%20"
        )
        #expect(query.caller == PluginCaller(idWebsite: "ha-123", idConnectorVersion: "c008849d-7cb1-40ca-9503-d6df2c5cddd8", idOperator: "9999"))
        #expect(query.idCategory == "42")
        #expect(query.searchQuery == "red dress")
        #expect(query.window == PageWindow(offset: 30, limit: 10))
    }

    @Test func appliesDefaults() throws {
        let query = try parse("idWebsite=ha-1")
        #expect(query.window == PageWindow(offset: 0, limit: PluginLimits.defaultLimit))
        #expect(query.searchQuery == nil)
        #expect(query.idCategory == nil)
    }

    @Test func acceptsTheLegacySearchParameter() throws {
        #expect(try parse("idWebsite=ha-1&search%5Bdefault%5D%5Bcontains%5D=mug").searchQuery == "mug")
        #expect(throws: ParameterError.duplicated(parameter: "searchQuery")) {
            try parse("idWebsite=ha-1&searchQuery=a&search%5Bdefault%5D%5Bcontains%5D=b")
        }
    }

    @Test(arguments: [
        ("limit=abc", ParameterError.notAnInteger(parameter: "limit", range: PluginLimits.limit)),
        ("limit=-1", .outOfRange(parameter: "limit", range: PluginLimits.limit)),
        ("limit=1001", .outOfRange(parameter: "limit", range: PluginLimits.limit)),
        ("limit=1e3", .notAnInteger(parameter: "limit", range: PluginLimits.limit)),
        ("limit=%2B5", .notAnInteger(parameter: "limit", range: PluginLimits.limit)),
        ("offset=-5", .outOfRange(parameter: "offset", range: PluginLimits.offset)),
        ("offset=10001", .outOfRange(parameter: "offset", range: PluginLimits.offset)),
        ("offset=99999999999999999999", .notAnInteger(parameter: "offset", range: PluginLimits.offset)),
        ("offset=1.5", .notAnInteger(parameter: "offset", range: PluginLimits.offset)),
    ])
    func refusesBadWindows(parameter: String, expected: ParameterError) {
        #expect(throws: expected) { try parse("idWebsite=ha-1&\(parameter)") }
        #expect(expected.description.contains("'\(expected.parameter!)'"))
    }

    @Test func requiresTheWebsite() {
        #expect(throws: ParameterError.missing(parameter: "idWebsite")) { try parse("limit=10") }
        #expect(throws: ParameterError.self) { try parse("idWebsite=ha%20123") }
    }

    @Test func boundsFreeText() throws {
        let long = String(repeating: "a", count: PluginLimits.maxSearchCharacters + 1)
        #expect(throws: ParameterError.tooLong(parameter: "searchQuery", maxCharacters: PluginLimits.maxSearchCharacters)) {
            try parse("idWebsite=ha-1&searchQuery=\(long)")
        }
        #expect(throws: ParameterError.self) { try parse("idWebsite=ha-1&searchQuery=a%00b") }
        #expect(try parse("idWebsite=ha-1&searchQuery=%20%20").searchQuery == nil)
    }

    @Test func errorMessagesNeverEchoTheValue() {
        do {
            _ = try parse("idWebsite=ha-1&limit=shpat_secret_token")
            Issue.record("expected an error")
        } catch {
            #expect(!"\(error)".contains("shpat_secret_token"))
        }
    }
}

@Suite struct CategoryQueryTests {
    @Test func readsParentAndWindow() throws {
        let query = try CategoryQuery(QueryString(parsing: "idWebsite=sd-7&idParent=12&limit=5&offset=5"))
        #expect(query.idParent == "12")
        #expect(query.window == PageWindow(offset: 5, limit: 5))
        #expect(try CategoryQuery(QueryString(parsing: "idWebsite=sd-7&idParent=null")).idParent == nil)
    }
}

@Suite struct EmailVisitorTests {
    private func parse(_ raw: String) throws -> CustomerQuery {
        try CustomerQuery(QueryString(parsing: "idWebsite=ha-1&\(raw)"))
    }

    @Test func aPlusIsAPlusWhetherEncodedOrNot() throws {
        for raw in [
            "emailVisitor=Jane.Doe+shop%40Example.com", "emailVisitor=Jane.Doe%2Bshop%40Example.com", "emailVisitor=Jane.Doe+shop@Example.com",
        ] {
            let query = try parse(raw)
            #expect(query.emailVisitor == "jane.doe+shop@example.com", "\(raw)")
            #expect(!query.emailVisitorIsNotAnAddress)
        }
        // Elsewhere `+` is still a space, as form encoding says.
        #expect(try QueryString(parsing: "q=a+b").value("q") == "a b")
        #expect(try QueryString(parsing: "q=a+b").value("q", plusIsLiteral: true) == "a+b")
    }

    @Test(arguments: [
        "not-an-email", "jane%20doe%40example.com", "jane+doe %40example.com", "%40example.com", "jane%40", "jane%40localhost",
        "jane%40example..com", "jane%40-example.com", "j%C3%A9r%C3%B4me%40example.fr", "a%00b%40example.com", "%3Ca%40b.example%3E",
    ])
    func aValueThatCannotBeAnAddressIsNoErrorAndNoLookUp(value: String) throws {
        let query = try parse("emailVisitor=\(value)")
        #expect(query.emailVisitor == nil)
        #expect(query.emailVisitorIsNotAnAddress)
        #expect(!query.identifiesVisitor)
    }

    @Test func blankIsAbsentAndTheLongestAddressIsServed() throws {
        #expect(try parse("emailVisitor=%20%20").emailVisitorIsNotAnAddress == false)
        #expect(try parse("emailVisitor=").emailVisitor == nil)
        let local = String(repeating: "a", count: 64)
        // 254 characters, the most an address may have.
        let domain = [61, 61, 57].map { String(repeating: "b", count: $0) }.joined(separator: ".") + ".example"
        #expect(local.count + 1 + domain.count == 254)
        #expect(try parse("emailVisitor=\(local)%40\(domain)").emailVisitor == "\(local)@\(domain)")
        #expect(try parse("emailVisitor=a\(local)%40\(domain)").emailVisitorIsNotAnAddress, "a local part over 64 characters")
        #expect(try parse("emailVisitor=o'brien%2Bx%40mail.example.co.uk").emailVisitor == "o'brien+x@mail.example.co.uk")
    }
}

@Suite struct OperatorLocaleTests {
    @Test func aLocaleThatIsNotOneIsIgnoredNotRefused() throws {
        #expect(try CustomerQuery(QueryString(parsing: "idWebsite=ha-1&operatorLocale=fr_FR")).operatorLocale == "fr_FR")
        #expect(try CustomerQuery(QueryString(parsing: "idWebsite=ha-1&operatorLocale=%3Cfr%3E")).operatorLocale == nil)
        #expect(try ClosingFormQuery(QueryString(parsing: "idWebsite=ha-1&operatorLocale=fr%20FR")).operatorLocale == nil)
        #expect(throws: ParameterError.duplicated(parameter: "operatorLocale")) {
            try CustomerQuery(QueryString(parsing: "idWebsite=ha-1&operatorLocale=fr&operatorLocale=en"))
        }
    }
}
