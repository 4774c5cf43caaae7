/// Compiles adapter expressions (`item.price | money(shop.currencyCode)`) once, at configuration
/// load, so that evaluation is a cheap walk over a pre-resolved tree.
package struct ExpressionCompiler: Sendable {
    /// The variable names an expression may start with, in slot order.
    package let variables: [String]
    let slots: [String: Int]

    /// - Parameter variables: the root names expressions may read; `evaluate` takes their values
    ///   in this order. A repeated name keeps its first slot.
    package init(variables: [String]) {
        self.variables = variables
        var slots: [String: Int] = [:]
        for (index, name) in variables.enumerated() where slots[name] == nil {
            slots[name] = index
        }
        self.slots = slots
    }

    /// Compiles `source`, or says precisely (offset in Unicode scalars) what is wrong with it.
    package func compile(_ source: String) throws(ExpressionError) -> Expression {
        var parser = ExpressionParser(source: source, slots: slots, variableNames: variables)
        let root = try parser.parseWholeExpression()
        return Expression(
            source: source,
            root: root,
            slotNames: variables,
            referencedSlots: parser.referencedSlots.sorted()
        )
    }

    /// Every filter, with its signature and a one-sentence summary, sorted by name.
    package static var filters: [FilterDescription] {
        FilterRegistry.all
            .map { FilterDescription(name: $0.name, signature: $0.signature, summary: $0.summary) }
            .sorted { $0.name < $1.name }
    }
}
