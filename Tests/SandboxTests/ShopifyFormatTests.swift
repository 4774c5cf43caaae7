import Foundation
import Sandbox
import Testing

@Suite("Shopify GraphQL: money formats and product fields")
struct ShopifyFormatTests {
    let catalog = sharedDemoCatalog

    @Test(arguments: [
        (2990, "29.90", "29.9"), (124_900, "1249.00", "1249.0"), (50, "0.50", "0.5"), (0, "0.00", "0.0"),
        (999, "9.99", "9.99"), (5, "0.05", "0.05"), (-1250, "-12.50", "-12.5"),
    ])
    func moneyStrings(cents: Int, money: String, decimal: String) {
        #expect(ShopifyMoney(cents: cents).moneyString == money)
        #expect(ShopifyMoney(cents: cents).decimalString == decimal)
    }

    private static let productQuery = """
        query($id: ID!) { product(id: $id) { id title status onlineStoreUrl totalInventory tags description descriptionHtml
          featuredImage { url altText width height }
          priceRangeV2 { minVariantPrice { amount currencyCode } maxVariantPrice { amount currencyCode } }
          compareAtPriceRange { minVariantCompareAtPrice { amount } maxVariantCompareAtPrice { amount } }
          variants(first: 10) { nodes { id title sku price compareAtPrice inventoryQuantity availableForSale } } } }
        """

    @Test func variantPricesUseTwoDecimalsAndMoneyV2TheShortestForm() async throws {
        let product = try #require(catalog.products.first { $0.variants.contains { $0.price.cents % 100 == 90 } && $0.compareAtPriceRange == nil })
        let answer = try await withSandbox { _, port in try await ask(port, Self.productQuery, variables: ["id": product.gid]) }
        let variants = answer.nodes("product", "variants")
        #expect(variants.compactMap { $0["price"] as? String } == product.variants.map(\.price.moneyString))
        #expect(variants.contains { ($0["price"] as? String)?.hasSuffix("90") == true })
        let minimum = try #require(answer.object("product", "priceRangeV2", "minVariantPrice"))
        #expect(minimum["amount"] as? String == product.minVariantPrice.decimalString)
        #expect((minimum["amount"] as? String)?.hasSuffix("9") == true)
        #expect(minimum["currencyCode"] as? String == "EUR")
        #expect(answer.data?["product"].flatMap { ($0 as? [String: Any])?["compareAtPriceRange"] } is NSNull)
        #expect(variants.allSatisfy { $0["compareAtPrice"] is NSNull })
    }

    @Test func freeProductsShowZeroAmounts() async throws {
        let free = try #require(catalog.products.first { $0.maxVariantPrice.cents == 0 })
        let answer = try await withSandbox { _, port in try await ask(port, Self.productQuery, variables: ["id": free.gid]) }
        #expect(answer.nodes("product", "variants").first?["price"] as? String == "0.00")
        #expect(answer.object("product", "priceRangeV2", "minVariantPrice")?["amount"] as? String == "0.0")
    }

    @Test func onSaleProductsReportCompareAtPrices() async throws {
        let product = try #require(catalog.products.first { $0.isOnSale && $0.variants.allSatisfy { $0.compareAtPrice != nil } })
        let answer = try await withSandbox { _, port in try await ask(port, Self.productQuery, variables: ["id": product.gid]) }
        let range = try #require(answer.object("product", "compareAtPriceRange"))
        let low = try #require(product.compareAtPriceRange?.min)
        #expect((range["minVariantCompareAtPrice"] as? [String: Any])?["amount"] as? String == low.decimalString)
        let variants = answer.nodes("product", "variants")
        #expect(variants.compactMap { $0["compareAtPrice"] as? String } == product.variants.compactMap { $0.compareAtPrice?.moneyString })
    }

    @Test func draftsHaveNoStoreURLAndMissingDataIsNull() async throws {
        let draft = try #require(
            catalog.products.first { $0.status == .draft && $0.featuredImage == nil }
                ?? catalog.products.first { $0.status == .draft })
        let skuless = try #require(catalog.products.first { $0.variants.contains { $0.sku == nil } })
        let (draftAnswer, skulessAnswer) = try await withSandbox { _, port in
            (
                try await ask(port, Self.productQuery, variables: ["id": draft.gid]),
                try await ask(port, Self.productQuery, variables: ["id": skuless.gid])
            )
        }
        #expect(draftAnswer.object("product")?["status"] as? String == "DRAFT")
        #expect(draftAnswer.object("product")?["onlineStoreUrl"] is NSNull)
        if draft.featuredImage == nil { #expect(draftAnswer.object("product")?["featuredImage"] is NSNull) }
        #expect(skulessAnswer.nodes("product", "variants").contains { $0["sku"] is NSNull })
    }

    @Test func descriptionIsPlainTextAndHTMLIsServedAsIs() async throws {
        let scripted = try #require(catalog.products.first { $0.descriptionHtml.contains("<script>") })
        let answer = try await withSandbox { _, port in try await ask(port, Self.productQuery, variables: ["id": scripted.gid]) }
        let product = try #require(answer.object("product"))
        #expect(product["descriptionHtml"] as? String == scripted.descriptionHtml)
        let description = try #require(product["description"] as? String)
        #expect(!description.contains("<"))
        #expect(!description.contains("alert"))
        #expect(description == "Offre spéciale ! Quantités limitées.")
    }

    @Test func soldOutAndBackorderedVariantsDiffer() async throws {
        let soldOut = try #require(catalog.products.first { $0.isSoldOut })
        let backordered = try #require(
            catalog.products.first { product in
                product.variants.allSatisfy { $0.inventoryQuantity <= 0 } && product.variants.allSatisfy(\.availableForSale)
            })
        let (soldOutAnswer, backorderAnswer) = try await withSandbox { _, port in
            (
                try await ask(port, Self.productQuery, variables: ["id": soldOut.gid]),
                try await ask(port, Self.productQuery, variables: ["id": backordered.gid])
            )
        }
        #expect(soldOutAnswer.nodes("product", "variants").allSatisfy { $0["availableForSale"] as? Bool == false })
        #expect(
            backorderAnswer.nodes("product", "variants").allSatisfy {
                $0["availableForSale"] as? Bool == true && ($0["inventoryQuantity"] as? Int ?? 1) <= 0
            })
        #expect(backorderAnswer.object("product")?["totalInventory"] as? Int == backordered.totalInventory)
    }
}
