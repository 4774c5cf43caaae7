/// The demo shop's category tree: 38 categories, four levels deep at the most (Épicerie fine ›
/// Thé › Thé vert › Matcha), with empty ones, HTML-escaped names (WordPress stores `&` as
/// `&amp;` in term names) and percent-encoded slugs.
enum DemoWooCategories {
    struct Definition {
        let key: String
        let name: String
        let parent: String?
        let description: String
        /// Which products belong; nil for containers that only hold sub-categories.
        let rule: (@Sendable (ShopifyProduct) -> Bool)?
    }

    static let uncategorizedID = 15

    private static func ofType(_ type: String) -> @Sendable (ShopifyProduct) -> Bool { { $0.productType == type } }

    private static func tagged(_ tag: String) -> @Sendable (ShopifyProduct) -> Bool { { $0.tags.contains(tag) } }

    private static func titled(_ text: String) -> @Sendable (ShopifyProduct) -> Bool { { $0.title.contains(text) } }

    static let definitions: [Definition] = [
        Definition(key: "uncategorized", name: "Non classé", parent: nil, description: "", rule: nil),
        Definition(key: "vetements", name: "Vêtements", parent: nil, description: "<p>Pour elle &amp; lui.</p>", rule: nil),
        Definition(key: "femme", name: "Femme", parent: "vetements", description: "", rule: nil),
        Definition(key: "robes", name: "Robes", parent: "femme", description: "Robes d'été et d'hiver.", rule: ofType("Robes")),
        Definition(
            key: "hauts", name: "Hauts", parent: "femme", description: "",
            rule: { ["T-shirts", "Chemises", "Pulls"].contains($0.productType) && $0.tags.contains("femme") }),
        Definition(key: "homme", name: "Homme", parent: "vetements", description: "", rule: nil),
        Definition(key: "chemises", name: "Chemises", parent: "homme", description: "", rule: ofType("Chemises")),
        Definition(
            key: "tshirts", name: "T-shirts", parent: "homme", description: "", rule: { $0.productType == "T-shirts" && $0.tags.contains("homme") }),
        Definition(
            key: "pulls", name: "Pulls &amp; Mailles", parent: "homme", description: "",
            rule: { $0.productType == "Pulls" && $0.tags.contains("hiver") }),
        Definition(key: "pantalons", name: "Pantalons", parent: "vetements", description: "", rule: ofType("Pantalons")),
        Definition(
            key: "vestes", name: "Vestes &amp; Manteaux", parent: "vetements", description: "<p>Imperméables, doudounes…</p>", rule: ofType("Vestes")),
        Definition(key: "nouveautes-2026", name: "Nouveautés 2026", parent: "vetements", description: "Bientôt.", rule: nil),
        Definition(key: "chaussures", name: "Chaussures", parent: nil, description: "", rule: ofType("Chaussures")),
        Definition(key: "epicerie", name: "Épicerie fine", parent: nil, description: "<p>Thés, cafés &amp; douceurs.</p>", rule: nil),
        Definition(key: "the", name: "Thé", parent: "epicerie", description: "", rule: ofType("Thé")),
        Definition(key: "the-vert", name: "Thé vert", parent: "the", description: "", rule: tagged("thé vert")),
        Definition(key: "matcha", name: "Matcha 抹茶", parent: "the-vert", description: "<p>Poudre de thé vert japonaise.</p>", rule: titled("Matcha")),
        Definition(key: "the-noir", name: "Thé noir", parent: "the", description: "", rule: tagged("thé noir")),
        Definition(key: "infusions", name: "Infusions", parent: "the", description: "", rule: tagged("infusion")),
        Definition(key: "cafe", name: "Café", parent: "epicerie", description: "", rule: ofType("Café")),
        Definition(key: "capsules", name: "Capsules", parent: "cafe", description: "", rule: titled("Capsules")),
        Definition(key: "maison", name: "Maison", parent: nil, description: "", rule: nil),
        Definition(key: "cuisine", name: "Cuisine", parent: "maison", description: "", rule: nil),
        Definition(key: "ustensiles", name: "Ustensiles", parent: "cuisine", description: "", rule: ofType("Ustensiles")),
        Definition(key: "vaisselle", name: "Vaisselle", parent: "cuisine", description: "", rule: ofType("Vaisselle")),
        Definition(key: "electromenager", name: "Électroménager", parent: "cuisine", description: "", rule: ofType("Électroménager")),
        Definition(key: "deco", name: "Déco", parent: "maison", description: "", rule: ofType("Déco")),
        Definition(key: "bougies", name: "Bougies", parent: "deco", description: "<p>Parfumées, à la main.</p>", rule: ofType("Bougies")),
        Definition(key: "accessoires", name: "Accessoires", parent: nil, description: "", rule: ofType("Accessoires")),
        Definition(key: "maroquinerie", name: "Maroquinerie", parent: "accessoires", description: "", rule: tagged("cuir")),
        Definition(key: "sport", name: "Sport &amp; Plein air", parent: nil, description: "", rule: ofType("Sport")),
        Definition(key: "velos", name: "Vélos", parent: "sport", description: "", rule: titled("Vélo")),
        Definition(key: "papeterie", name: "Papeterie", parent: nil, description: "", rule: ofType("Papeterie")),
        Definition(key: "cartes-cadeaux", name: "Cartes cadeaux", parent: nil, description: "", rule: ofType("Carte cadeau")),
        Definition(key: "pieces", name: "Pièces détachées", parent: nil, description: "SAV et réparations.", rule: ofType("Pièces détachées")),
        Definition(key: "idees-cadeaux", name: "Idées cadeaux 🎁", parent: nil, description: "", rule: tagged("cadeau")),
        Definition(key: "archives", name: "Archives", parent: nil, description: "", rule: nil),
        Definition(key: "black-friday", name: "Promo &lt;Black Friday&gt; &amp; Co", parent: nil, description: "", rule: nil),
    ]

    /// Term ids: the default category keeps WordPress's 15; two ids were used by terms deleted
    /// since (as in any real shop).
    static let ids: [String: Int] = {
        var ids: [String: Int] = [:]
        var next = 16
        for definition in definitions {
            if definition.key == "uncategorized" {
                ids[definition.key] = uncategorizedID
                continue
            }
            if next == 20 || next == 31 { next += 1 }
            ids[definition.key] = next
            next += 1
        }
        return ids
    }()

    /// The categories a product goes in: the deepest matching ones, sometimes their parent too
    /// (merchants tick both), or "Non classé".
    static func categoryIDs(for product: ShopifyProduct, number: Int) -> [Int] {
        let matching = definitions.filter { $0.rule?(product) ?? false }
        let matchingKeys = Set(matching.map(\.key))
        var keys = matching.filter { definition in
            // Keep a category unless one of its descendants also matched.
            !matching.contains { other in isAncestor(definition.key, of: other.key) }
        }.map(\.key)
        if number % 6 == 0, let first = keys.first, let parent = definitions.first(where: { $0.key == first })?.parent,
            !matchingKeys.contains(parent)
        {
            keys.append(parent)
        }
        let result = keys.compactMap { ids[$0] }
        return result.isEmpty ? [uncategorizedID] : result
    }

    private static func isAncestor(_ candidate: String, of key: String) -> Bool {
        var current = definitions.first { $0.key == key }?.parent
        var steps = 0
        while let parent = current, steps < definitions.count {
            if parent == candidate { return true }
            current = definitions.first { $0.key == parent }?.parent
            steps += 1
        }
        return false
    }
}

/// WordPress's `sanitize_title`: accents removed, lowercase, other punctuation turned into
/// hyphens, remaining non-ASCII letters percent-encoded (`緑茶` → `%e7%b7%91%e8%8c%b6`).
enum WordPressSlug {
    static func make(_ title: String) -> String {
        var slug = ""
        var pendingHyphen = false
        let decoded = HTMLText.plainText(fromHTML: title)
        for character in TextFolding.fold(decoded) {
            if character.isASCII, character.isLetter || character.isNumber {
                if pendingHyphen, !slug.isEmpty { slug.append("-") }
                pendingHyphen = false
                slug.append(character)
            } else if !character.isASCII, character.isLetter || character.isNumber || character.isSymbol {
                if pendingHyphen, !slug.isEmpty { slug.append("-") }
                pendingHyphen = false
                for byte in String(character).utf8 {
                    let hex = String(byte, radix: 16)
                    slug += "%" + (hex.count == 1 ? "0" + hex : hex)
                }
            } else {
                pendingHyphen = true
            }
        }
        return slug
    }
}
