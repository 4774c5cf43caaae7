import Mapping
import Testing
import Upstream

@testable import Adapters

@Suite struct RequestRenderingTests {
    private func adapter(_ yaml: String) throws -> AdapterDefinition {
        try requireAdapter(yaml, name: "t")
    }

    /// The first request of the adapter's products operation, rendered with `set` (variables by
    /// their layout slot) and every other variable null.
    private func renderProducts(_ yaml: String, _ set: [Int: JSON] = [:]) throws -> UpstreamRequest {
        let adapter = try adapter(yaml)
        let template = try #require(adapter.operations[.products]?.requests.first)
        var variables = [JSON](repeating: .null, count: adapter.layout.count)
        for (slot, value) in set { variables[slot] = value }
        return try RequestRenderer(adapter: adapter, upstream: upstream).render(template, variables: variables)
    }

    private let upstream = TenantUpstream(
        tenant: "acme", baseURL: BaseURL("https://shop.example:8443/base/")!, credentials: ["token": "s3cret"],
        settings: ["version": "v1"])

    @Test func valuesCannotLeaveTheirPathSegmentOrQueryValue() throws {
        let request = try renderProducts(
            """
            settings: {version: v0}
            credentials: [token]
            auth:
              bearer: credentials.token
            products:
              request:
                path: /api/{settings.version}/items/{params.idCategory}
                query:
                  q: params.searchQuery
                  missing: params.idOperator
                headers:
                  X-Search: params.searchQuery
              items: response
              fields: {id: item.id, title: item.t}
            """,
            [
                VariableLayout.params: ["idCategory": "../../admin?x=1#f", "searchQuery": "a&b=c\r\nX-Evil: 1"],
                VariableLayout.settings: .object(upstream.settings),
            ])
        #expect(request.url == "https://shop.example:8443/base/api/v1/items/..%2F..%2Fadmin%3Fx%3D1%23f?q=a%26b%3Dc%0D%0AX-Evil%3A%201")
        #expect(request.headers.first(named: "X-Search") == "a&b=cX-Evil: 1")
        #expect(request.headers.first(named: "Authorization") == "Bearer s3cret")
    }

    @Test func dotSegmentsAreEncoded() throws {
        let request = try renderProducts(
            "products: {request: {path: '/items/{params.idCategory}'}, items: response, fields: {id: item.id, title: item.t}}",
            [VariableLayout.params: ["idCategory": ".."]])
        #expect(request.url == "https://shop.example:8443/base/items/%2E%2E")
    }

    @Test func anArrayIsSentAsARepeatedParameter() throws {
        let request = try renderProducts(
            """
            settings: {tags: null}
            products:
              request:
                path: /items
                query:
                  tag: settings.tags
                  category_id[]: settings.tags
                  ids: settings.tags | join(',')
                  none: '[]'
              items: response
              fields: {id: item.id, title: item.t}
            """,
            [VariableLayout.settings: ["tags": ["a b", 2, nil, "c"]]])
        #expect(
            request.url
                == "https://shop.example:8443/base/items?tag=a%20b&tag=2&tag=c"
                + "&category_id%5B%5D=a%20b&category_id%5B%5D=2&category_id%5B%5D=c&ids=a%20b%2C2%2Cc")
    }

    @Test func aNullPathSegmentIsARequestNotMade() throws {
        let yaml = "products: {request: {path: '/items/{params.idCategory}/price'}, items: response, fields: {id: item.id, title: item.t}}"
        for value: JSON in [nil, ""] {
            #expect(throws: AdapterError.self) { try renderProducts(yaml, [VariableLayout.params: ["idCategory": value]]) }
            do {
                _ = try renderProducts(yaml, [VariableLayout.params: ["idCategory": value]])
            } catch {
                #expect(
                    error as? AdapterError
                        == .notFound(
                            message:
                                "not requested: 'params.idCategory' is \(value.isNull ? "null" : "empty") in the path /items/{params.idCategory}/price"
                        ))
            }
        }
        #expect(try renderProducts(yaml, [VariableLayout.params: ["idCategory": 0]]).url == "https://shop.example:8443/base/items/0/price")
    }

    @Test func aFailedLinkNamesItsExpression() throws {
        let yaml = "products: {request: {url: params.idCategory}, items: response, fields: {id: item.id, title: item.t}}"
        for (value, what): (JSON, String) in [
            (nil, "is null"), (3, "is not text"), ("https://elsewhere.example/x", "points outside the tenant's upstream"),
        ] {
            do {
                _ = try renderProducts(yaml, [VariableLayout.params: ["idCategory": value]])
                Issue.record("rendered \(value)")
            } catch {
                #expect(error as? AdapterError == .badResponse(message: "the link at url: params.idCategory \(what)"))
            }
        }
        // A relative reference is resolved against the tenant's origin, under its path prefix.
        #expect(
            try renderProducts(yaml, [VariableLayout.params: ["idCategory": "/base/api/p/1"]]).url == "https://shop.example:8443/base/api/p/1")
    }

    @Test func graphQLBodiesCarryTypedVariables() throws {
        let request = try renderProducts(
            """
            products:
              request:
                path: /graphql
                graphql:
                  query: "query Q($first: Int!) { items(first: $first) { id } }"
                  variables:
                    first: page.size
                    label: "'x'"
                    fixed: 3
              items: response
              fields: {id: item.id, title: item.t}
            """,
            [VariableLayout.page: ["size": 50]])
        #expect(request.method == "POST")
        let body = try JSON(parsing: try #require(request.body))
        #expect(body["variables"] == ["first": 50, "label": "x", "fixed": 3])
        #expect(body["query"]?.stringValue?.hasPrefix("query Q") == true)
        #expect(request.isIdempotent)  // a query may be retried
    }

    @Test func graphQLMutationsAreNeverRetried() throws {
        let request = try renderProducts(
            """
            products:
              request:
                path: /graphql
                graphql:
                  query: "\\n  \\t mutation M { touch { id } }"
              items: response
              fields: {id: item.id, title: item.t}
            """)
        #expect(!request.isIdempotent)
    }

    @Test func credentialsAreRedactedFromURLsAsTheyAreAndEncoded() {
        let upstream = TenantUpstream(
            tenant: "acme", baseURL: BaseURL("https://shop.example")!, credentials: ["key": "ck_1/2+3", "unused": "zzz"], settings: [:])
        #expect(upstream.redacting("https://shop.example/p?consumer_key=ck_1/2+3&x=1") == "https://shop.example/p?consumer_key=***&x=1")
        #expect(upstream.redacting("https://shop.example/p?consumer_key=ck_1%2F2%2B3") == "https://shop.example/p?consumer_key=***")
        #expect(upstream.redacting("https://shop.example/p?q=ck_1") == "https://shop.example/p?q=ck_1")
    }

    @Test func baseURLsAreRestricted() {
        #expect(BaseURL("https://shop.example") != nil)
        #expect(BaseURL("http://127.0.0.1:8091")?.description == "http://127.0.0.1:8091")
        #expect(BaseURL("ftp://shop.example") == nil)
        #expect(BaseURL("https://user:pw@shop.example") == nil)
        #expect(BaseURL("https://shop.example/?a=1") == nil)
        #expect(BaseURL("/relative") == nil)
    }
}

@Suite struct FollowedLinkTests {
    private let upstream = TenantUpstream(
        tenant: "acme", baseURL: BaseURL("https://shop.example/api-root")!, credentials: [:], settings: [:])

    @Test func linksStayOnTheTenantsUpstream() {
        #expect(upstream.sameOriginURL("https://shop.example/api-root/products/?page=2") == "https://shop.example/api-root/products/?page=2")
        #expect(upstream.sameOriginURL("https://SHOP.example:443/api-root/x") != nil)
        #expect(upstream.sameOriginURL("/api-root/products/?page=2") == "https://shop.example/api-root/products/?page=2")
        for refused in [
            "https://evil.example/api-root/x", "http://shop.example/api-root/x", "https://shop.example:8443/api-root/x",
            "https://shop.example/other/x", "https://user@shop.example/api-root/x", "//evil.example/api-root/x", "/other/x",
            "relative/x", "javascript:alert(1)", "",
        ] {
            #expect(upstream.sameOriginURL(refused) == nil, "\(refused)")
        }
    }

    /// The prefix holds for the path the server resolves, not the text: a link may not climb out of
    /// the upstream's path with dot segments, plain or encoded, with the tenant's credentials.
    @Test func dotSegmentsCannotClimbOutOfThePrefix() {
        for refused in [
            "https://shop.example/api-root/../other/x", "https://shop.example/api-root/./../other", "/api-root/../other/x",
            "https://shop.example/api-root/%2e%2e/other/x", "https://shop.example/api-root/.%2E/other", "/api-root/%2E%2E/admin",
            "https://shop.example/api-root/x/../../other", "https://shop.example/api-root/..", "https://shop.example/api-root/%2e/x",
        ] {
            #expect(upstream.sameOriginURL(refused) == nil, "\(refused)")
        }
        #expect(upstream.sameOriginURL("https://shop.example/api-root/a/../b?page=2") == "https://shop.example/api-root/b?page=2")
        #expect(upstream.sameOriginURL("/api-root/./a/b/../c") == "https://shop.example/api-root/a/c")
        #expect(upstream.sameOriginURL("https://shop.example/api-root/a%2fb") == "https://shop.example/api-root/a%2fb")
    }
}
