import Foundation

extension ShopifyProduct {
    /// The product's options (`Taille`, `Couleur`…) with their values in variant order, read
    /// from the variant titles (`Rouge / M`); a single `Default Title` variant gives
    /// Shopify's implicit `Title` option.
    var options: [(name: String, values: [String])] {
        let parts = variants.map { $0.title.components(separatedBy: " / ") }
        let width = parts.map(\.count).max() ?? 0
        return (0..<width).map { position in
            var values: [String] = []
            for part in parts where position < part.count && !values.contains(part[position]) { values.append(part[position]) }
            return (Self.optionName(for: values), values)
        }
    }

    /// The option names the demo merchant uses, guessed from the values.
    static func optionName(for values: [String]) -> String {
        let vocabulary = DemoCatalogVocabulary.self
        if values == ["Default Title"] { return "Title" }
        if values.allSatisfy({ vocabulary.sizes.contains($0) || vocabulary.shoeSizes.contains($0) }) { return "Taille" }
        if values.allSatisfy(vocabulary.colors.contains) { return "Couleur" }
        if values.allSatisfy(vocabulary.weights.contains) { return "Poids" }
        if values.allSatisfy(vocabulary.cups.contains) { return "Contenance" }
        return "Montant"
    }
}
