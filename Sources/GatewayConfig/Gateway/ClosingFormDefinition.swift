import Adapters
import Mapping
import Plugins

/// A tenant's conversation closing form, as config.yaml declares it, checked at load.
package struct ClosingFormDefinition: Sendable {
    package struct Field: Sendable {
        package var id: String
        package var parent: String?
        package var type: ClosingFormField.FieldType
        package var required: Bool
        package var label: LocalizedText
        /// Fixed options of a SELECT, with their labels per language.
        package var options: [(label: LocalizedText, value: String)]
        /// The adapter's option source that fills this SELECT (HubSpot pipelines…).
        package var optionsFrom: String?
    }

    package var fields: [Field]

    /// Reads `closingForm:`, a list of fields; every problem is reported with its position.
    static func read(_ node: ConfigNode, adapter: AdapterDefinition?, diagnostics: Diagnostics) -> ClosingFormDefinition? {
        guard let items = node.list(diagnostics) else { return nil }
        let before = diagnostics.errors.count
        var fields: [Field] = []
        var locations: [String: SourceLocation] = [:]
        for item in items {
            guard
                let entries = item.fields(
                    allowed: ["id", "parent", "type", "required", "label", "options", "optionsFrom"], required: ["id", "type", "label"],
                    diagnostics),
                let idNode = entries["id"], let id = idNode.string(diagnostics), let typeNode = entries["type"],
                let typeName = typeNode.string(diagnostics), let labelNode = entries["label"]
            else { continue }
            if id.isEmpty || id.unicodeScalars.count > PluginLimits.maxFieldCharacters {
                diagnostics.error("a field id must be 1 to \(PluginLimits.maxFieldCharacters) characters", at: idNode.location)
            }
            if locations[id] != nil {
                diagnostics.error("the field id '\(id)' is used twice", at: idNode.location, hint: "first at line \(locations[id]!.line)")
            }
            locations[id] = idNode.location
            guard let type = ClosingFormField.FieldType(rawValue: typeName.uppercased()) else {
                diagnostics.error(
                    "unknown field type '\(typeName)'", at: typeNode.location,
                    hint: ClosingFormField.FieldType.allCases.map(\.rawValue).joined(separator: ", "))
                continue
            }
            let label = localized(labelNode, diagnostics)
            var options: [(label: LocalizedText, value: String)] = []
            for option in entries["options"]?.list(diagnostics) ?? [] {
                guard let parts = option.fields(allowed: ["label", "value"], required: ["label", "value"], diagnostics),
                    let valueNode = parts["value"], let value = valueNode.string(diagnostics), let optionLabel = parts["label"]
                else { continue }
                if value.isEmpty || value.unicodeScalars.count > PluginLimits.maxFieldCharacters {
                    diagnostics.error("an option value must be 1 to \(PluginLimits.maxFieldCharacters) characters", at: valueNode.location)
                }
                options.append((localized(optionLabel, diagnostics), value))
            }
            let optionsFrom = entries["optionsFrom"].flatMap { $0.string(diagnostics) }
            if let source = optionsFrom, let optionsNode = entries["optionsFrom"], let adapter, !adapter.optionSourceNames.contains(source) {
                diagnostics.error(
                    "adapter '\(adapter.name)' has no option source '\(source)'", at: optionsNode.location,
                    hint: Suggestion.closest(to: source, among: adapter.optionSourceNames).map { "did you mean '\($0)'?" }
                        ?? (adapter.optionSourceNames.isEmpty
                            ? "it declares none" : "its sources: \(adapter.optionSourceNames.joined(separator: ", "))"))
            }
            if type == .select && options.isEmpty && optionsFrom == nil {
                diagnostics.error(
                    "a SELECT needs options", at: typeNode.location, hint: "add options: [{value: …, label: …}] or optionsFrom: <source>")
            }
            if type != .select && (!options.isEmpty || optionsFrom != nil) {
                diagnostics.error("only a SELECT has options", at: entries["options"]?.location ?? entries["optionsFrom"]!.location)
            }
            fields.append(
                Field(
                    id: id, parent: entries["parent"].flatMap { $0.string(diagnostics) }, type: type,
                    required: entries["required"]?.bool(diagnostics) ?? false, label: label, options: options, optionsFrom: optionsFrom))
        }
        checkParents(fields, locations: locations, node: node, diagnostics: diagnostics)
        return diagnostics.errors.count == before ? ClosingFormDefinition(fields: fields) : nil
    }

    /// Every `parent` names a field of the form, and no field depends on itself through its parents.
    private static func checkParents(_ fields: [Field], locations: [String: SourceLocation], node: ConfigNode, diagnostics: Diagnostics) {
        let parents = Dictionary(fields.map { ($0.id, $0.parent) }, uniquingKeysWith: { first, _ in first })
        var inReportedCycle = Set<String>()
        for field in fields where !inReportedCycle.contains(field.id) {
            guard let parent = field.parent else { continue }
            let location = locations[field.id] ?? node.location
            guard parents[parent] != nil else {
                diagnostics.error(
                    "field '\(field.id)' depends on '\(parent)', which is not a field of the form", at: location,
                    hint: Suggestion.closest(to: parent, among: Array(parents.keys)).map { "did you mean '\($0)'?" })
                continue
            }
            var seen: [String] = [field.id]
            var current: String? = parent
            while let next = current {
                if seen.contains(next) {
                    diagnostics.error("fields depend on each other in a cycle: \((seen + [next]).joined(separator: " → "))", at: location)
                    inReportedCycle.formUnion(seen)
                    break
                }
                seen.append(next)
                current = parents[next] ?? nil
            }
        }
    }

    private static func localized(_ node: ConfigNode, _ diagnostics: Diagnostics) -> LocalizedText {
        var texts: [String: String] = [:]
        if case .scalar = node.node {
            texts["en"] = node.string(diagnostics) ?? ""
        } else {
            for entry in node.entries(allowed: Language.allCases.map(\.rawValue), diagnostics) ?? [] {
                texts[entry.key] = entry.value.string(diagnostics)
            }
        }
        for (_, text) in texts where text.isEmpty || text.unicodeScalars.count > PluginLimits.maxFieldCharacters {
            diagnostics.error("a label must be 1 to \(PluginLimits.maxFieldCharacters) characters", at: node.location)
        }
        return LocalizedText(texts)
    }
}
