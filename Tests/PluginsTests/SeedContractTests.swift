import Foundation
import Mapping
import Testing

@testable import Plugins

/// iAdvize's App Plugins page (the seed, copied verbatim to `Tests/Seeds`): its examples are the
/// contract's floor, so the checker must take each of them as it is.
@Suite struct SeedContractTests {
    static let seedPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Seeds/iadvize-app-plugins.txt").path

    /// Every JSON example of the plugin sections, in the page's order: each starts on a line of its
    /// own (`[` or `{`) and ends where its brackets balance.
    static func examples() throws -> [JSON] {
        let text = try String(contentsOfFile: seedPath, encoding: .utf8)
        let plugins = try #require(text.range(of: "Conversation panel app\n")).lowerBound
        var examples: [JSON] = []
        var block: [String] = []
        var depth = 0
        for line in text[..<plugins].split(separator: "\n", omittingEmptySubsequences: false) {
            if block.isEmpty && line != "[" && line != "{" { continue }
            block.append(String(line))
            var inString = false
            var escaped = false
            for character in line {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = inString
                } else if character == "\"" {
                    inString.toggle()
                } else if !inString && (character == "[" || character == "{") {
                    depth += 1
                } else if !inString && (character == "]" || character == "}") {
                    depth -= 1
                }
            }
            if depth == 0 {
                examples.append(try JSON(parsing: Array(block.joined(separator: "\n").utf8)))
                block = []
            }
        }
        return examples
    }

    @Test func theCheckerAcceptsEveryExampleOfTheSeed() throws {
        let examples = try Self.examples()
        let contracts: [PluginContract] = [.categories, .products, .customer, .actionResult, .closingForm]
        try #require(examples.count == contracts.count, "the seed has \(examples.count) examples")
        for (contract, example) in zip(contracts, examples) {
            #expect(contract.violations(in: example).isEmpty, "\(contract): \(contract.violations(in: example))")
        }
        // The examples the item is about: a null reference, an idParent given as a string.
        #expect(examples[1][1]?["reference"] == .null)
        #expect(examples[0][0]?["idParent"] == "123")
    }

    @Test func whatTheSeedNeverShowsIsStillRefused() throws {
        var products = try #require(try Self.examples()[1].arrayValue)
        var second = try #require(products[1].objectValue)
        second["available"] = .null
        products[1] = .object(second)
        #expect(PluginContract.products.violations(in: .array(products)) == ["[1].available: must not be null"])
    }
}

@Suite struct SeedTypesTests {
    @Test func aProductWithoutOptionalValuesWritesNullsAndFalse() throws {
        let fields: JSONObject = [
            "id": "7", "title": "Mug", "productUrl": "https://shop.example/p/7", "brand": "  ", "reference": "", "shortDescription": "",
            "pricePromotion": "", "priceSpecial": nil, "priceCatalog": "9 €",
        ]
        let product = try Product(mapped: fields)
        #expect(product.available == false)
        #expect(product.reference == nil && product.brand == nil && product.shortDescription == nil && product.pricePromotion == nil)
        let json = try JSON(parsing: PluginJSONWriter.encode([product]))
        for field in ["brand", "shortDescription", "reference", "pricePromotion", "priceSpecial"] {
            #expect(json[0]?[field] == .null, "\(field)")
        }
        #expect(json[0]?["available"] == false)
        #expect(json[0]?["description"] == "" && json[0]?["imageUrl"] == "", "required texts stay strings")
        #expect(PluginContract.products.violations(in: json).isEmpty)

        // Built in code with empty texts, the product still writes what the seed shows.
        let coded = Product(
            id: "8", title: "Cup", productUrl: "", description: "", imageUrl: "", reference: "", priceCatalog: "1 €", priceSpecial: "")
        let written = try JSON(parsing: PluginJSONWriter.encode([coded]))
        #expect(written[0]?["reference"] == .null && written[0]?["priceSpecial"] == .null && written[0]?["available"] == false)
    }

    @Test(
        arguments: [
            ("https://shop.example/p/1", "https://shop.example/p/1"),
            ("HTTP://shop.example/p/1?q=a%20b#top", "HTTP://shop.example/p/1?q=a%20b#top"),
            ("  https://shop.example/p/1\n", "https://shop.example/p/1"),
            ("//cdn.example/i.jpg", "https://cdn.example/i.jpg"),
            ("javascript:alert(document.cookie)", nil),
            ("JavaScript://shop.example/%0Aalert(1)", nil),
            ("data:text/html;base64,PHNjcmlwdD4=", nil),
            ("ftp://shop.example/p/1", nil),
            ("/products/mug", nil),
            ("https://", nil),
            ("https:///path", nil),
            ("https://shop.example/a b", nil),
            ("", nil),
        ] as [(String, String?)])
    func linksAreWholeHTTPURLsOrNothing(text: String, expected: String?) {
        #expect(WebLink.usable(text) == expected)
    }

    @Test func aLinkOverTheFieldLimitIsDroppedNotCut() throws {
        let base = "https://shop.example/p/1?tracking="
        let exact = base + String(repeating: "a", count: PluginLimits.maxFieldCharacters - base.count)
        let over = exact + "a"
        #expect(WebLink.usable(exact) == exact)
        #expect(WebLink.usable(over) == nil)
        let product = try Product(mapped: [
            "id": "1", "title": "Mug", "productUrl": .string(over), "imageUrl": .string(exact), "priceCatalog": "1 €",
        ])
        #expect(product.productUrl == "" && product.imageUrl == exact)
        let written = Product(id: "2", title: "Cup", productUrl: over, description: "", imageUrl: "javascript:x()", reference: nil, priceCatalog: "")
        let json = try JSON(parsing: PluginJSONWriter.encode([written]))
        #expect(json[0]?["productUrl"] == "" && json[0]?["imageUrl"] == "")
        #expect(PluginContract.products.violations(in: json).isEmpty)

        let line = CustomerField(id: "profile", label: "Profile", value: over, fieldType: .url)
        let text = CustomerField(id: "note", label: "Note", value: over, fieldType: .text)
        let fields = try JSON(parsing: PluginJSONWriter.encode([line, text]))
        #expect(fields[0]?["value"] == "", "a URL line never carries a cut link")
        #expect(fields[1]?["value"]?.stringValue?.unicodeScalars.count == PluginLimits.maxFieldCharacters, "text is cut as before")
    }

    @Test func theCheckerRefusesLinksTheDeskMustNotOpen() throws {
        let product = try JSON(
            parsing: #"[{"id":"1","title":"t","productUrl":"javascript:alert(1)","description":"","imageUrl":"","reference":null,"priceCatalog":""}]"#
        )
        #expect(PluginContract.products.violations(in: product) == ["[0].productUrl: must be empty or a whole http(s):// link"])
        let customer = try JSON(parsing: #"[{"id":"p","label":"Profile","value":"javascript:alert(1)","fieldType":"URL"}]"#)
        #expect(PluginContract.customer.violations(in: customer) == ["[0].value: a URL line needs a whole http(s):// link"])
    }
}
