import Mapping

/// A product category as the Desk lists it.
public struct Category: Sendable, Hashable {
    public var id: String
    /// Nil at the top level.
    public var idParent: String?
    public var label: String
    /// Ids of the category's products, when the upstream lists them; usually nil.
    public var products: [String]?
    public var productsCount: Int

    public init(id: String, idParent: String? = nil, label: String, products: [String]? = nil, productsCount: Int) {
        self.id = id
        self.idParent = idParent
        self.label = label
        self.products = products
        self.productsCount = productsCount
    }

    /// Builds a category from the fields an adapter mapped; `id` and `label` are required.
    public init(mapped fields: JSONObject) throws(MappedItemError) {
        let reader = MappedFields(fields)
        id = try reader.requiredString("id")
        idParent = try reader.string("idParent")
        label = try reader.requiredString("label")
        products = try reader.stringArray("products")
        productsCount = try reader.count("productsCount")
    }
}

extension Category: PluginEncodable {
    public func encode(to writer: inout PluginJSONWriter) {
        writer.object { object in
            object.field("id", id)
            object.field("idParent", idParent)
            object.field("label", label)
            object.field("products", products)
            object.field("productsCount", productsCount)
        }
    }
}
