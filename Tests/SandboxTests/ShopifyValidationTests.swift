import Foundation
import Sandbox
import Testing

@Suite("Shopify GraphQL: parse and validation errors")
struct ShopifyValidationTests {
    @Test func unknownFieldsAreValidationErrors() async throws {
        let (answer, outcome) = try await withSandbox { server, port in
            (try await ask(port, "{ products(first: 1) { nodes { id price } } }"), server.shopify.requests.last?.outcome)
        }
        #expect(answer.status == 200)
        #expect(!answer.hasDataKey)
        #expect(answer.firstErrorMessage == "Field 'price' doesn't exist on type 'Product'")
        #expect(answer.firstErrorCode == "undefinedField")
        let location = try #require((answer.errors.first?["locations"] as? [[String: Any]])?.first)
        #expect(location["line"] as? Int == 1)
        #expect(location["column"] as? Int == 35)
        #expect(outcome == .invalidQuery)
    }

    @Test func unknownArgumentsAreRefused() async throws {
        let answer = try await withSandbox { _, port in
            try await ask(port, "{ products(first: 1, limit: 5) { nodes { id } } }")
        }
        #expect(answer.firstErrorCode == "argumentNotAccepted")
        #expect(answer.firstErrorMessage == "Field 'products' doesn't accept argument 'limit'")
    }

    @Test func unknownEnumValuesAreRefused() async throws {
        let answer = try await withSandbox { _, port in
            try await ask(port, "{ products(first: 1, sortKey: PRICE) { nodes { id } } }")
        }
        #expect(!answer.errors.isEmpty)
        #expect(!answer.hasDataKey)
    }

    @Test func syntaxErrorsCarryALocation() async throws {
        let answer = try await withSandbox { _, port in try await ask(port, "{ products(first: 1) { nodes { id } ") }
        #expect(answer.status == 200)
        #expect(answer.firstErrorCode == "PARSE_ERROR")
        #expect(answer.errors.first?["locations"] is [[String: Any]])
    }

    @Test func hostileNestingIsRefusedBeforeParsing() async throws {
        let deep = String(repeating: "{ a ", count: 5_000) + String(repeating: "}", count: 5_000)
        let answer = try await withSandbox { _, port in try await ask(port, deep) }
        #expect(answer.status == 200)
        #expect(answer.firstErrorCode == "MAX_DEPTH_EXCEEDED")
    }

    @Test func bracesInsideStringsDoNotCountAsNesting() async throws {
        let query = "{ products(first: 1, query: \"\(String(repeating: "{(", count: 300))\") { nodes { id } } }"
        let answer = try await withSandbox { _, port in try await ask(port, query) }
        #expect(answer.errors.isEmpty)
        #expect(answer.nodes("products").count <= 1)
    }

    @Test func mutationsOtherThanTagsAddAreRefused() async throws {
        let answer = try await withSandbox { _, port in
            try await ask(port, #"mutation { productDelete(input: {id: "gid://shopify/Product/1"}) { deletedProductId } }"#)
        }
        #expect(!answer.errors.isEmpty)
        #expect(!answer.hasDataKey)
    }

    @Test func operationNameSelectsAmongSeveral() async throws {
        let (chosen, ambiguous) = try await withSandbox { _, port in
            let document = "query A { shop { name } } query B { shop { currencyCode } }"
            let chosen = try GraphQLAnswer(
                await LoopbackHTTPClient.request(
                    port: port, path: "/admin/api/2025-01/graphql.json",
                    headers: [("Content-Type", "application/json"), ("X-Shopify-Access-Token", "shpat_demo_token")],
                    body: Array(try JSONSerialization.data(withJSONObject: ["query": document, "operationName": "B"]))))
            return (chosen, try await ask(port, document))
        }
        #expect(chosen.object("shop")?["currencyCode"] as? String == "EUR")
        #expect(chosen.object("shop")?["name"] == nil)
        #expect(ambiguous.firstErrorMessage == "An operation name is required")
    }

    @Test func badVariableTypesAreErrors() async throws {
        let answer = try await withSandbox { _, port in
            try await ask(port, "query($n: Int!) { products(first: $n) { nodes { id } } }", variables: ["n": "ten"])
        }
        #expect(answer.status == 200)
        #expect(!answer.errors.isEmpty)
        #expect(answer.data == nil)
    }

    @Test func typenameAndIntrospectionWork() async throws {
        let answer = try await withSandbox { _, port in
            try await ask(port, #"{ __typename __type(name: "Product") { fields { name } } }"#)
        }
        #expect(answer.data?["__typename"] as? String == "QueryRoot")
        let fields = (answer.object("__type")?["fields"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(fields.contains("priceRangeV2"))
        #expect(fields.contains("onlineStoreUrl"))
    }
}
