import Foundation
import Sandbox
import Testing

@Suite("Shopify GraphQL: connections and cursors")
struct ShopifyPaginationTests {
    let catalog = sharedDemoCatalog

    @Test func walkingAllProductsWithCursorsYieldsTheCatalogInIDOrder() async throws {
        let (ids, pages) = try await withSandbox { _, port in
            try await walkIDs(
                port: port, field: "products($PAGING) { nodes { id } pageInfo { hasNextPage endCursor } }", pageSize: 50, path: ["products"])
        }
        let expected = catalog.products.sorted { $0.id < $1.id }.map(\.gid)
        #expect(ids == expected)
        #expect(pages == (catalog.products.count + 49) / 50)
        // Drafts come back too: nothing in `products` filters by status.
        #expect(ids.contains("gid://shopify/Product/8000000012"))
    }

    @Test func edgesCarryOpaqueBase64CursorsAndPageInfo() async throws {
        let answer = try await withSandbox { _, port in
            try await ask(
                port, "{ products(first: 3) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }")
        }
        let connection = try #require(answer.object("products"))
        let edges = try #require(connection["edges"] as? [[String: Any]])
        #expect(edges.count == 3)
        let cursor = try #require(edges.first?["cursor"] as? String)
        let decoded = try #require(Data(base64Encoded: cursor).flatMap { String(data: $0, encoding: .utf8) })
        #expect(decoded == #"{"last_id":8000000001,"last_value":"8000000001"}"#)
        let pageInfo = try #require(connection["pageInfo"] as? [String: Any])
        #expect(pageInfo["hasNextPage"] as? Bool == true)
        #expect(pageInfo["hasPreviousPage"] as? Bool == false)
        #expect(pageInfo["startCursor"] as? String == cursor)
        #expect(pageInfo["endCursor"] as? String == edges.last?["cursor"] as? String)
    }

    @Test func lastAndBeforeWalkBackwards() async throws {
        let (tail, previous) = try await withSandbox { _, port in
            let tail = try await ask(port, "{ products(last: 5) { nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor } } }")
            let start = try #require(tail.object("products", "pageInfo")?["startCursor"] as? String)
            let previous = try await ask(port, "query($b: String) { products(last: 5, before: $b) { nodes { id } } }", variables: ["b": start])
            return (tail, previous)
        }
        let sorted = catalog.products.map(\.gid)
        #expect(tail.nodes("products").compactMap { $0["id"] as? String } == Array(sorted.suffix(5)))
        #expect(tail.object("products", "pageInfo")?["hasNextPage"] as? Bool == false)
        #expect(tail.object("products", "pageInfo")?["hasPreviousPage"] as? Bool == true)
        #expect(previous.nodes("products").compactMap { $0["id"] as? String } == Array(sorted.suffix(10).prefix(5)))
    }

    @Test func titleSortWithReverseVisitsEveryProductOnceInFoldedTitleOrder() async throws {
        let (ids, _) = try await withSandbox { _, port in
            try await walkIDs(
                port: port, field: "products($PAGING, sortKey: TITLE, reverse: true) { nodes { id } pageInfo { hasNextPage endCursor } }",
                pageSize: 100, path: ["products"])
        }
        #expect(Set(ids).count == catalog.products.count)
        let byGID = Dictionary(uniqueKeysWithValues: catalog.products.map { ($0.gid, $0) })
        let keys = ids.compactMap { byGID[$0] }.map {
            ($0.title.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased(), $0.id)
        }
        #expect(keys.count == ids.count)
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test func collectionProductsComeInCollectionOrderDraftsIncluded() async throws {
        let collection = try #require(catalog.collections.filter { $0.productIDs.count > 45 }.first)
        let (ids, pages) = try await withSandbox { _, port in
            try await walkIDs(
                port: port, field: "collection(id: $id) { products($PAGING) { nodes { id } pageInfo { hasNextPage endCursor } } }",
                pageSize: 20, path: ["collection", "products"], extraVariables: ["id": collection.gid], declarations: ", $id: ID!")
        }
        #expect(ids == catalog.products(in: collection).map(\.gid))
        #expect(ids != ids.sorted(), "collection order should differ from id order")
        #expect(pages == (collection.productIDs.count + 19) / 20)
    }

    @Test func productsCountIncludesDraftsLikeShopify() async throws {
        let collection = try #require(
            catalog.collections.first { collection in
                catalog.products(in: collection).contains { $0.status != .active }
            })
        let answer = try await withSandbox { _, port in
            try await ask(port, "query($id: ID!) { collection(id: $id) { productsCount { count precision } } }", variables: ["id": collection.gid])
        }
        #expect(answer.object("collection", "productsCount")?["count"] as? Int == collection.productIDs.count)
        #expect(answer.object("collection", "productsCount")?["precision"] as? String == "EXACT")
    }

    @Test(arguments: [251, 1000])
    func pagesAboveTwoHundredFiftyAreRefused(size: Int) async throws {
        let answer = try await withSandbox { _, port in
            try await ask(port, "{ products(first: \(size)) { nodes { id } } }")
        }
        #expect(answer.status == 200)
        #expect(answer.firstErrorMessage == "The first argument cannot exceed 250.")
        #expect(answer.firstErrorCode == "BAD_REQUEST")
        #expect(answer.data == nil)
    }

    @Test func firstOrLastIsRequired() async throws {
        let (neither, both) = try await withSandbox { _, port in
            (try await ask(port, "{ products { nodes { id } } }"), try await ask(port, "{ products(first: 2, last: 2) { nodes { id } } }"))
        }
        #expect(neither.firstErrorMessage == "you must provide one of first or last")
        #expect(both.firstErrorMessage == "you must provide one of first or last")
        #expect(neither.data == nil)
    }

    @Test(arguments: ["not-a-cursor", "eyJmb28iOjF9", "%%%", Data(#"{"last_id":"x"}"#.utf8).base64EncodedString()])
    func malformedCursorsAreErrorsNotEmptyPages(cursor: String) async throws {
        let answer = try await withSandbox { _, port in
            try await ask(port, "query($c: String) { products(first: 5, after: $c) { nodes { id } } }", variables: ["c": cursor])
        }
        #expect(answer.status == 200)
        #expect(answer.firstErrorMessage == "Invalid cursor for current pagination")
        #expect(answer.data == nil)
    }

    @Test func aTitleCursorIsRefusedBySortsThatNeedNumbers() async throws {
        let answer = try await withSandbox { _, port in
            let titled = try await ask(port, "{ products(first: 1, sortKey: TITLE) { pageInfo { endCursor } } }")
            let cursor = try #require(titled.object("products", "pageInfo")?["endCursor"] as? String)
            return try await ask(port, "query($c: String) { products(first: 1, after: $c) { nodes { id } } }", variables: ["c": cursor])
        }
        #expect(answer.firstErrorMessage == "Invalid cursor for current pagination")
    }

    @Test func nestedVariantConnectionsPageToo() async throws {
        let product = try #require(catalog.products.first { $0.variants.count == 5 })
        let answer = try await withSandbox { _, port in
            try await ask(
                port,
                """
                query($id: ID!) { product(id: $id) { variants(first: 2) { nodes { id } pageInfo { hasNextPage } }
                  all: variants(first: 250) { nodes { id } } } }
                """, variables: ["id": product.gid])
        }
        #expect(answer.nodes("product", "variants").count == 2)
        #expect(answer.object("product", "variants", "pageInfo")?["hasNextPage"] as? Bool == true)
        #expect(answer.nodes("product", "all").compactMap { $0["id"] as? String } == product.variants.map(\.gid))
    }

    @Test func productLookupByGlobalID() async throws {
        let (found, missing, otherKind, invalid) = try await withSandbox { _, port in
            (
                try await ask(port, #"{ product(id: "gid://shopify/Product/8000000002") { title handle } }"#),
                try await ask(port, #"{ product(id: "gid://shopify/Product/1") { title } }"#),
                try await ask(port, #"{ product(id: "gid://shopify/Collection/410000000001") { title } }"#),
                try await ask(port, #"{ product(id: "8000000002") { title } }"#)
            )
        }
        #expect(found.object("product")?["title"] as? String == catalog.product(id: 8_000_000_002)?.title)
        #expect(missing.errors.isEmpty)
        #expect(missing.data?["product"] is NSNull)
        #expect(otherKind.data?["product"] is NSNull)
        #expect(invalid.firstErrorMessage == "Invalid global id '8000000002'")
        #expect(invalid.firstErrorCode == "argumentLiteralsIncompatible")
    }
}
