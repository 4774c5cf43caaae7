import Mapping

/// A product as the Desk shows it; prices are display strings such as `"99.90 €"`.
public struct Product: Sendable, Hashable {
    public var id: String
    public var title: String
    public var productUrl: String
    public var brand: String?
    public var description: String
    public var shortDescription: String?
    public var available: Bool?
    public var imageUrl: String
    public var reference: String
    public var priceCatalog: String
    public var pricePromotion: String?
    public var priceSpecial: String?

    public init(
        id: String, title: String, productUrl: String, brand: String? = nil, description: String,
        shortDescription: String? = nil, available: Bool? = nil, imageUrl: String, reference: String,
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
    /// fields iAdvize requires become "" when the upstream has no value, so the key is always present.
    public init(mapped fields: JSONObject) throws(MappedItemError) {
        let reader = MappedFields(fields)
        id = try reader.requiredString("id")
        title = try reader.requiredString("title")
        productUrl = try reader.string("productUrl") ?? ""
        brand = try reader.string("brand")
        description = try reader.string("description") ?? ""
        shortDescription = try reader.string("shortDescription")
        available = try reader.bool("available")
        imageUrl = try reader.string("imageUrl") ?? ""
        reference = try reader.string("reference") ?? ""
        priceCatalog = try reader.string("priceCatalog") ?? ""
        pricePromotion = try reader.string("pricePromotion")
        priceSpecial = try reader.string("priceSpecial")
    }
}

extension Product: PluginEncodable {
    public func encode(to writer: inout PluginJSONWriter) {
        writer.object { object in
            object.field("id", id)
            object.field("title", title)
            object.field("productUrl", productUrl)
            object.field("brand", brand)
            object.field("description", description)
            object.field("shortDescription", shortDescription)
            object.field("available", available)
            object.field("imageUrl", imageUrl)
            object.field("reference", reference)
            object.field("priceCatalog", priceCatalog)
            object.field("pricePromotion", pricePromotion)
            object.field("priceSpecial", priceSpecial)
        }
    }
}
