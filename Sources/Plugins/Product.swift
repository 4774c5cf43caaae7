import Mapping

/// A product as the Desk shows it; prices are display strings such as `"99.90 €"`.
///
/// Types follow the seed's examples: `available` is always a Boolean (false when the shop does not
/// say), the optional texts (`brand`, `shortDescription`, `reference`, `pricePromotion`,
/// `priceSpecial`) are null when the shop has no value, and the texts iAdvize requires
/// (`productUrl`, `description`, `imageUrl`, `priceCatalog`) are `""` then. Links follow `WebLink`.
public struct Product: Sendable, Hashable {
    package var id: String
    package var title: String
    package var productUrl: String
    package var brand: String?
    package var description: String
    package var shortDescription: String?
    package var available: Bool
    package var imageUrl: String
    package var reference: String?
    package var priceCatalog: String
    package var pricePromotion: String?
    package var priceSpecial: String?

    package init(
        id: String, title: String, productUrl: String, brand: String? = nil, description: String,
        shortDescription: String? = nil, available: Bool = false, imageUrl: String, reference: String?,
        priceCatalog: String, pricePromotion: String? = nil, priceSpecial: String? = nil
    ) {
        self.id = id
        self.title = title
        self.productUrl = productUrl
        self.brand = brand
        self.description = description
        self.shortDescription = shortDescription
        self.available = available
        self.imageUrl = imageUrl
        self.reference = reference
        self.priceCatalog = priceCatalog
        self.pricePromotion = pricePromotion
        self.priceSpecial = priceSpecial
    }

    /// Builds a product from the fields an adapter mapped. `id` and `title` are required; the other
    /// fields iAdvize requires become "" when the upstream has no value, so the key is always present;
    /// an empty or blank optional text is no value (null); a link that is not usable is dropped.
    package init(mapped fields: JSONObject) throws(MappedItemError) {
        let reader = MappedFields(fields)
        id = try reader.requiredString("id")
        title = try reader.requiredString("title")
        productUrl = try reader.string("productUrl").flatMap(WebLink.usable) ?? ""
        brand = try reader.string("brand")?.valueOrNil
        description = try reader.string("description") ?? ""
        shortDescription = try reader.string("shortDescription")?.valueOrNil
        available = try reader.bool("available") ?? false
        imageUrl = try reader.string("imageUrl").flatMap(WebLink.usable) ?? ""
        reference = try reader.string("reference")?.valueOrNil
        priceCatalog = try reader.string("priceCatalog") ?? ""
        pricePromotion = try reader.string("pricePromotion")?.valueOrNil
        priceSpecial = try reader.string("priceSpecial")?.valueOrNil
    }
}

extension Product: PluginEncodable {
    public func encode(to writer: inout PluginJSONWriter) {
        writer.object { object in
            object.field("id", id)
            object.field("title", title)
            object.field("productUrl", WebLink.usable(productUrl) ?? "")
            object.field("brand", brand?.valueOrNil)
            object.field("description", description)
            object.field("shortDescription", shortDescription?.valueOrNil)
            object.field("available", available)
            object.field("imageUrl", WebLink.usable(imageUrl) ?? "")
            object.field("reference", reference?.valueOrNil)
            object.field("priceCatalog", priceCatalog)
            object.field("pricePromotion", pricePromotion?.valueOrNil)
            object.field("priceSpecial", priceSpecial?.valueOrNil)
        }
    }
}

extension String {
    /// Nil for an empty or blank text: what the contract's optional fields send as `null`.
    var valueOrNil: String? {
        unicodeScalars.allSatisfy(\.properties.isWhitespace) ? nil : self
    }
}
