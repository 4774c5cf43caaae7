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
        ("limit=251", .outOfRange(parameter: "limit", range: PluginLimits.limit)),
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
