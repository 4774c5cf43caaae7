import Foundation
import Testing

@testable import Sandbox

@Suite("Demo Shopify catalog")
struct ShopifyCatalogTests {
    let catalog = sharedDemoCatalog

    @Test func sizesAndIdentifiers() {
        #expect(catalog.products.count >= 520)
        #expect(catalog.collections.count == 24)
        #expect(catalog.products.enumerated().allSatisfy { $0.element.id == 8_000_000_000 + $0.offset + 1 })
        #expect(catalog.products.first?.gid == "gid://shopify/Product/8000000001")
        #expect(Set(catalog.products.map(\.handle)).count == catalog.products.count)
        #expect(Set(catalog.products.flatMap(\.variants).map(\.id)).count == catalog.products.flatMap(\.variants).count)
        #expect(catalog.collections.allSatisfy { $0.gid.hasPrefix("gid://shopify/Collection/") })
        #expect(catalog.shop.currencyCode == "EUR")
        #expect(catalog.shop.primaryDomainURL == "https://demo-shop.example")
    }

    @Test func statusShares() {
        let total = Double(catalog.products.count)
        let drafts = Double(catalog.products.filter { $0.status == .draft }.count) / total
        let archived = Double(catalog.products.filter { $0.status == .archived }.count) / total
        #expect(drafts > 0.05 && drafts < 0.11)
        #expect(archived > 0.02 && archived < 0.07)
        #expect(catalog.products.filter { $0.status != .active }.allSatisfy { $0.onlineStoreUrl == nil })
        #expect(catalog.activeProducts.contains { $0.onlineStoreUrl == nil }, "some active products are unpublished")
    }

    @Test func draftsMatchCommonSearches() {
        let draftTitles = catalog.products.filter { $0.status == .draft }.map(\.title)
        #expect(draftTitles.contains { $0.hasPrefix("Robe d'été") })
        #expect(draftTitles.contains { $0.hasPrefix("Tasse Café") })
        #expect(catalog.products.contains { $0.status == .archived && $0.title.hasPrefix("T-shirt") })
    }

    @Test func unicodeAndHostileContentArePresent() {
        let titles = catalog.products.map(\.title).joined()
        for sample in ["é", "ü", "☕", "緑茶", "茶碗", "😎", "🎁", "«", "&", "\"", "<"] {
            #expect(titles.contains(sample), "no title contains \(sample)")
        }
        #expect(catalog.products.contains { $0.descriptionHtml.contains("<script>") })
        #expect(catalog.products.contains { $0.descriptionHtml.contains("<br>") && $0.descriptionHtml.contains("<li>") })
        #expect(catalog.products.contains { $0.descriptionHtml.contains("&amp;") || $0.descriptionHtml.contains("&nbsp;") })
        #expect(catalog.products.contains { $0.descriptionHtml.isEmpty })
        #expect(catalog.products.contains { $0.title.count > 150 })
    }

    @Test func imagesVariantsAndStock() {
        let total = Double(catalog.products.count)
        let withoutImage = Double(catalog.products.filter { $0.featuredImage == nil }.count) / total
        #expect(withoutImage > 0.05 && withoutImage < 0.15)
        #expect(catalog.products.allSatisfy { (1...5).contains($0.variants.count) })
        #expect(catalog.products.contains { $0.isOnSale })
        #expect(catalog.products.contains { $0.isSoldOut && $0.variants.allSatisfy { $0.inventoryQuantity == 0 && !$0.availableForSale } })
        #expect(catalog.products.contains { $0.variants.contains { $0.inventoryQuantity <= 0 && $0.availableForSale } })
        #expect(catalog.products.flatMap(\.variants).contains { $0.sku == nil })
        #expect(
            catalog.products.flatMap(\.variants).allSatisfy { $0.availableForSale == ($0.inventoryQuantity > 0 || $0.inventoryPolicy == .continue) })
        let prices = Set(catalog.products.flatMap(\.variants).map(\.price.moneyString))
        #expect(prices.isSuperset(of: ["29.90", "1249.00", "0.50"]))
        #expect(Set(catalog.products.map(\.vendor)).count >= 10)
        #expect(Set(catalog.products.map(\.productType)).count >= 10)
    }

    @Test func collectionMembership() {
        var memberships: [Int: Int] = [:]
        for collection in catalog.collections {
            for id in collection.productIDs { memberships[id, default: 0] += 1 }
        }
        #expect(catalog.products.contains { memberships[$0.id, default: 0] >= 2 })
        #expect(catalog.products.contains { memberships[$0.id] == nil })
        #expect(catalog.collections.filter { $0.productIDs.isEmpty }.count >= 2)
        #expect(catalog.collections.allSatisfy { Set($0.productIDs).count == $0.productIDs.count })
        #expect(
            catalog.collections.contains { collection in
                catalog.products(in: collection).contains { $0.status == .draft }
            })
    }

    @Test func generationIsDeterministic() {
        let first = DemoCatalogGenerator().make()
        let second = DemoCatalogGenerator().make()
        #expect(first == second)
        #expect(first == ShopifyCatalog.demo())
        #expect(first.products.map(\.title) == catalog.products.map(\.title))
    }
}

@Suite("HTML to plain text")
struct HTMLTextTests {
    @Test(arguments: [
        ("<p>Un <strong>bon</strong> thé</p><ul><li>vert</li><li>bio</li></ul>", "Un bon thé vert bio"),
        ("ligne 1<br>ligne 2<br/>ligne 3", "ligne 1 ligne 2 ligne 3"),
        ("Sel &amp; Poivre &eacute;t&eacute; &#233;t&#xE9; &lt;b&gt;", "Sel & Poivre été été <b>"),
        ("<script>alert('x')</script>ok<style>p{}</style>", "ok"),
        ("  espaces \n\t multiples  ", "espaces multiples"),
        ("AT&T et 5 < 6", "AT&T et 5 < 6"),
        ("", ""),
    ])
    func plainText(html: String, text: String) {
        #expect(HTMLText.plainText(fromHTML: html) == text)
    }
}
