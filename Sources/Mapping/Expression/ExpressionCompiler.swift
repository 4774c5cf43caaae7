/// Compiles adapter expressions (`item.price | money(shop.currencyCode)`) once, at configuration
/// load, so that evaluation is a cheap walk over a pre-resolved tree.
package struct ExpressionCompiler: Sendable {
    /// The variable names an expression may start with, in slot order.
    package let variables: [String]
    let slots: [String: Int]
    /// Variables whose keys are known in advance (`params`, `settings`): a first key not among them
    /// is a compile error, so a typo cannot silently read null.
    let knownKeys: [String: KnownKeys]

    /// - Parameter variables: the root names expressions may read; `evaluate` takes their values
    ///   in this order. A repeated name keeps its first slot.
    /// - Parameter knownKeys: for some of those variables, the only keys they hold.
    package init(variables: [String], knownKeys: [String: KnownKeys] = [:]) {
        self.variables = variables
        self.knownKeys = knownKeys
        var slots: [String: Int] = [:]
        for (index, name) in variables.enumerated() where slots[name] == nil {
            slots[name] = index
        }
        self.slots = slots
    }

    /// Compiles `source`, or says precisely (offset in Unicode scalars) what is wrong with it.
    package func compile(_ source: String) throws(ExpressionError) -> Expression {
        var parser = ExpressionParser(source: source, slots: slots, variableNames: variables, knownKeys: knownKeys)
        let root = try parser.parseWholeExpression()
        return Expression(
            source: source,
            root: root,
            slotNames: variables,
            referencedSlots: parser.referencedSlots.sorted(),
            typeFindings: parser.typeFindings
        )
    }

    /// Every filter, with its signature and a one-sentence summary, sorted by name.
    package static var filters: [FilterDescription] {
        FilterRegistry.all
            .map { FilterDescription(name: $0.name, signature: $0.signature, summary: $0.summary) }
            .sorted { $0.name < $1.name }
    }
}

/// The keys a variable is known to hold, and what to call them in an error ("parameter", "setting").
package struct KnownKeys: Sendable {
    package let names: [String]
    package let noun: String
    /// Said when no name is close, e.g. "declare it under 'settings'".
    package let advice: String?
    /// Those that may be null when an expression runs (an optional parameter, a setting whose default
    /// is null): a request path reading one straight is warned about.
    package let mayBeNull: Set<String>

    package init(names: [String], noun: String, advice: String? = nil, mayBeNull: Set<String> = []) {
        self.names = names
        self.noun = noun
        self.advice = advice
        self.mayBeNull = mayBeNull
    }
}
