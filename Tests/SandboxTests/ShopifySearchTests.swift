import Foundation
import Sandbox
import Testing

@Suite("Shopify GraphQL: products(query:) search")
struct ShopifySearchTests {
    let catalog = sharedDemoCatalog

    /// Every id a products query returns, all pages walked.
    private func search(_ port: Int, _ query: String) async throws -> Set<Int> {
        let (ids, _) = try await walkIDs(
            port: port, field: "products($PAGING, query: $q) { nodes { id } pageInfo { hasNextPage endCursor } }",
            pageSize: 250, path: ["products"], extraVariables: ["q": query], declarations: ", $q: String")
        return Set(ids.compactMap { $0.split(separator: "/").last.flatMap { Int($0) } })
    }

    private func ids(_ products: [ShopifyProduct]) -> Set<Int> { Set(products.map(\.id)) }

    @Test func statusActiveExcludesDraftsAndArchived() async throws {
        let found = try await withSandbox { _, port in try await search(port, "status:active") }
        #expect(found == ids(catalog.activeProducts))
        #expect(!found.isEmpty)
    }

    @Test func statusAcceptsACommaList() async throws {
        let found = try await withSandbox { _, port in try await search(port, "status:draft,archived") }
        #expect(found == ids(catalog.products.filter { $0.status != .active }))
    }

    @Test func plainSearchReturnsDraftsAsShopifyDoes() async throws {
        let found = try await withSandbox { _, port in try await search(port, "robe") }
        let draftRobe = try #require(catalog.product(id: 8_000_000_012))
        #expect(draftRobe.status == .draft)
        #expect(found.contains(draftRobe.id))
        #expect(found == ids(catalog.products.filter(mentionsRobe)))
    }

    /// "robe" as a word prefix in the fields free text searches (title, type, tags).
    private func mentionsRobe(_ product: ShopifyProduct) -> Bool {
        product.title.lowercased().contains("robe") || product.productType == "Robes" || product.tags.contains("robe")
    }

    @Test func restrictingStatusHidesTheDraftAgain() async throws {
        let found = try await withSandbox { _, port in try await search(port, "robe status:active") }
        #expect(!found.contains(8_000_000_012))
        #expect(found == ids(catalog.activeProducts.filter(mentionsRobe)))
    }

    @Test func unescapedVisitorTextCanRevealDrafts() async throws {
        // What a careless adapter sends when it pastes a visitor's text into the query.
        let (careless, quoted) = try await withSandbox { _, port in
            (
                try await search(port, "status:active AND x OR status:draft"),
                try await search(port, #"status:active AND "x OR status:draft""#)
            )
        }
        let drafts = ids(catalog.products.filter { $0.status == .draft })
        #expect(drafts.isSubset(of: careless))
        #expect(quoted.isEmpty)
    }

    @Test func escapedQuotesInsidePhrasesStayText() async throws {
        let found = try await withSandbox { _, port in try await search(port, #"status:active "Le \"Grand\" Classique""#) }
        let expected = ids(catalog.activeProducts.filter { $0.title == #"Le "Grand" Classique"# })
        #expect(found == expected)
        #expect(expected.count == 1)
    }

    @Test(arguments: [
        ("ete", "Robe d'été à fleurs"), ("ÉTÉ", "Robe d'été à fleurs"), ("grun", "Grüner Tee 緑茶"),
        ("緑茶", "Grüner Tee 緑茶"), ("☕", "Tasse Café ☕"), ("\"robe d'ete\"", "Robe d'été à fleurs"),
    ])
    func freeTextIsCaseAndAccentInsensitive(query: String, title: String) async throws {
        let found = try await withSandbox { _, port in try await search(port, query) }
        let product = try #require(catalog.products.first { $0.title == title })
        #expect(found.contains(product.id))
    }

    @Test func fieldFiltersMatchTheirFieldOnly() async throws {
        let (vendor, tag, sku, title, productType) = try await withSandbox { _, port in
            (
                try await search(port, #"vendor:"Teehaus Müller""#), try await search(port, "tag:japon"),
                try await search(port, "sku:RDF*"), try await search(port, "title:shirt*"),
                try await search(port, "product_type:Thé")
            )
        }
        #expect(vendor == ids(catalog.products.filter { $0.vendor == "Teehaus Müller" }))
        #expect(tag == ids(catalog.products.filter { $0.tags.contains("japon") }))
        #expect(sku == ids(catalog.products.filter { $0.variants.contains { $0.sku?.hasPrefix("RDF") == true } }))
        #expect(title == ids(catalog.products.filter { $0.title.lowercased().contains("shirt") }))
        #expect(productType == ids(catalog.products.filter { $0.productType == "Thé" }))
        #expect(!vendor.isEmpty && !tag.isEmpty && !sku.isEmpty && !title.isEmpty)
    }

    @Test func booleanOperatorsAndNegation() async throws {
        let (notKyoto, minusKyoto, either, grouped) = try await withSandbox { _, port in
            (
                try await search(port, #"tag:japon NOT vendor:"Kyoto Tea Works""#),
                try await search(port, #"tag:japon -vendor:"Kyoto Tea Works""#),
                try await search(port, "tag:hiver OR tag:yoga"),
                try await search(port, "(tag:hiver OR tag:yoga) status:archived")
            )
        }
        let japanese = catalog.products.filter { $0.tags.contains("japon") }
        #expect(notKyoto == ids(japanese.filter { $0.vendor != "Kyoto Tea Works" }))
        #expect(minusKyoto == notKyoto)
        #expect(either == ids(catalog.products.filter { $0.tags.contains("hiver") || $0.tags.contains("yoga") }))
        #expect(grouped == either.intersection(ids(catalog.products.filter { $0.status == .archived })))
    }

    @Test func unknownFieldsAreIgnoredWithAWarning() async throws {
        let answer = try await withSandbox { _, port in
            try await ask(port, #"{ products(first: 250, query: "colour:red tag:japon") { nodes { id } } }"#)
        }
        let returned = Set(answer.nodes("products").compactMap { $0["id"] as? String })
        #expect(returned == Set(catalog.products.filter { $0.tags.contains("japon") }.map(\.gid)))
        let search = try #require((answer.root["extensions"] as? [String: Any])?["search"] as? [[String: Any]])
        let warning = try #require((search.first?["warnings"] as? [[String: Any]])?.first)
        #expect(warning["field"] as? String == "colour")
        #expect(warning["message"] as? String == "Invalid search field for this query.")
    }

    @Test(arguments: [#"((("unterminated"#, "))) OR AND NOT (", "-", "*", "title:", String(repeating: "(", count: 500) + "robe"])
    func unparseableQueriesNeverFail(query: String) async throws {
        let answer = try await withSandbox { _, port in
            try await ask(port, "query($q: String) { products(first: 5, query: $q) { nodes { id } } }", variables: ["q": query])
        }
        #expect(answer.status == 200)
        #expect(answer.errors.isEmpty)
    }

    @Test func relevanceSortPutsTitleMatchesFirst() async throws {
        let answer = try await withSandbox { _, port in
            try await ask(port, #"{ products(first: 10, query: "matcha", sortKey: RELEVANCE) { nodes { title } } }"#)
        }
        let titles = answer.nodes("products").compactMap { $0["title"] as? String }
        #expect(titles.first?.contains("Matcha") == true)
    }

    @Test func productsCountFollowsTheQuery() async throws {
        let answer = try await withSandbox { _, port in
            try await ask(
                port, #"{ all: productsCount(query: "status:active") { count precision } capped: productsCount(limit: 100) { count precision } }"#)
        }
        #expect(answer.object("all")?["count"] as? Int == catalog.activeProducts.count)
        #expect(answer.object("capped")?["count"] as? Int == 100)
        #expect(answer.object("capped")?["precision"] as? String == "AT_LEAST")
    }

    @Test func collectionsCanBeSearchedAndSortedByTitle() async throws {
        let answer = try await withSandbox { _, port in
            try await ask(
                port,
                #"{ tea: collections(first: 5, query: "the") { nodes { title } } sorted: collections(first: 250, sortKey: TITLE) { nodes { title } } }"#
            )
        }
        #expect(answer.nodes("tea").compactMap { $0["title"] as? String } == ["Thé & Infusions 🍵"])
        #expect(answer.nodes("sorted").count == catalog.collections.count)
    }
}
