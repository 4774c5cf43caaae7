import Foundation
import GatewayConfig
import Plugins

extension ProductOffer {
    /// The offer showing a catalog product, or nil when iAdvize could not show it: no product page
    /// (the offer's link is required), or no price.
    init?(product: Product, linkName: String) {
        let url = product.productUrl.trimmingCharacters(in: .whitespacesAndNewlines)
        guard Self.isWebURL(url) else { return nil }
        let name = Self.singleLine(product.title)
        guard !name.isEmpty else { return nil }
        let catalogPrice = Self.nonEmpty(product.priceCatalog)
        let promotion = Self.nonEmpty(product.pricePromotion)
        guard let price = catalogPrice ?? promotion ?? Self.nonEmpty(product.priceSpecial) else { return nil }
        let image = product.imageUrl.trimmingCharacters(in: .whitespacesAndNewlines)
        let description = Self.nonEmpty(product.shortDescription) ?? Self.nonEmpty(product.description)
        self.init(
            name: MessageText.cut(name, to: MessageText.productNameLimit),
            price: MessageText.cut(price, to: MessageText.labelLimit),
            offerPrice: promotion.flatMap { $0 == price ? nil : MessageText.cut($0, to: MessageText.labelLimit) },
            description: description.map { MessageText.cut(Self.singleLine($0), to: MessageText.productDescriptionLimit) },
            imageURL: Self.isWebURL(image) ? image : nil,
            available: product.available,
            url: url,
            linkName: linkName)
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// Whitespace runs (newlines included) as single spaces, control characters removed.
    private static func singleLine(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in text {
            if character.isWhitespace {
                pendingSpace = !result.isEmpty
            } else if !(character.unicodeScalars.first?.properties.generalCategory == .control) {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }

    private static func isWebURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return (lower.hasPrefix("https://") || lower.hasPrefix("http://")) && text.count > 8
            && !text.contains(where: { $0.isWhitespace })
    }
}
