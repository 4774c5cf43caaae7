import Adapters
import GatewayConfig
import Logging
import Plugins

/// The closing form in the operator's language, with SELECT options loaded from the upstream where
/// the form says so.
struct ClosingFormBuilder {
    let form: ClosingFormDefinition
    let options: any OptionProvider
    let logger: Logger

    /// The fields to show. A SELECT whose options cannot be loaded is left out with the fields that
    /// depend on it (and logged): agents can still close the conversation with the rest.
    func fields(language: Language) async -> [ClosingFormField] {
        var loaded: [String: [ClosingFormField.Option]] = [:]
        let sources = Set(form.fields.compactMap(\.optionsFrom))
        await withTaskGroup(of: (String, [ClosingFormField.Option]?).self) { group in
            for source in sources {
                group.addTask {
                    do {
                        return (source, try await options.options(from: source, logger: logger))
                    } catch {
                        logger.warning("closing form options unavailable", metadata: ["source": "\(source)", "error": "\(error)"])
                        return (source, nil)
                    }
                }
            }
            for await (source, result) in group where !(result ?? []).isEmpty {
                loaded[source] = result
            }
        }
        var dropped = Set<String>()
        var fields: [ClosingFormField] = []
        for field in form.fields {
            if let parent = field.parent, dropped.contains(parent) {
                dropped.insert(field.id)
                continue
            }
            var choices: [ClosingFormField.Option]?
            if field.type == .select {
                let fixed = field.options.map { ClosingFormField.Option(label: $0.label.text(for: language), value: $0.value) }
                let fetched = field.optionsFrom.flatMap { loaded[$0] } ?? []
                choices = fixed + fetched
                if choices?.isEmpty ?? true {
                    dropped.insert(field.id)
                    continue
                }
            }
            fields.append(
                ClosingFormField(
                    id: field.id, idParent: field.parent, label: field.label.text(for: language), fieldType: field.type,
                    isRequired: field.required, options: choices))
        }
        return fields
    }
}
