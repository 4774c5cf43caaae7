import Mapping

/// The plugin parameters (`params.…`) an operation's compiled expressions can read: what its
/// answers depend on besides the window. Caches build their keys from it, so a website-dependent
/// adapter never shares an answer between websites, and one that reads no `idOperator` shares its
/// answers between operators.
package enum ParametersRead: Sendable, Hashable {
    /// Only these keys of `params`.
    case keys(Set<String>)
    /// Any of them (`params` read whole, or through a key computed at run time).
    case all

    package func contains(_ name: String) -> Bool {
        switch self {
        case .keys(let keys): keys.contains(name)
        case .all: true
        }
    }
}

extension AdapterDefinition {
    /// What `operation`'s expressions read of `params`: every expression of the compiled operation
    /// (requests, `when`s, `prepare`, pagination, items, `where`, `let`, fields, enrichments) is
    /// found by walking the compiled value itself, so that an expression added to the language is
    /// never left out of a cache key by a list someone forgot to extend.
    package func parametersRead(by operation: PluginOperation) -> ParametersRead {
        guard let compiled = operations[operation] else { return .keys([]) }
        var reads = ParameterReadCollector()
        reads.visit(compiled, depth: 0)
        return reads.result
    }
}

/// Walks a compiled value's stored properties (structs, enums, arrays, dictionaries, tuples) for
/// `Expression`s and unions what they read of `params`.
private struct ParameterReadCollector {
    private var keys: Set<String> = []
    private var readsAll = false
    /// Deeper than any compiled adapter nests; past it, everything counts as read.
    private static let maxDepth = 64

    var result: ParametersRead { readsAll ? .all : .keys(keys) }

    mutating func visit(_ value: Any, depth: Int) {
        guard !readsAll else { return }
        if let expression = value as? Mapping.Expression {
            if let read = expression.keysRead(ofVariable: "params") { keys.formUnion(read) } else { readsAll = true }
            return
        }
        // Leaves that hold no expression: skip them rather than walk their characters.
        if value is String || value is JSON || value is Int || value is Duration || value is Bool { return }
        guard depth < Self.maxDepth else {
            readsAll = true
            return
        }
        for child in Mirror(reflecting: value).children {
            visit(child.value, depth: depth + 1)
        }
    }
}
