import Foundation
import Testing

@testable import Sandbox

@Suite("Shopify GraphQL: query cost and throttling")
struct ShopifyCostTests {
    @Test func multiplierGrowsLogarithmically() {
        #expect(QueryCostCalculator.multiplier(pageSize: 250) == 11)
        #expect(QueryCostCalculator.multiplier(pageSize: 10) == 4)
        #expect(QueryCostCalculator.multiplier(pageSize: 50) == 7)
        #expect(QueryCostCalculator.multiplier(pageSize: 2) == 1)
        #expect(QueryCostCalculator.multiplier(pageSize: 1) == 1)
        #expect(QueryCostCalculator.multiplier(pageSize: 0) == 1)
    }

    @Test func everyAnswerReportsCostAndBucket() async throws {
        let answer = try await withSandbox { _, port in
            try await ask(port, "{ products(first: 10) { nodes { id } } }")
        }
        #expect(answer.cost?["requestedQueryCost"] as? Int == 2 + 4 * 1)
        #expect(answer.cost?["actualQueryCost"] as? Int == 2 + 4 * 1)
        #expect(answer.throttleStatus?["maximumAvailable"] as? Double == 2000)
        #expect(answer.throttleStatus?["restoreRate"] as? Double == 100)
        let available = try #require(answer.throttleStatus?["currentlyAvailable"] as? Int)
        #expect(available >= 1994 && available <= 2000)
        // Floats as Shopify writes them.
        #expect(answer.raw.contains(#""maximumAvailable":2000.0"#))
        #expect(answer.raw.contains(#""restoreRate":100.0"#))
    }

    @Test func aFullPageWithVariantsIsAffordable() async throws {
        let answer = try await withSandbox { _, port in
            try await ask(port, "{ products(first: 250) { nodes { id variants(first: 5) { nodes { price } } } } }")
        }
        #expect(answer.errors.isEmpty)
        #expect(answer.nodes("products").count == 250)
        // 2 + 11 × (1 + (2 + 3 × 1))
        #expect(answer.cost?["requestedQueryCost"] as? Int == 68)
        let actual = try #require(answer.cost?["actualQueryCost"] as? Int)
        #expect(actual > 0 && actual <= 68)
    }

    @Test func objectsCostOneAndScalarsNothing() async throws {
        let answer = try await withSandbox { _, port in
            try await ask(
                port,
                "{ shop { name primaryDomain { url } } product(id: \"gid://shopify/Product/8000000001\") { title featuredImage { url } priceRangeV2 { minVariantPrice { amount } } } }"
            )
        }
        // shop 1 + domain 1 + product 1 + image 1 + range 1 + money 1
        #expect(answer.cost?["requestedQueryCost"] as? Int == 6)
    }

    @Test func deeplyNestedConnectionsExceedTheSingleQueryLimit() async throws {
        let (answer, outcome) = try await withSandbox { server, port in
            let answer = try await ask(
                port,
                """
                { products(first: 250) { nodes { collections(first: 250) { nodes { products(first: 250) { nodes { id } } } } } } }
                """)
            return (answer, server.shopify.requests.last?.outcome)
        }
        #expect(answer.status == 200)
        #expect(!answer.hasDataKey)
        #expect(answer.firstErrorCode == "MAX_COST_EXCEEDED")
        // 2 + 11 × (1 + 2 + 11 × (1 + 2 + 11 × 1))
        #expect(answer.firstErrorMessage?.hasPrefix("Query cost is 1729, which exceeds the single query max cost limit (1000).") == true)
        #expect(outcome == .maxCostExceeded)
    }

    @Test func costIsComputedFromVariablesAndFragments() async throws {
        let answer = try await withSandbox { _, port in
            try await ask(
                port,
                """
                query($n: Int!) { products(first: $n) { ...Page } }
                fragment Page on ProductConnection { edges { node { id featuredImage { url } } } }
                """, variables: ["n": 250])
        }
        // 2 + 11 × (1 + 1)
        #expect(answer.cost?["requestedQueryCost"] as? Int == 24)
    }

    @Test func actualCostCountsReturnedNodesAndTheDifferenceIsRefunded() async throws {
        let configuration = ShopifySimulatorConfiguration(restoreRate: 0, catalog: sharedDemoCatalog)
        let answer = try await withSandbox(shopify: configuration) { _, port in
            try await ask(port, #"{ products(first: 50, query: "zzzznothing") { nodes { id title } } }"#)
        }
        #expect(answer.cost?["requestedQueryCost"] as? Int == 2 + 7 * 1)
        #expect(answer.cost?["actualQueryCost"] as? Int == 2)
        #expect(answer.throttleStatus?["currentlyAvailable"] as? Int == 2000 - 2)
    }

    @Test func throttledRequestsGet200WithoutDataThenSucceedOnceRefilled() async throws {
        // An empty bucket that does not refill until the throttled answer is in, then refills.
        let configuration = ShopifySimulatorConfiguration(bucketSize: 50, restoreRate: 0, catalog: sharedDemoCatalog)
        let (throttled, retried, attempts, count, outcomes) = try await withSandbox(shopify: configuration) { server, port in
            server.shopify.setBucket(size: nil, restoreRate: nil, currentlyAvailable: 0)
            let query = "{ products(first: 10) { nodes { id } } }"
            let throttled = try await LoopbackHTTPClient.graphQL(port: port, query: query)
            server.shopify.setBucket(size: nil, restoreRate: 100, currentlyAvailable: nil)
            var attempts = 0
            var retried: GraphQLAnswer
            repeat {
                attempts += 1
                try await Task.sleep(for: .milliseconds(50))
                retried = try await ask(port, query)
            } while retried.firstErrorCode == "THROTTLED" && attempts < 100
            return (throttled, retried, attempts, server.shopify.requestCount, server.shopify.requests.map(\.outcome))
        }
        #expect(throttled.status == 200)
        #expect(throttled.header("Retry-After") == nil)
        let answer = try GraphQLAnswer(throttled)
        #expect(!answer.hasDataKey)
        #expect(answer.firstErrorMessage == "Throttled")
        #expect(answer.firstErrorCode == "THROTTLED")
        #expect((answer.errors.first?["extensions"] as? [String: Any])?["documentation"] as? String == "https://shopify.dev/api/usage/rate-limits")
        #expect(answer.cost?["requestedQueryCost"] as? Int == 6)
        #expect(answer.cost?["actualQueryCost"] is NSNull)
        #expect(answer.throttleStatus?["maximumAvailable"] as? Double == 50)
        #expect(answer.throttleStatus?["currentlyAvailable"] as? Int == 0)
        #expect(answer.throttleStatus?["restoreRate"] as? Double == 0)
        #expect(retried.errors.isEmpty)
        #expect(retried.nodes("products").count == 10)
        #expect(attempts < 100)
        #expect(count == attempts + 1)
        #expect(outcomes.first == .throttled)
        #expect(outcomes.last == .answered)
    }

    @Test func bucketsDrainUnderRepeatedExpensiveQueries() async throws {
        let configuration = ShopifySimulatorConfiguration(bucketSize: 200, restoreRate: 0, catalog: sharedDemoCatalog)
        let codes = try await withSandbox(shopify: configuration) { _, port in
            var codes: [String?] = []
            for _ in 0..<4 {
                codes.append(try await ask(port, "{ products(first: 250) { nodes { id variants(first: 5) { nodes { price } } } } }").firstErrorCode)
            }
            return codes
        }
        // Each costs 68 up front; 250 nodes of one variant page are about what was asked, so
        // little is refunded: the third or fourth request no longer fits in 200 points.
        #expect(codes.first == .some(nil))
        #expect(codes.contains("THROTTLED"))
    }
}
