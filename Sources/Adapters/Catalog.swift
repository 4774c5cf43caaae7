import Logging
import Plugins

/// What the product list plugin needs from an upstream: categories and products, windowed by
/// iAdvize's offset and limit.
package protocol Catalog: Sendable {
    func categories(_ query: CategoryQuery, logger: Logger) async throws(AdapterError) -> [Category]
    func products(_ query: ProductQuery, logger: Logger) async throws(AdapterError) -> [Product]
}
