import Foundation
import Plugins
import Testing
import Upstream

@testable import Adapters

/// Every name an expression reads is checked when the adapter loads: `params.*` against the plugin
/// call's parameters, `settings.*` against the declared settings and built-ins, `credentials.*`
/// against the list; a typo is an error at its column with a did-you-mean.
@Suite struct NameCheckTests {
    private func load(_ text: String) -> (AdapterDefinition?, [Diagnostic]) {
        loadAdapter(text)
    }

    private func products(query: String = "", fields: String = "", settings: String = "") -> String {
        """
        settings:
          storefrontUrl: null
        \(settings)
        credentials: [token]
        auth:
          bearer: credentials.token
        products:
          request:
            path: /products
            query:
              q: \(query.isEmpty ? "params.searchQuery" : query)
          items: response.products
          fields:
            id: item.id
            title: item.title
        \(fields)
        """
    }

    @Test func aMisspeltParameterIsAnErrorWithTheRightName() throws {
        let (adapter, diagnostics) = load(products(query: "params.searchquery"))
        #expect(adapter == nil)
        let error = try #require(diagnostics.first { $0.message == "unknown parameter 'searchquery' in 'params'" })
        #expect(error.hint == "did you mean 'searchQuery'?")
        #expect(error.location == SourceLocation(file: "shop.yaml", line: 11, column: 17))
    }

    @Test func aParameterOfAnotherPluginIsNamedAsSuch() throws {
        // idParent belongs to categories, not products.
        let (_, diagnostics) = load(products(query: "params.idParent"))
        let error = try #require(diagnostics.first { $0.message == "unknown parameter 'idParent' in 'params'" })
        #expect(error.hint?.contains("idCategory, searchQuery") == true)
        // The bracket form is checked too.
        let (_, bracket) = load(products(query: "params['searchquery']"))
        #expect(bracket.contains { $0.message == "unknown parameter 'searchquery' in 'params'" })
    }

    @Test func aMisspeltSettingIsAnError() throws {
        let (adapter, diagnostics) = load(products(fields: "    productUrl: '\"{settings.storefrontURL}/p/{item.handle}\"'"))
        #expect(adapter == nil)
        let error = try #require(diagnostics.first { $0.message == "unknown setting 'storefrontURL' in 'settings'" })
        #expect(error.hint == "did you mean 'storefrontUrl'?")
    }

    @Test func baseURLIsABuiltInSetting() {
        let (adapter, diagnostics) = load(products(fields: "    productUrl: '\"{settings.baseURL}/p/{item.handle}\"'"))
        #expect(adapter != nil, "\(diagnostics.map(\.description))")
    }

    @Test func aMisspeltCredentialIsAnError() throws {
        let text = products().replacingOccurrences(of: "bearer: credentials.token", with: "bearer: credentials.tokne")
        let (_, diagnostics) = load(text)
        let error = try #require(diagnostics.first { $0.message == "unknown credential 'tokne' in 'credentials'" })
        #expect(error.hint == "did you mean 'token'?")
    }

    @Test func optionListsHaveNoParams() throws {
        let text =
            products() + """

                options:
                  reasons:
                    request: { path: '/reasons/{params.idWebsite}' }
                    items: response
                    label: item.name
                    value: item.id
                """
        let (_, diagnostics) = load(text)
        let error = try #require(diagnostics.first { $0.message == "unknown parameter 'idWebsite' in 'params'" })
        #expect(error.hint?.contains("has no params") == true)
    }

    @Test func theParameterListsAreWhatTheRuntimeBuilds() throws {
        // The loader's lists and the values the catalog hands to expressions must not drift apart.
        let products = CallParameterValues.products(try ProductQuery(QueryString(parsing: "idWebsite=ha-1&searchQuery=x")))
        #expect(products.map(\.key) == CallParameters.names(for: .products))
        let categories = CallParameterValues.categories(try CategoryQuery(QueryString(parsing: "idWebsite=ha-1")))
        #expect(categories.map(\.key) == CallParameters.names(for: .categories))
    }

    @Test func aRequiredSettingMustBeDeclared() throws {
        let (_, diagnostics) = load(products(settings: "requiredSettings: [storefrontURL]"))
        let error = try #require(diagnostics.first { $0.message == "'storefrontURL' is not a setting of this adapter" })
        #expect(error.hint == "did you mean 'storefrontUrl'?")
        let (adapter, _) = load(products(settings: "requiredSettings: [storefrontUrl]"))
        #expect(adapter?.requiredSettings == ["storefrontUrl"])
    }

    @Test func everyShippedAdapterStillLoads() {
        let diagnostics = Diagnostics()
        _ = AdapterLoader.loadDirectory(adaptersDirectory, diagnostics: diagnostics)
        #expect(diagnostics.errors.isEmpty, "\(diagnostics.errors.map(\.description))")
    }
}

/// An adapter's own `errors:` message wins over the generic text, for every kind (`auth` too).
@Suite struct ErrorRuleMessageTests {
    static let timing = UpstreamTiming(total: .zero, connect: .zero, timeToFirstByte: .zero, connectionReused: false)

    @Test func anAuthRulesMessageIsKept() throws {
        let adapter = try requireAdapter(
            """
            errors:
              - when: status == 403 and response.code == 'region_locked'
                error: auth
                message: "the token is not allowed in region {response.region}"
            products:
              request: { path: /products }
              items: response
              fields: { id: item.id, title: item.name }
            """)
        let check = ResponseCheck(adapter: adapter, settings: [:], requestRules: [])
        let body = Array(#"{"code": "region_locked", "region": "us"}"#.utf8)
        #expect(throws: AdapterError.authFailed(status: 403, message: "the token is not allowed in region us")) {
            try check.document(from: UpstreamResponse(status: 403, headers: [], body: body, timing: Self.timing))
        }
        // Without a matching rule, the generic text.
        #expect(throws: AdapterError.authFailed(status: 401)) {
            try check.document(from: UpstreamResponse(status: 401, headers: [], body: [], timing: Self.timing))
        }
        #expect(AdapterError.authFailed(status: 401).description.contains("check the tenant's credentials"))
    }
}
