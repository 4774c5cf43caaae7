import Mapping
import Testing

@testable import Plugins

@Suite struct PluginEncodingTests {
    @Test func encodesProductsWithTheContractsFieldsInOrder() throws {
        let product = Product(
            id: "123", title: "Robe d'été \"fleurs\"", productUrl: "https://shop.example/p/1", description: "Légère",
            available: true, imageUrl: "https://shop.example/i.jpg", reference: "SKU-1", priceCatalog: "99.90 €",
            pricePromotion: "79.90 €")
        let text = String(decoding: PluginJSONWriter.encode([product]), as: UTF8.self)
        #expect(
            text
                == #"[{"id":"123","title":"Robe d'été \"fleurs\"","productUrl":"https://shop.example/p/1","brand":null,"description":"Légère","shortDescription":null,"available":true,"imageUrl":"https://shop.example/i.jpg","reference":"SKU-1","priceCatalog":"99.90 €","pricePromotion":"79.90 €","priceSpecial":null}]"#
        )
        #expect(PluginContract.products.violations(in: try JSON(parsing: text)).isEmpty)
    }

    @Test func encodesCategories() throws {
        let categories = [
            Category(id: "1", label: "Robes", productsCount: 3),
            Category(id: "2", idParent: "1", label: "Courtes", products: ["7", "8"], productsCount: 2),
        ]
        let text = String(decoding: PluginJSONWriter.encode(categories), as: UTF8.self)
        #expect(
            text
                == #"[{"id":"1","idParent":null,"label":"Robes","products":null,"productsCount":3},{"id":"2","idParent":"1","label":"Courtes","products":["7","8"],"productsCount":2}]"#
        )
        #expect(PluginContract.categories.violations(in: try JSON(parsing: text)).isEmpty)
    }

    @Test func encodesAnEmptyList() {
        #expect(PluginJSONWriter.encode([Product]()) == Array("[]".utf8))
    }

    @Test func cutsEveryStringToTheFieldLimit() throws {
        let long = String(repeating: "é", count: 1500)
        let product = Product(
            id: "1", title: long, productUrl: "u", description: long, imageUrl: "i", reference: "r", priceCatalog: "1 €")
        let json = try JSON(parsing: PluginJSONWriter.encode([product]))
        #expect(PluginContract.products.violations(in: json).isEmpty)
        #expect(json[0]?["title"]?.stringValue?.unicodeScalars.count == PluginLimits.maxFieldCharacters)
    }

    @Test func neverSplitsACharacter() {
        // "e" + combining acute is two scalars: a cut at 1,024 scalars must not separate them.
        let text = String(repeating: "a", count: 1023) + "e\u{301}" + "zz"
        let limited = FieldText.limited(text)
        #expect(limited.unicodeScalars.count == 1023)
        #expect(limited.last == "a")
        let emoji = String(repeating: "👍🏽", count: 600)
        #expect(FieldText.limited(emoji).unicodeScalars.count <= 1024)
        #expect(FieldText.limited(emoji).allSatisfy { $0 == "👍🏽" })
    }
}

@Suite struct MappedModelTests {
    @Test func convertsLenientlyAndRequiresIdAndTitle() throws {
        let fields: JSONObject = ["id": 42, "title": "Mug", "available": "false", "priceCatalog": 9.5, "brand": nil]
        let product = try Product(mapped: fields)
        #expect(product.id == "42")
        #expect(product.available == false)
        #expect(product.priceCatalog == "9.5")
        #expect(product.brand == nil)
        #expect(product.imageUrl == "")
        #expect(throws: MappedItemError.missingRequired(field: "title")) { try Product(mapped: ["id": "1"]) }
        #expect(throws: MappedItemError.missingRequired(field: "id")) { try Product(mapped: ["id": "", "title": "x"]) }
        #expect(throws: MappedItemError.wrongType(field: "title", expected: "a string")) {
            try Product(mapped: ["id": "1", "title": ["a"]])
        }
    }

    @Test func countsProducts() throws {
        #expect(try Category(mapped: ["id": "1", "label": "A", "productsCount": "12"]).productsCount == 12)
        #expect(try Category(mapped: ["id": "1", "label": "A"]).productsCount == 0)
        #expect(throws: MappedItemError.self) { try Category(mapped: ["id": "1", "label": "A", "productsCount": 1e300]) }
    }
}

@Suite struct ContractTests {
    @Test func reportsEveryViolation() throws {
        let json = try JSON(
            parsing: #"[{"id":1,"title":"t","productUrl":"u","description":"d","imageUrl":"i","reference":null,"extra":1}, 3]"#)
        let problems = PluginContract.products.violations(in: json)
        #expect(problems.contains("[0].id: has the wrong type"))
        #expect(!problems.contains { $0.hasPrefix("[0].reference") }, "the seed's own example has a null reference")
        #expect(problems.contains("[0].productUrl: must be empty or a whole http(s):// link"))
        #expect(problems.contains("[0].priceCatalog: required field is missing"))
        #expect(problems.contains("[0].extra: not a field of the products contract"))
        #expect(problems.contains("[1]: must be an object"))
        #expect(PluginContract.categories.violations(in: ["a": 1]) == ["the response must be a JSON array"])
    }
}
