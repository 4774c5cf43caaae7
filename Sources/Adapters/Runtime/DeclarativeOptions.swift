import Logging
import Mapping
import Plugins

/// Closing-form options loaded through an adapter's `options` sources, through the cache.
package struct DeclarativeOptions: OptionProvider {
    package let adapter: AdapterDefinition
    package let upstream: TenantUpstream
    let gateway: UpstreamGateway

    package init(adapter: AdapterDefinition, upstream: TenantUpstream, gateway: UpstreamGateway) {
        self.adapter = adapter
        self.upstream = upstream
        self.gateway = gateway
    }

    package func options(from source: String, logger: Logger) async throws(AdapterError) -> [ClosingFormField.Option] {
        guard let definition = adapter.optionSources[source] else { throw .unsupported(operation: "options '\(source)'") }
        let fetcher = UpstreamFetcher(adapter: adapter, upstream: upstream, gateway: gateway, logger: logger)
        var variables = [JSON](repeating: .null, count: adapter.layout.count)
        variables[VariableLayout.settings] = .object(upstream.settings)
        for value in adapter.context {
            variables[value.slot] = try await DeclarativeCatalog.contextValue(value, adapter: adapter, upstream: upstream, fetcher: fetcher)
        }
        let document = try await fetcher.fetch(definition.request, variables: variables, ttl: definition.ttl)
        variables[VariableLayout.response] = document.body
        guard case .array(let items) = definition.items.evaluate(variables) else {
            throw .badResponse(message: "the answer has no option list at '\(definition.items.source)'")
        }
        return items.compactMap { item in
            variables[VariableLayout.item] = item
            let label = definition.label.evaluate(variables).interpolatedText
            let value = definition.value.evaluate(variables).interpolatedText
            return label.isEmpty || value.isEmpty ? nil : ClosingFormField.Option(label: label, value: value)
        }
    }
}
