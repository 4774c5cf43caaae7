import Mapping
import Plugins
import Testing

@testable import Adapters

/// What the page walker checks of an item before counting it in a window: every field it can map
/// then, with the enrichments the required fields read.
@Suite struct ItemUsabilityTests {
    static func products(_ text: String) throws -> Operation {
        let adapter = try requireAdapter(text)
        return try #require(adapter.operations[.products])
    }

    @Test func everyFieldIsCheckedButThoseReadingAnEnrichmentNoRequiredFieldReads() throws {
        let operation = try Self.products(
            """
            products:
              request: { path: /products }
              items: response
              enrich:
                detail:
                  request: { path: '/products/{item.id}' }
                price:
                  request: { path: '/prices/{item.id}' }
              let:
                amount: price.value
                onSale: item.sale == true
              fields:
                id: item.id
                title: detail.name
                description: detail.body
                available: onSale
                priceCatalog: amount
            """)
        let usability = operation.usability
        // `title` reads `detail`: fetched while walking, and every field reading it is checked then.
        #expect(usability.enrichments.map { operation.enrichments[$0].name } == ["detail"])
        #expect(usability.fields.map(\.name) == ["id", "title", "description", "available"])
        // `priceCatalog` reads `price` through a let: only the window's items have it.
        #expect(usability.lets.count == 1)
        #expect(!usability.checksEveryField)
    }

    @Test func withoutEnrichmentsEveryFieldIsCheckedOnce() throws {
        let operation = try Self.products(
            """
            products:
              request: { path: /products }
              items: response
              fields: { id: item.id, title: item.title, priceCatalog: item.price }
            """)
        #expect(operation.usability.enrichments.isEmpty)
        #expect(operation.usability.checksEveryField)
    }

    @Test func theReasonIsTheModelsOwn() throws {
        let usability = try Self.products(
            """
            products:
              request: { path: /products }
              items: response
              fields: { id: item.id, title: item.title, priceCatalog: item.price }
            """
        ).usability
        let check: ItemCheck = { fields throws(MappedItemError) in _ = try Product(mapped: fields) }
        #expect(usability.reasonToLeaveOut(["id": "1", "title": "Mug", "priceCatalog": "9.90"], check: check) == nil)
        #expect(usability.reasonToLeaveOut(["id": "1", "title": "", "priceCatalog": "9.90"], check: check) == "no_title")
        #expect(usability.reasonToLeaveOut(["id": "1", "title": "Mug", "priceCatalog": ["9.90"]], check: check) == "unmappable")
    }
}
