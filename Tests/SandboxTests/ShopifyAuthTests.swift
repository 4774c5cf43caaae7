import Foundation
import Sandbox
import Testing

@Suite("Shopify GraphQL: HTTP surface and authentication")
struct ShopifyAuthTests {
    @Test func missingTokenIsRefusedWith401() async throws {
        let response = try await withSandbox { _, port in
            try await LoopbackHTTPClient.graphQL(port: port, query: "{ shop { name } }", token: nil)
        }
        #expect(response.status == 401)
        #expect(response.text == #"{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}"#)
    }

    @Test func wrongTokenIsRefusedAndCounted() async throws {
        let (response, count, outcome) = try await withSandbox { server, port in
            let response = try await LoopbackHTTPClient.graphQL(port: port, query: "{ shop { name } }", token: "shpat_wrong")
            return (response, server.shopify.requestCount, server.shopify.requests.last?.outcome)
        }
        #expect(response.status == 401)
        #expect(count == 1)
        #expect(outcome == .unauthorized)
    }

    @Test func validTokenGetsTheShop() async throws {
        let response = try await withSandbox { _, port in
            try await LoopbackHTTPClient.graphQL(
                port: port, query: "{ shop { name currencyCode myshopifyDomain primaryDomain { url host } } }")
        }
        #expect(response.status == 200)
        #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
        #expect(response.header("Retry-After") == nil)
        let shop = try #require((response.json?["data"] as? [String: Any])?["shop"] as? [String: Any])
        #expect(shop["currencyCode"] as? String == "EUR")
        #expect((shop["primaryDomain"] as? [String: Any])?["url"] as? String == "https://demo-shop.example")
        #expect((shop["primaryDomain"] as? [String: Any])?["host"] as? String == "demo-shop.example")
        #expect(shop["myshopifyDomain"] as? String == "deskbridge-demo.myshopify.com")
    }

    @Test func anyDatedVersionIsAccepted() async throws {
        let response = try await withSandbox { _, port in
            try await LoopbackHTTPClient.graphQL(port: port, query: "{ shop { name } }", version: "2024-10")
        }
        #expect(response.status == 200)
        #expect(response.header("X-Shopify-API-Version") == "2024-10")
    }

    @Test(arguments: ["/admin/api/2025-01/products.json", "/graphql", "/admin/api/graphql.json", "/"])
    func otherPathsAreNotFound(path: String) async throws {
        let response = try await withSandbox { _, port in
            try await LoopbackHTTPClient.request(
                port: port, path: path, headers: [("X-Shopify-Access-Token", "shpat_demo_token")], body: Array("{}".utf8))
        }
        #expect(response.status == 404)
        #expect(response.text == #"{"errors":"Not Found"}"#)
    }

    @Test(arguments: [
        ("application/json", "{not json"),
        ("application/json", #"{"variables":{}}"#),
        ("application/json", #"{"query":""}"#),
        ("application/json", #"{"query":42}"#),
        ("application/json", #"["query"]"#),
        ("text/plain", #"{"query":"{ shop { name } }"}"#),
    ])
    func unusableBodiesAreBadRequests(contentType: String, body: String) async throws {
        let response = try await withSandbox { _, port in
            try await LoopbackHTTPClient.request(
                port: port, path: "/admin/api/2025-01/graphql.json",
                headers: [("Content-Type", contentType), ("X-Shopify-Access-Token", "shpat_demo_token")], body: Array(body.utf8))
        }
        #expect(response.status == 400)
        #expect(response.text == #"{"errors":{"query":"Required parameter missing or invalid"}}"#)
    }

    @Test func rawGraphQLBodiesAreAccepted() async throws {
        let response = try await withSandbox { _, port in
            try await LoopbackHTTPClient.request(
                port: port, path: "/admin/api/2025-01/graphql.json",
                headers: [("Content-Type", "application/graphql"), ("X-Shopify-Access-Token", "shpat_demo_token")],
                body: Array("{ shop { currencyCode } }".utf8))
        }
        #expect(response.status == 200)
        #expect(response.text.contains(#""currencyCode":"EUR""#))
    }

    @Test func requestsAreRecordedWithOperationAndVariables() async throws {
        let recorded = try await withSandbox { server, port in
            _ = try await LoopbackHTTPClient.graphQL(
                port: port, query: "query Shop($n: Int) { shop { name } products(first: $n) { nodes { id } } }",
                variables: ["n": 3])
            return server.shopify.requests
        }
        let request = try #require(recorded.first)
        #expect(recorded.count == 1)
        #expect(request.status == 200)
        #expect(request.outcome == .answered)
        #expect(request.variables == #"{"n":3}"#)
        #expect(request.query?.contains("query Shop") == true)
        #expect(request.requestedCost == 1 + (2 + 2 * 1))
    }
}
