import Adapters
import Logging
import Plugins

/// Each plugin's answer for a tenant, encoded as the Desk receives it: one place for the routes and
/// `deskbridge try`, so that what `try` shows is what the Desk gets (less the plugin-answer cache).
extension Snapshot.Tenant {
    public func categoriesAnswer(_ query: CategoryQuery, logger: Logger) async throws -> [UInt8] {
        PluginJSONWriter.encode(try await catalog.categories(query, logger: logger))
    }

    public func productsAnswer(_ query: ProductQuery, logger: Logger) async throws -> [UInt8] {
        PluginJSONWriter.encode(try await catalog.products(query, logger: logger))
    }

    public func customerAnswer(_ query: CustomerQuery, logger: Logger) async throws -> [UInt8] {
        guard let customers else { throw AdapterError.unsupported(operation: "customer") }
        return PluginJSONWriter.encode(try await customers.customer(query, logger: logger))
    }

    public func closingFormAnswer(_ query: ClosingFormQuery, logger: Logger) async throws -> [UInt8] {
        guard let closingForm else { throw AdapterError.unsupported(operation: "closing-form") }
        let fields = await ClosingFormBuilder(form: closingForm, options: options, logger: logger)
            .fields(language: Language(locale: query.operatorLocale))
        return PluginJSONWriter.encode(fields)
    }
}
