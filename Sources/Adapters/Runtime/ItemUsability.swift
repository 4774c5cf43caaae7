import Mapping

/// Whether an upstream item can become a plugin item at all: its required fields (`id`, and
/// `title` or `label`) must come out non-empty. Decided while walking pages, like `where`, so that
/// an item left out does not shorten the page (the Desk reads a short page as the end of the list)
/// and offsets count only items the Desk can see.
struct ItemUsability: Sendable {
    /// The field map's `let` bindings, in order (a required field may read them).
    let lets: [(slot: Int, value: Expression)]
    /// The required fields and their expressions.
    let required: [(name: String, value: Expression)]

    /// Why `variables` (with the item, its answer and everything else set) cannot be used, as a
    /// metric label (`no_id`, `no_title`…); nil when it can.
    func reasonToLeaveOut(_ variables: [JSON]) -> String? {
        var variables = variables
        for binding in lets {
            variables[binding.slot] = binding.value.evaluate(variables)
        }
        for field in required where !Self.isPresent(field.value.evaluate(variables)) {
            return "no_\(field.name)"
        }
        return nil
    }

    /// The contract's reading of a required field: text that is not empty, a number or a boolean.
    static func isPresent(_ value: JSON) -> Bool {
        switch value {
        case .string(let text): !text.isEmpty
        case .number, .bool: true
        default: false
        }
    }

    /// The check for a field map, or nil when a required field depends on an enrichment (known only
    /// for the items of the window: such items are left out after mapping instead).
    static func of(
        fields: [(name: String, value: Expression)], lets: [(name: String, slot: Int, value: Expression)], required: [String],
        enrichmentNames: [String]
    ) -> ItemUsability? {
        let requiredFields = fields.filter { required.contains($0.name) }
        // The variables each let reads, its own lets' variables included (lets read earlier ones only).
        var reads: [String: Set<String>] = [:]
        for binding in lets {
            var names = binding.value.referencedVariables
            for name in names { names.formUnion(reads[name] ?? []) }
            reads[binding.name] = names
        }
        for field in requiredFields {
            var names = field.value.referencedVariables
            for name in names { names.formUnion(reads[name] ?? []) }
            if !names.isDisjoint(with: enrichmentNames) { return nil }
        }
        return ItemUsability(lets: lets.map { ($0.slot, $0.value) }, required: requiredFields)
    }
}
