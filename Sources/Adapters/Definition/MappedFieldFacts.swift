import Mapping

extension AdapterDefinition {
    /// The fields `operation`'s field map computes from upstream data, in map order; those written
    /// as a constant (`priceSpecial: null`) are left out: an empty value there is the adapter's choice.
    package func computedFields(of operation: PluginOperation) -> [String] {
        guard let map = operations[operation]?.fields else { return [] }
        return map.fields.filter { $0.value.constantValue == nil }.map(\.name)
    }
}
