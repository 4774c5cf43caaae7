import Mapping

/// A product category as the Desk lists it.
package struct Category: Sendable, Hashable {
    package var id: String
    /// Nil at the top level.
    package var idParent: String?
    package var label: String
    /// Ids of the category's products, when the upstream lists them; usually nil.
    package var products: [String]?
    package var productsCount: Int

    package init(id: String, idParent: String? = nil, label: String, products: [String]? = nil, productsCount: Int) {
        self.id = id
        self.idParent = idParent
        self.label = label
        self.products = products
        self.productsCount = productsCount
    }

    /// Builds a category from the fields an adapter mapped; `id` and `label` are required.
    package init(mapped fields: JSONObject) throws(MappedItemError) {
        let reader = MappedFields(fields)
        id = try reader.requiredString("id")
        idParent = try reader.string("idParent")
        label = try reader.requiredString("label")
        products = try reader.stringArray("products")
        productsCount = try reader.count("productsCount")
    }
}

extension Category: PluginEncodable {
    package func encode(to writer: inout PluginJSONWriter) {
        writer.object { object in
            object.field("id", id)
            object.field("idParent", idParent)
            object.field("label", label)
            object.field("products", products)
            object.field("productsCount", productsCount)
        }
    }
}
