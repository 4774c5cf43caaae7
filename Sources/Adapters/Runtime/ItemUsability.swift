import Mapping
import Plugins

/// How a plugin model reads an item's mapped fields (`Product(mapped:)`…): throws when it cannot.
typealias ItemCheck = (JSONObject) throws(MappedItemError) -> Void

/// Whether an upstream item can become a plugin item, decided while walking pages, like `where`,
/// so that an item left out does not shorten the page (the Desk reads a short page as the end of
/// the list) and offsets count only items the Desk can see. The item is mapped and read as the
/// plugin model reads it: required fields present, every field of a type the contract takes. Every
/// field is checked but those reading an enrichment that no required field reads: such an
/// enrichment is fetched for the window's items only, after the walk.
struct ItemUsability: Sendable {
    /// The `let` bindings the checked fields may read, in order.
    let lets: [(slot: Int, value: Expression)]
    /// The fields checked while walking.
    let fields: [(name: String, value: Expression)]
    /// The enrichments a required field reads (positions in the operation's `enrich`). They are
    /// fetched for every item the walk decides: deciding on the mapped value, as for any other
    /// field, keeps page starts exact (filling a short page after mapping instead would make the
    /// next page repeat or skip items, since the items before an offset would be counted
    /// unchecked). The calls are cached, the window's mapping reuses them, and only these
    /// enrichments are fetched.
    let enrichments: [Int]
    /// True when every field is checked while walking: the window's items are not mapped again.
    let checksEveryField: Bool

    /// The checked fields of the item in `variables` (with its answer, the walk's enrichments and
    /// everything else set).
    func map(_ variables: [JSON]) -> JSONObject {
        var variables = variables
        for binding in lets {
            variables[binding.slot] = binding.value.evaluate(variables)
        }
        var mapped = JSONObject(minimumCapacity: fields.count)
        for field in fields {
            mapped.append(key: field.name, value: field.value.evaluate(variables))
        }
        return mapped
    }

    /// Why an item with these checked fields cannot be used, as a metric label (`no_id`,
    /// `no_title`, `unmappable`…); nil when it can.
    func reasonToLeaveOut(_ mapped: JSONObject, check: ItemCheck) -> String? {
        do throws(MappedItemError) {
            try check(mapped)
            return nil
        } catch {
            return error.droppedReason
        }
    }

    /// The check for a field map whose enrichments are named `enrichmentNames`, in order.
    static func of(
        fields: [(name: String, value: Expression)], lets: [(name: String, slot: Int, value: Expression)], required: [String],
        enrichmentNames: [String]
    ) -> ItemUsability {
        // The variables each let reads, its own lets' variables included (lets read earlier ones only).
        var letReads: [String: Set<String>] = [:]
        for binding in lets {
            letReads[binding.name] = reads(binding.value, through: letReads)
        }
        let needed = fields.filter { required.contains($0.name) }.reduce(into: Set<String>()) { names, field in
            names.formUnion(reads(field.value, through: letReads))
        }
        let walked = enrichmentNames.indices.filter { needed.contains(enrichmentNames[$0]) }
        let later = Set(enrichmentNames).subtracting(needed)
        let checked = fields.filter { reads($0.value, through: letReads).isDisjoint(with: later) }
        return ItemUsability(
            lets: lets.filter { letReads[$0.name]?.isDisjoint(with: later) ?? true }.map { ($0.slot, $0.value) },
            fields: checked, enrichments: walked, checksEveryField: checked.count == fields.count)
    }

    /// The variables `expression` reads, directly or through the lets it reads.
    private static func reads(_ expression: Expression, through letReads: [String: Set<String>]) -> Set<String> {
        var names = expression.referencedVariables
        for name in names { names.formUnion(letReads[name] ?? []) }
        return names
    }
}

extension MappedItemError {
    /// The `reason` label of `deskbridge_items_dropped_total`.
    var droppedReason: String {
        switch self {
        case .missingRequired(let field): "no_\(field)"
        case .wrongType: "unmappable"
        }
    }
}
