import Adapters
import Logging
import NIOCore
import Plugins

/// A plugin's answer, encoded as the Desk receives it, with what it was built from.
package struct PluginAnswer: Sendable {
    package var body: [UInt8]
    /// Nil when every upstream answer behind it was fresh; else the most degraded stand-in
    /// (`stale` while revalidating, `stale-if-error`).
    package var staleness: UpstreamCallLog.CacheOutcome?

    /// Runs `build` with a call log of its own (whose entries reach the request's log, for logs and
    /// metrics), so the answer leaves with its freshness as a value, whoever asked for it.
    static func built(_ build: () async throws -> [UInt8]) async throws -> PluginAnswer {
        let log = UpstreamCallLog(within: UpstreamCallLog.current)
        let body = try await UpstreamCallLog.$current.withValue(log) { try await build() }
        return PluginAnswer(body: body, staleness: log.staleness)
    }
}

/// An answer as a route sends it: its bytes, and where they came from for `X-DeskBridge-Cache`
/// (`hit` from the plugin-answer cache, `stale` or `stale-if-error`; nil when fresh).
struct ServedAnswer: Sendable {
    var body: ByteBuffer
    var cacheLabel: String?

    static func computed(_ answer: PluginAnswer) -> ServedAnswer {
        ServedAnswer(body: ByteBuffer(bytes: answer.body), cacheLabel: answer.staleness?.rawValue)
    }
}

/// Each plugin's answer for a tenant: one place for the routes and `deskbridge try`, so that what
/// `try` shows is what the Desk gets (less the plugin-answer cache).
extension Snapshot.Tenant {
    package func categoriesAnswer(_ query: CategoryQuery, logger: Logger) async throws -> PluginAnswer {
        // An id the shop cannot have is the caller's mistake: a 400, before any upstream call.
        try catalog.checkIdentifiers(query)
        return try await .built { PluginJSONWriter.encode(try await catalog.categories(query, logger: logger)) }
    }

    package func productsAnswer(_ query: ProductQuery, logger: Logger) async throws -> PluginAnswer {
        try catalog.checkIdentifiers(query)
        return try await .built { PluginJSONWriter.encode(try await catalog.products(query, logger: logger)) }
    }

    package func customerAnswer(_ query: CustomerQuery, logger: Logger) async throws -> PluginAnswer {
        guard let customers else { throw AdapterError.unsupported(operation: "customer") }
        return try await .built { PluginJSONWriter.encode(try await customers.customer(query, logger: logger)) }
    }

    package func closingFormAnswer(_ query: ClosingFormQuery, logger: Logger) async throws -> PluginAnswer {
        guard let closingForm else { throw AdapterError.unsupported(operation: "closing-form") }
        return try await .built {
            let fields = await ClosingFormBuilder(form: closingForm, options: options, logger: logger)
                .fields(language: Language(locale: query.operatorLocale))
            return PluginJSONWriter.encode(fields)
        }
    }
}
