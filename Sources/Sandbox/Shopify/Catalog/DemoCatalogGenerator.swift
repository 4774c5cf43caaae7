import Foundation

extension ShopifyCatalog {
    /// The deterministic demo store: 536 products (about 8 % drafts and 4 % archived), 24
    /// collections, EUR prices, unicode titles and the untidy data real stores hold. Generated
    /// once per process; every call returns the same value.
    package static func demo() -> ShopifyCatalog {
        DemoCatalogGenerator.shared
    }
}

/// Builds the demo catalog from `DemoCatalogVocabulary`. Every product draws from its own seeded
/// generator, so a product never changes when another one does.
struct DemoCatalogGenerator {
    static let productCount = 536
    static let firstProductID = 8_000_000_000
    static let shopDomain = "https://demo-shop.example"
    private static let imageBaseURL = "https://cdn.shopify.com/s/files/1/0712/3456/7890/files/"
    private static let firstCreatedAt = 1_672_646_400  // 2023-01-02T08:00:00Z

    typealias Vocabulary = DemoCatalogVocabulary

    static let shared = DemoCatalogGenerator().make()

    func make() -> ShopifyCatalog {
        let shop = ShopifyShop(
            id: 71_234_567_890, name: "DeskBridge Demo Shop", email: "shop@demo-shop.example",
            currencyCode: "EUR", primaryDomainURL: Self.shopDomain, primaryDomainHost: "demo-shop.example",
            myshopifyDomain: "deskbridge-demo.myshopify.com", ianaTimezone: "Europe/Paris"
        )
        var occurrences: [Int: Int] = [:]
        var usedHandles: Set<String> = []
        var products: [ShopifyProduct] = []
        products.reserveCapacity(Self.productCount)
        for number in 1...Self.productCount {
            products.append(makeProduct(number: number, occurrences: &occurrences, usedHandles: &usedHandles))
        }
        return ShopifyCatalog(shop: shop, products: products, collections: DemoCollections.make(from: products))
    }

    /// Products whose content is fixed, so that every catalog has the cases tests and demos need:
    /// drafts and archived products that match common searches, hostile descriptions, odd titles.
    private enum Special {
        case family(String, ShopifyProductStatus)
        case scriptDescription
        case imageHandlerDescription
        case freeSample
        case longTitle
        case quotedTitle
    }

    private static let specials: [Int: Special] = [
        3: .scriptDescription,
        4: .imageHandlerDescription,
        9: .freeSample,
        12: .family("Robe d'été à fleurs", .draft),
        13: .family("T-shirt Classique", .archived),
        77: .family("Tasse Café ☕", .draft),
        205: .family("Grüner Tee 緑茶", .draft),
        250: .longTitle,
        301: .quotedTitle,
        402: .family("Red Dress", .archived),
    ]

    private func makeProduct(number: Int, occurrences: inout [Int: Int], usedHandles: inout Set<String>) -> ShopifyProduct {
        var random = SeededGenerator(seed: 0x5EED_DE5C_0000 &+ UInt64(number) &* 0x9E37_79B9)
        let special = Self.specials[number]
        let families = Vocabulary.families

        var familyIndex = random.int(in: 0..<families.count)
        if case .family(let title, _) = special, let index = families.firstIndex(where: { $0.title == title }) {
            familyIndex = index
        }
        let family = families[familyIndex]
        let occurrence = occurrences[familyIndex, default: 0]
        occurrences[familyIndex] = occurrence + 1

        var title: String
        if occurrence == 0 {
            title = family.title
        } else {
            let qualifier = Vocabulary.qualifiers[(occurrence - 1 + familyIndex) % Vocabulary.qualifiers.count]
            title = family.title + (random.chance(0.3) ? " – " : " ") + qualifier
        }
        var productType = family.productType
        var vendor = random.pick(family.vendors)
        var tags = Set(family.tags)
        var scheme = family.scheme
        var basePrice = random.pick(family.prices)
        switch special {
        case .freeSample:
            title = "Échantillon gratuit"
            productType = "Divers"
            vendor = "DeskBridge Demo"
            tags = ["gratuit"]
            scheme = .single
            basePrice = 0
        case .longTitle:
            title = Vocabulary.longTitle
            productType = "Déco"
            tags = ["déco", "Made in France"]
        case .quotedTitle:
            title = "Le \"Grand\" Classique"
        default:
            break
        }

        let id = Self.firstProductID + number
        var handle = TextFolding.handle(from: title)
        if usedHandles.contains(handle) {
            var suffix = 1
            while usedHandles.contains("\(handle)-\(suffix)") { suffix += 1 }
            handle = "\(handle)-\(suffix)"
        }
        usedHandles.insert(handle)

        let status: ShopifyProductStatus
        if case .family(_, let forced) = special {
            status = forced
        } else {
            let roll = random.int(in: 0..<100)
            status = roll < 8 ? .draft : (roll < 12 ? .archived : .active)
        }

        let variants = makeVariants(
            productID: id, number: number, family: family, scheme: scheme, basePrice: basePrice, random: &random
        )
        if variants.contains(where: \.isOnSale) { tags.insert("soldes") }
        if number > Self.productCount - 56 { tags.insert("nouveauté") }
        if random.chance(0.08) { tags.insert("bestseller") }
        if random.chance(0.1) { tags.insert("Made in France") }

        let encodedHandle = handle.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? handle
        var images: [ShopifyImage] = []
        if !random.chance(0.1) {
            for position in 1...random.int(in: 1...4) {
                let (width, height) = random.pick(Vocabulary.imageSizes)
                images.append(
                    ShopifyImage(
                        id: 39_000_000_000 + number * 10 + position, kind: "ProductImage",
                        url: "\(Self.imageBaseURL)\(encodedHandle)-\(position).jpg?v=\(1_690_000_000 + number * 1000 + position)",
                        altText: random.chance(0.25) ? nil : "\(title) – vue \(position)", width: width, height: height
                    ))
            }
        }

        let createdAt = Self.firstCreatedAt + number * 97_200 + random.int(in: 0..<36_000)
        let updatedAt = createdAt + random.int(in: 0..<(200 * 86_400))
        let published = status == .active && !random.chance(0.04)

        return ShopifyProduct(
            id: id, title: title, handle: handle, vendor: vendor, productType: productType,
            descriptionHtml: makeDescription(title: title, special: special, random: &random),
            status: status, onlineStoreUrl: published ? "\(Self.shopDomain)/products/\(encodedHandle)" : nil,
            tags: tags.sorted { $0.lowercased() < $1.lowercased() },
            createdAt: ISOTimestamp.string(fromUnixTime: createdAt), updatedAt: ISOTimestamp.string(fromUnixTime: updatedAt),
            images: images, variants: variants
        )
    }

    private func variantTitles(scheme: DemoCatalogVocabulary.VariantScheme, random: inout SeededGenerator) -> [(String, Int?)] {
        func run(_ values: [String], count: Int) -> [String] {
            let start = random.int(in: 0...(values.count - count))
            return Array(values[start..<(start + count)])
        }
        switch scheme {
        case .single:
            return [("Default Title", nil)]
        case .sizes:
            return run(Vocabulary.sizes, count: random.int(in: 2...5)).map { ($0, nil) }
        case .shoeSizes:
            return run(Vocabulary.shoeSizes, count: random.int(in: 3...5)).map { ($0, nil) }
        case .colors:
            return run(Vocabulary.colors, count: random.int(in: 1...4)).map { ($0, nil) }
        case .colorAndSize:
            let colors = run(Vocabulary.colors, count: random.int(in: 1...2))
            let sizes = run(Vocabulary.sizes, count: 2)
            return colors.flatMap { color in sizes.map { ("\(color) / \($0)", nil) } }
        case .weights:
            return run(Vocabulary.weights, count: random.int(in: 1...4)).map { ($0, nil) }
        case .cups:
            return run(Vocabulary.cups, count: random.int(in: 2...3)).map { ($0, nil) }
        case .giftAmounts:
            return Vocabulary.giftAmounts.prefix(random.int(in: 2...4)).map { ($0.0, $0.1) }
        }
    }

    private func makeVariants(
        productID: Int, number: Int, family: DemoCatalogVocabulary.Family, scheme: DemoCatalogVocabulary.VariantScheme,
        basePrice: Int, random: inout SeededGenerator
    ) -> [ShopifyVariant] {
        let titles = variantTitles(scheme: scheme, random: &random)
        let stockRoll = random.int(in: 0..<100)
        let soldOut = stockRoll < 7
        let backorder = !soldOut && (stockRoll < 11 || scheme == .giftAmounts)
        let saleRoll = random.int(in: 0..<100)
        let skuless = random.chance(0.06)
        let weightFactors = [1.0, 2.2, 4.0, 7.5]

        var variants: [ShopifyVariant] = []
        for (offset, (variantTitle, fixedPrice)) in titles.enumerated() {
            var cents = fixedPrice ?? basePrice
            if fixedPrice == nil, basePrice > 0 {
                if scheme == .weights {
                    cents = Self.roundedPrice(Double(basePrice) * weightFactors[min(offset, weightFactors.count - 1)])
                } else if variantTitle.hasSuffix("XL") {
                    cents += 500
                }
            }
            var compareAt: Int?
            if saleRoll < 15, basePrice > 0, offset % 2 == 0 || saleRoll < 8 {
                compareAt = Self.roundedPrice(Double(cents) * (1.2 + Double(saleRoll % 4) * 0.1))
            } else if saleRoll == 15 {
                compareAt = cents  // set but equal: not a sale
            } else if saleRoll == 16, cents > 100 {
                compareAt = cents - 100  // below the price: merchant error, not a sale either
            }

            let quantity: Int
            let policy: ShopifyInventoryPolicy
            if soldOut {
                quantity = 0
                policy = .deny
            } else if backorder {
                quantity = random.chance(0.25) ? -random.int(in: 1...3) : 0
                policy = .continue
            } else {
                quantity = random.chance(0.12) ? 0 : random.int(in: 1...150)
                policy = random.chance(0.05) ? .continue : .deny
            }

            var sku: String? = "\(family.skuPrefix)-\(String(1000 + number).suffix(4))-\(Self.skuCode(variantTitle))"
            if skuless || random.chance(0.05) { sku = nil } else if random.chance(0.01) { sku = "" }

            variants.append(
                ShopifyVariant(
                    id: 45_000_000_000 + number * 10 + offset + 1, productID: productID, position: offset + 1,
                    title: variantTitle, sku: sku, price: ShopifyMoney(cents: cents),
                    compareAtPrice: compareAt.map { ShopifyMoney(cents: $0) }, inventoryQuantity: quantity,
                    inventoryPolicy: policy, availableForSale: quantity > 0 || policy == .continue
                ))
        }
        return variants
    }

    /// Rounds to a shop-like price ending in .90 (or .00 above 100 €).
    private static func roundedPrice(_ cents: Double) -> Int {
        if cents >= 10_000 { return Int((cents / 100).rounded()) * 100 }
        return Int((cents / 100).rounded(.down)) * 100 + 90
    }

    private static func skuCode(_ variantTitle: String) -> String {
        if variantTitle == "Default Title" { return "U" }
        let words = TextFolding.words(of: variantTitle).filter { $0.allSatisfy { $0.isASCII } }
        return words.isEmpty ? "V" : words.joined(separator: "-").uppercased()
    }

    private func makeDescription(title: String, special: Special?, random: inout SeededGenerator) -> String {
        switch special {
        case .scriptDescription:
            return "<p>Offre spéciale&nbsp;!</p><script>alert('xss')</script><p>Quantités limitées.</p>"
        case .imageHandlerDescription:
            return "<p>Voir la photo&nbsp;: <img src=\"x\" onerror=\"alert(1)\"> &lt;b&gt;pas en gras&lt;/b&gt;</p>"
        case .freeSample:
            return "<p>Un échantillon offert, dans la limite des stocks.</p>"
        default:
            break
        }
        if random.chance(0.04) { return "" }
        let escapedTitle = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        let features = random.shuffled(Vocabulary.features).prefix(random.int(in: 2...3))
        let items = features.map { "<li>\($0)</li>" }.joined()
        return "<p><strong>\(escapedTitle)</strong> — \(random.pick(Vocabulary.openings))</p><ul>\(items)</ul>"
            + "<p>Livraison offerte dès 50&nbsp;&euro; d&#39;achat.<br>Retours gratuits sous 30&nbsp;jours.</p>"
    }
}
