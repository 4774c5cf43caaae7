import Logging
import Plugins

/// What the product list plugin needs from an upstream: categories and products, windowed by
/// iAdvize's offset and limit.
package protocol Catalog: Sendable {
    func categories(_ query: CategoryQuery, logger: Logger) async throws(AdapterError) -> [Category]
    func products(_ query: ProductQuery, logger: Logger) async throws(AdapterError) -> [Product]
    /// Refuses, before any upstream call, a category id the upstream cannot have (a 400 naming
    /// the parameter): `..%2Fadmin` is the caller's mistake, not the shop's.
    func checkIdentifiers(_ query: CategoryQuery) throws(ParameterError)
    func checkIdentifiers(_ query: ProductQuery) throws(ParameterError)
    /// Everything `categories(query)`'s answer depends on besides the catalog itself, as text: two
    /// queries with the same parts get the same answer (the plugin-answer cache's key).
    func answerKeyParts(_ query: CategoryQuery) -> [String]
    /// The same for `products(query)`.
    func answerKeyParts(_ query: ProductQuery) -> [String]
}

extension Catalog {
    /// A catalog that does not declare the shape of its ids takes any.
    package func checkIdentifiers(_ query: CategoryQuery) throws(ParameterError) {}
    package func checkIdentifiers(_ query: ProductQuery) throws(ParameterError) {}
}

extension Catalog {
    /// A catalog that does not say what it reads depends on every parameter of the call.
    package func answerKeyParts(_ query: CategoryQuery) -> [String] {
        CallParameterValues.categories(query).keyParts { _ in true }
    }

    package func answerKeyParts(_ query: ProductQuery) -> [String] {
        CallParameterValues.products(query).keyParts { _ in true }
    }
}
