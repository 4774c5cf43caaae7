/// The raw material of the demo catalog: product families, qualifiers and description phrases.
/// Kept apart from the generator so the data can grow without touching the algorithm.
enum DemoCatalogVocabulary {
    /// How a family's variants are named.
    enum VariantScheme {
        case single
        case sizes
        case shoeSizes
        case colors
        case colorAndSize
        case weights
        case cups
        case giftAmounts
    }

    /// A product family: demo products are drawn from these, with qualifiers added to repeats.
    struct Family {
        let title: String
        let productType: String
        let vendors: [String]
        let tags: [String]
        /// Base prices in cents; one is drawn per product.
        let prices: [Int]
        let scheme: VariantScheme
        let skuPrefix: String
    }

    static let families: [Family] = [
        Family(
            title: "Robe d'été à fleurs", productType: "Robes", vendors: ["Maison Lumière", "Atelier Nord"], tags: ["femme", "robe", "été"],
            prices: [4990, 5990, 7900], scheme: .sizes, skuPrefix: "RDF"),
        Family(
            title: "Robe longue en lin", productType: "Robes", vendors: ["Maison Lumière"], tags: ["femme", "lin", "robe", "été"],
            prices: [8900, 9900], scheme: .sizes, skuPrefix: "RLL"),
        Family(
            title: "Red Dress", productType: "Robes", vendors: ["Urban Thread"], tags: ["dress", "femme", "robe"], prices: [3990, 4500],
            scheme: .sizes, skuPrefix: "RED"),
        Family(
            title: "T-shirt Classique", productType: "T-shirts", vendors: ["Atelier Nord", "Basics & Co"], tags: ["basique", "femme", "homme"],
            prices: [1990, 2490, 2990], scheme: .colorAndSize, skuPrefix: "TSC"),
        Family(
            title: "T-shirt bio col rond", productType: "T-shirts", vendors: ["Basics & Co"], tags: ["bio", "homme"], prices: [2490, 2990],
            scheme: .sizes, skuPrefix: "TSB"),
        Family(
            title: "Chemise Oxford", productType: "Chemises", vendors: ["Atelier Nord"], tags: ["bureau", "homme"], prices: [5490, 6900],
            scheme: .sizes, skuPrefix: "CHO"),
        Family(
            title: "Linen Shirt", productType: "Chemises", vendors: ["Urban Thread"], tags: ["homme", "lin", "été"], prices: [4900], scheme: .sizes,
            skuPrefix: "LSH"),
        Family(
            title: "Pull en laine mérinos", productType: "Pulls", vendors: ["Maison Lumière"], tags: ["hiver", "laine", "femme"],
            prices: [8900, 11900], scheme: .sizes, skuPrefix: "PLM"),
        Family(
            title: "Écharpe en cachemire", productType: "Accessoires", vendors: ["Maison Lumière"], tags: ["cadeau", "hiver"],
            prices: [12900, 14900], scheme: .colors, skuPrefix: "ECC"),
        Family(
            title: "Wool Beanie", productType: "Accessoires", vendors: ["Urban Thread"], tags: ["hiver", "homme"], prices: [1990, 2490],
            scheme: .colors, skuPrefix: "WBE"),
        Family(
            title: "Chaussettes rayées", productType: "Accessoires", vendors: ["Basics & Co"], tags: ["cadeau"], prices: [990, 1290], scheme: .colors,
            skuPrefix: "CHR"),
        Family(
            title: "Casquette brodée", productType: "Accessoires", vendors: ["Urban Thread"], tags: ["été", "homme"], prices: [2490], scheme: .colors,
            skuPrefix: "CAB"),
        Family(
            title: "Jean droit brut", productType: "Pantalons", vendors: ["Atelier Nord"], tags: ["denim", "homme"], prices: [7990, 8990],
            scheme: .sizes, skuPrefix: "JDB"),
        Family(
            title: "Veste imperméable", productType: "Vestes", vendors: ["Nordkap Outdoor"], tags: ["hiver", "outdoor"],
            prices: [12900, 15900, 18900], scheme: .colorAndSize, skuPrefix: "VIM"),
        Family(
            title: "Baskets en toile", productType: "Chaussures", vendors: ["Urban Thread"], tags: ["été"], prices: [5900, 6900], scheme: .shoeSizes,
            skuPrefix: "BET"),
        Family(
            title: "Running Shoes", productType: "Chaussures", vendors: ["Nordkap Outdoor"], tags: ["running", "sport"], prices: [9900, 12900],
            scheme: .shoeSizes, skuPrefix: "RUN"),
        Family(
            title: "Grüner Tee 緑茶", productType: "Thé", vendors: ["Teehaus Müller"], tags: ["bio", "japon", "thé vert"], prices: [890, 1290, 1990],
            scheme: .weights, skuPrefix: "GTE"),
        Family(
            title: "抹茶 Matcha Premium", productType: "Thé", vendors: ["Kyoto Tea Works"], tags: ["bestseller", "japon", "thé vert"],
            prices: [2490, 3490], scheme: .weights, skuPrefix: "MAT"),
        Family(
            title: "煎茶 Sencha du Japon", productType: "Thé", vendors: ["Kyoto Tea Works"], tags: ["japon", "thé vert"], prices: [1490],
            scheme: .weights, skuPrefix: "SEN"),
        Family(
            title: "Kräutertee Bio Abendruhe", productType: "Thé", vendors: ["Teehaus Müller"], tags: ["bio", "infusion"], prices: [690, 890],
            scheme: .weights, skuPrefix: "KTB"),
        Family(
            title: "Schwarzer Tee Assam", productType: "Thé", vendors: ["Teehaus Müller"], tags: ["thé noir"], prices: [790, 990], scheme: .weights,
            skuPrefix: "STA"),
        Family(
            title: "Thé noir Earl Grey « Bergamote »", productType: "Thé", vendors: ["Maison des Thés"], tags: ["bestseller", "thé noir"],
            prices: [1090], scheme: .weights, skuPrefix: "TEG"),
        Family(
            title: "Infusion Verveine–Menthe", productType: "Thé", vendors: ["Maison des Thés"], tags: ["bio", "infusion"], prices: [650],
            scheme: .weights, skuPrefix: "IVM"),
        Family(
            title: "Tasse Café ☕", productType: "Vaisselle", vendors: ["Céramiques du Sud"], tags: ["cadeau", "café"], prices: [1290, 1490],
            scheme: .colors, skuPrefix: "TAC"),
        Family(
            title: "Café grains Éthiopie Yirgacheffe", productType: "Café", vendors: ["Torréfaction Dupont"], tags: ["bio", "café"],
            prices: [1190, 1490, 2790], scheme: .weights, skuPrefix: "CGE"),
        Family(
            title: "Café moulu Colombie", productType: "Café", vendors: ["Torréfaction Dupont"], tags: ["café"], prices: [990], scheme: .weights,
            skuPrefix: "CMC"),
        Family(
            title: "Capsules Espresso ×10", productType: "Café", vendors: ["Torréfaction Dupont"], tags: ["bestseller", "café"], prices: [390, 450],
            scheme: .single, skuPrefix: "CAP"),
        Family(
            title: "Machine espresso Pro", productType: "Électroménager", vendors: ["Bellacasa"], tags: ["cuisine", "café"], prices: [89900, 124900],
            scheme: .colors, skuPrefix: "MEP"),
        Family(
            title: "Moulin à café manuel", productType: "Ustensiles", vendors: ["Bellacasa"], tags: ["cuisine", "café"], prices: [4900, 5900],
            scheme: .single, skuPrefix: "MCM"),
        Family(
            title: "Cafetière italienne", productType: "Ustensiles", vendors: ["Bellacasa"], tags: ["cuisine", "café"], prices: [2990, 3490],
            scheme: .cups, skuPrefix: "CIT"),
        Family(
            title: "Théière en fonte 日本", productType: "Ustensiles", vendors: ["Kyoto Tea Works"], tags: ["cadeau", "japon", "thé"],
            prices: [4990, 6990], scheme: .colors, skuPrefix: "THF"),
        Family(
            title: "Bol à thé 茶碗", productType: "Vaisselle", vendors: ["Kyoto Tea Works"], tags: ["japon", "thé"], prices: [2290], scheme: .single,
            skuPrefix: "BOL"),
        Family(
            title: "Mug émaillé", productType: "Vaisselle", vendors: ["Nordkap Outdoor"], tags: ["café", "outdoor"], prices: [1490], scheme: .colors,
            skuPrefix: "MUE"),
        Family(
            title: "Ceramic Mug", productType: "Vaisselle", vendors: ["Céramiques du Sud"], tags: ["café"], prices: [1690], scheme: .colors,
            skuPrefix: "CMU"),
        Family(
            title: "Planche à découper en chêne", productType: "Ustensiles", vendors: ["Atelier Bois & Fer"], tags: ["cuisine"],
            prices: [3490, 4490], scheme: .single, skuPrefix: "PDC"),
        Family(
            title: "Couteau de chef 20 cm", productType: "Ustensiles", vendors: ["Atelier Bois & Fer"], tags: ["bestseller", "cuisine"],
            prices: [8900, 12900], scheme: .single, skuPrefix: "CDC"),
        Family(
            title: "Poêle en fonte 28 cm", productType: "Ustensiles", vendors: ["Atelier Bois & Fer"], tags: ["cuisine"], prices: [5900],
            scheme: .single, skuPrefix: "PEF"),
        Family(
            title: "Sel & Poivre — duo de moulins", productType: "Ustensiles", vendors: ["Bellacasa"], tags: ["cadeau", "cuisine"], prices: [3900],
            scheme: .single, skuPrefix: "SEP"),
        Family(
            title: "Bougie parfumée 🕯️ Figue", productType: "Bougies", vendors: ["Maison Lumière"], tags: ["cadeau", "déco"], prices: [2490, 3290],
            scheme: .single, skuPrefix: "BPF"),
        Family(
            title: "Bougie <3 Amour", productType: "Bougies", vendors: ["Maison Lumière"], tags: ["cadeau", "déco"], prices: [1990], scheme: .single,
            skuPrefix: "BAM"),
        Family(
            title: "Plaid en laine", productType: "Déco", vendors: ["Maison Lumière"], tags: ["déco", "hiver"], prices: [6900], scheme: .colors,
            skuPrefix: "PEL"),
        Family(
            title: "Coussin brodé", productType: "Déco", vendors: ["Atelier Nord"], tags: ["déco"], prices: [2990], scheme: .colors, skuPrefix: "COB"),
        Family(
            title: "Carnet A5 pointillé", productType: "Papeterie", vendors: ["Papeterie Moderne"], tags: ["bureau"], prices: [990, 1290],
            scheme: .colors, skuPrefix: "CA5"),
        Family(
            title: "Stylo plume « Élégance »", productType: "Papeterie", vendors: ["Papeterie Moderne"], tags: ["bureau", "cadeau"],
            prices: [3490, 4900], scheme: .colors, skuPrefix: "SPE"),
        Family(
            title: "Tapis de yoga", productType: "Sport", vendors: ["Nordkap Outdoor"], tags: ["sport", "yoga"], prices: [3490], scheme: .colors,
            skuPrefix: "TDY"),
        Family(
            title: "Water Bottle 750 ml", productType: "Sport", vendors: ["Nordkap Outdoor"], tags: ["outdoor", "sport"], prices: [1990],
            scheme: .colors, skuPrefix: "WAB"),
        Family(
            title: "Vélo électrique urbain", productType: "Sport", vendors: ["Velocita"], tags: ["sport", "ville"], prices: [124900, 149900],
            scheme: .sizes, skuPrefix: "VEU"),
        Family(
            title: "Sac à dos urbain", productType: "Accessoires", vendors: ["Urban Thread"], tags: ["ville"], prices: [6900, 7900], scheme: .colors,
            skuPrefix: "SDU"),
        Family(
            title: "Portefeuille cuir", productType: "Accessoires", vendors: ["Atelier Bois & Fer"], tags: ["cadeau", "cuir", "homme"],
            prices: [4900], scheme: .colors, skuPrefix: "PFC"),
        Family(
            title: "Lunettes de soleil 😎", productType: "Accessoires", vendors: ["Urban Thread"], tags: ["été"], prices: [5900, 8900],
            scheme: .colors, skuPrefix: "LDS"),
        Family(
            title: "Montre automatique", productType: "Accessoires", vendors: ["Horlogerie Jura"], tags: ["cadeau", "homme"], prices: [24900, 39900],
            scheme: .single, skuPrefix: "MOA"),
        Family(
            title: "Lot de 3 chiffons microfibre", productType: "Divers", vendors: ["Basics & Co"], tags: [], prices: [790], scheme: .single,
            skuPrefix: "LCM"),
        Family(
            title: "Joint de cafetière (pièce détachée)", productType: "Pièces détachées", vendors: ["Bellacasa"], tags: ["sav"], prices: [50, 350],
            scheme: .single, skuPrefix: "JDC"),
        Family(
            title: "Carte cadeau 🎁", productType: "Carte cadeau", vendors: ["DeskBridge Demo"], tags: ["cadeau"], prices: [2500],
            scheme: .giftAmounts, skuPrefix: "GIFT"),
    ]

    /// Added to repeated family titles so products differ.
    static let qualifiers = [
        "Rouge", "Bleu marine", "Vert sauge", "Noir", "Blanc cassé", "Jaune moutarde", "Rose poudré",
        "Gris chiné", "Édition limitée", "Collection 2025", "Édition Noël 🎄", "Lot de 2", "Grand format",
        "Petit format", "Version 2", "Édition été", "Hiver 2024", "Größe XXL", "限定版", "Naturel",
    ]

    static let sizes = ["XS", "S", "M", "L", "XL"]
    static let shoeSizes = ["38", "39", "40", "41", "42", "43", "44"]
    static let colors = ["Rouge", "Bleu", "Vert", "Noir", "Blanc", "Écru"]
    static let weights = ["100 g", "250 g", "500 g", "1 kg"]
    static let cups = ["3 tasses", "6 tasses", "9 tasses"]
    static let giftAmounts = [("25 €", 2500), ("50 €", 5000), ("100 €", 10000), ("200 €", 20000)]

    static let openings = [
        "Un classique revisité, pensé pour durer.",
        "Fabriqué avec soin par nos artisans partenaires.",
        "Notre best-seller, enfin de retour en stock&nbsp;!",
        "Léger, pratique &amp; élégant.",
        "Une pièce « coup de cœur » de l&#39;équipe.",
        "Sélectionné pour sa qualité exceptionnelle &ndash; testé pendant 6&nbsp;mois.",
        "Grüße aus unserer Manufaktur: sorgfältig verarbeitet.",
        "Designed in Paris, made to last.",
    ]

    static let features = [
        "Matière&nbsp;: 100&nbsp;% coton biologique", "Lavable en machine à 30&nbsp;°C",
        "Garantie 2&nbsp;ans", "Emballage recyclable", "Fabriqué en France 🇫🇷", "Dimensions&nbsp;: 20 &times; 30 cm",
        "Compatible lave-vaisselle", "Origine&nbsp;: Japon (静岡)", "Certifié commerce équitable",
        "Livré avec sa pochette &laquo;&nbsp;cadeau&nbsp;&raquo;", "Poids&nbsp;: 250&nbsp;g",
    ]

    static let longTitle =
        "Ensemble de table « Provence » : nappe en lin lavé 160 × 250 cm, huit serviettes assorties, chemin de table brodé main et ronds de serviette en bois d'olivier — édition artisanale numérotée, fabriquée en France"

    static let imageSizes = [(2048, 2048), (1200, 1600), (800, 800), (1920, 1080), (1000, 1500)]
}
