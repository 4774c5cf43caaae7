/// The 24 demo collections: most follow a rule (a product type, a tag), a few are hand-picked and
/// three are empty. Members include drafts, as in a real store; the order is the collection's own.
enum DemoCollections {
    private enum Order {
        case shuffled
        case newestFirst
        case biggestDiscountFirst
    }

    private struct Definition {
        let title: String
        let descriptionHtml: String
        let order: Order
        let rule: @Sendable (ShopifyProduct) -> Bool
        /// How the merchant wrote the rule in Shopify's admin; empty for hand-picked collections.
        var smartRules: [ShopifyCollectionRule] = []

        init(title: String, descriptionHtml: String, order: Order, rule: @escaping @Sendable (ShopifyProduct) -> Bool) {
            self.title = title
            self.descriptionHtml = descriptionHtml
            self.order = order
            self.rule = rule
        }

        init(title: String, descriptionHtml: String, order: Order, smart: [ShopifyCollectionRule], rule: @escaping @Sendable (ShopifyProduct) -> Bool)
        {
            self.init(title: title, descriptionHtml: descriptionHtml, order: order, rule: rule)
            smartRules = smart
        }

        init(title: String, descriptionHtml: String, order: Order, rule: (test: @Sendable (ShopifyProduct) -> Bool, smart: [ShopifyCollectionRule])) {
            self.init(title: title, descriptionHtml: descriptionHtml, order: order, rule: rule.test)
            smartRules = rule.smart
        }
    }

    private static func ofType(_ types: String...) -> (test: @Sendable (ShopifyProduct) -> Bool, smart: [ShopifyCollectionRule]) {
        ({ types.contains($0.productType) }, types.map { ShopifyCollectionRule(column: "type", relation: "equals", condition: $0) })
    }

    private static func taggedWith(_ tags: String...) -> (test: @Sendable (ShopifyProduct) -> Bool, smart: [ShopifyCollectionRule]) {
        (
            { product in tags.contains { product.tags.contains($0) } },
            tags.map { ShopifyCollectionRule(column: "tag", relation: "equals", condition: $0) }
        )
    }

    private static func rule(_ column: String, _ relation: String, _ condition: String) -> ShopifyCollectionRule {
        ShopifyCollectionRule(column: column, relation: relation, condition: condition)
    }

    private static let definitions: [Definition] = [
        Definition(title: "Robes", descriptionHtml: "<p>Toutes nos robes, de l&#39;été à l&#39;hiver.</p>", order: .shuffled, rule: ofType("Robes")),
        Definition(
            title: "T-shirts & Hauts", descriptionHtml: "<p>T-shirts, chemises &amp; pulls.</p>", order: .shuffled,
            rule: ofType("T-shirts", "Chemises", "Pulls")),
        Definition(
            title: "Thé & Infusions 🍵", descriptionHtml: "<p>Thés verts, noirs et infusions <em>bio</em>.</p>", order: .shuffled, rule: ofType("Thé")),
        Definition(title: "Café ☕", descriptionHtml: "<p>Grains, moulu, capsules.</p>", order: .shuffled, rule: ofType("Café")),
        Definition(title: "Cuisine", descriptionHtml: "", order: .shuffled, rule: ofType("Ustensiles", "Vaisselle", "Électroménager")),
        Definition(
            title: "Accessoires", descriptionHtml: "<p>Les petits détails qui changent tout.</p>", order: .shuffled, rule: ofType("Accessoires")),
        Definition(
            title: "Soldes", descriptionHtml: "<p><strong>Jusqu&#39;à -40&nbsp;%</strong></p>", order: .biggestDiscountFirst,
            smart: [rule("is_price_reduced", "is_set", "")], rule: { $0.isOnSale }),
        Definition(title: "Nouveautés", descriptionHtml: "<p>Les derniers arrivés.</p>", order: .newestFirst, rule: taggedWith("nouveauté")),
        Definition(
            title: "Cadeaux 🎁", descriptionHtml: "<p>Idées cadeaux pour toutes les occasions.</p>", order: .shuffled, rule: taggedWith("cadeau")),
        Definition(
            title: "Grüne Küche", descriptionHtml: "<p>Bio &amp; nachhaltig.</p>", order: .shuffled,
            smart: [rule("vendor", "equals", "Teehaus Müller"), rule("tag", "equals", "bio")],
            rule: { $0.vendor == "Teehaus Müller" || $0.tags.contains("bio") }),
        Definition(title: "日本の茶器", descriptionHtml: "<p>Thés et objets venus du Japon.</p>", order: .shuffled, rule: taggedWith("japon")),
        Definition(title: "Été 2025", descriptionHtml: "<p>Soleil, lin et couleurs.</p>", order: .shuffled, rule: taggedWith("été")),
        Definition(title: "Hiver", descriptionHtml: "<p>Au chaud.</p>", order: .shuffled, rule: taggedWith("hiver")),
        Definition(title: "Bestsellers", descriptionHtml: "<p>Vos préférés.</p>", order: .shuffled, rule: taggedWith("bestseller")),
        Definition(title: "Homme", descriptionHtml: "", order: .shuffled, rule: taggedWith("homme")),
        Definition(title: "Femme", descriptionHtml: "", order: .shuffled, rule: taggedWith("femme")),
        Definition(title: "Maison & Déco", descriptionHtml: "<p>Bougies, plaids, coussins.</p>", order: .shuffled, rule: ofType("Bougies", "Déco")),
        Definition(title: "Sport", descriptionHtml: "<p>Bougez&nbsp;!</p>", order: .shuffled, rule: ofType("Sport")),
        Definition(title: "Papeterie", descriptionHtml: "<p>Carnets &amp; stylos.</p>", order: .shuffled, rule: ofType("Papeterie")),
        Definition(
            title: "Épuisés (archive)", descriptionHtml: "<p>Produits épuisés, gardés pour mémoire.</p>", order: .shuffled,
            smart: [rule("variant_inventory", "less_than", "1")], rule: { $0.isSoldOut }),
        Definition(
            title: "Sélection du chef", descriptionHtml: "<p>Choisis à la main par notre équipe.</p>", order: .shuffled,
            rule: { product in
                product.id % 37 == 0 || product.id % 41 == 0
            }),
        Definition(title: "Hiver 2026 (bientôt)", descriptionHtml: "<p>Bientôt disponible.</p>", order: .shuffled, rule: { _ in false }),
        Definition(title: "Collection vide", descriptionHtml: "", order: .shuffled, rule: { _ in false }),
        Definition(
            title: "Promo <Black Friday> & Co", descriptionHtml: "<p>&lt;Black Friday&gt; arrive.</p>", order: .shuffled, rule: { _ in false }),
    ]

    static let firstCollectionID = 410_000_000_000

    static func make(from products: [ShopifyProduct]) -> [ShopifyCollection] {
        definitions.enumerated().map { offset, definition in
            let number = offset + 1
            var random = SeededGenerator(seed: 0xC011_EC71_0000 &+ UInt64(number))
            let members = products.filter(definition.rule)
            let ordered: [ShopifyProduct]
            switch definition.order {
            case .shuffled:
                ordered = random.shuffled(members)
            case .newestFirst:
                ordered = members.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
            case .biggestDiscountFirst:
                func discount(_ product: ShopifyProduct) -> Int {
                    product.variants.map { ($0.compareAtPrice?.cents ?? $0.price.cents) - $0.price.cents }.max() ?? 0
                }
                ordered = members.sorted { (discount($0), -$0.id) > (discount($1), -$1.id) }
            }
            let handle = TextFolding.handle(from: definition.title)
            let image: ShopifyImage? =
                number % 3 == 0
                ? nil
                : ShopifyImage(
                    id: 29_000_000_000 + number, kind: "CollectionImage",
                    url: "https://cdn.shopify.com/s/files/1/0712/3456/7890/collections/collection-\(number).jpg?v=\(1_695_000_000 + number)",
                    altText: number % 2 == 0 ? definition.title : nil, width: 1600, height: 900
                )
            return ShopifyCollection(
                id: firstCollectionID + number, title: definition.title, handle: handle,
                descriptionHtml: definition.descriptionHtml, productIDs: ordered.map(\.id), image: image,
                updatedAt: ISOTimestamp.string(fromUnixTime: 1_704_067_200 + number * 86_400 * 9),
                rules: definition.smartRules, disjunctive: definition.smartRules.count > 1
            )
        }
    }
}
