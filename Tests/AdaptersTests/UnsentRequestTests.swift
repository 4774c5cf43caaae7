import Mapping
import Testing

@testable import Adapters

/// A request not sent says whose it was and the value that stopped it, for the log and `try`.
@Suite struct UnsentRequestTests {
    @Test func anEnrichmentsOriginNamesItTheItemsPositionAndId() throws {
        let diagnostics = Diagnostics()
        let adapter = try #require(
            AdapterLoader.load(
                name: "shop",
                text: """
                    products:
                      request: { path: /products }
                      items: response
                      enrich:
                        details:
                          request: { url: item.link }
                      fields: {id: item.id, title: item.title}
                    """, path: "shop.yaml", diagnostics: diagnostics), "\(diagnostics.all)")
        let enrichment = try #require(adapter.operations[.products]?.enrichments.first)
        #expect(ItemEnricher.origin(of: enrichment, item: 3, ["id": 8123]) == "enrichment 'details', item 3 (id 8123)")
        #expect(ItemEnricher.origin(of: enrichment, item: 0, ["id": "gid://shop/P/1"]) == "enrichment 'details', item 0 (id gid://shop/P/1)")
        #expect(ItemEnricher.origin(of: enrichment, item: 1, ["id": ["x"]]) == "enrichment 'details', item 1")
    }

    @Test func aLongValueIsCutAfter120Characters() {
        #expect(UpstreamFetcher.excerpt("https://elsewhere.example/p/7") == "\"https://elsewhere.example/p/7\"")
        let long = String(repeating: "a", count: 300)
        #expect(UpstreamFetcher.excerpt(.string(long)) == "\"" + String(repeating: "a", count: 119) + "… (302 characters)")
        #expect(UpstreamFetcher.excerpt(nil) == "null")
    }

    @Test func theSummaryNamesTheOriginBeforeTheReason() {
        let unsent = UpstreamCallLog.Unsent(
            method: "GET", target: "url: item.link = null", reason: "the link is null", origin: "enrichment 'details', item 2")
        #expect(unsent.summary == "GET url: item.link = null (enrichment 'details', item 2): the link is null")
        #expect(UpstreamCallLog.Unsent(method: "GET", target: "/p", reason: "why").summary == "GET /p: why")
    }
}
