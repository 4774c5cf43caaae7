/// One line of the customer information panel.
package struct CustomerField: Sendable, Hashable {
    package enum FieldType: String, Sendable, Hashable, CaseIterable {
        case text = "TEXT"
        case url = "URL"
        /// A button: its value is the action code sent back to the action URL.
        case action = "ACTION"
    }

    package var id: String
    package var label: String
    package var value: String
    package var fieldType: FieldType

    package init(id: String, label: String, value: String, fieldType: FieldType) {
        self.id = id
        self.label = label
        self.value = value
        self.fieldType = fieldType
    }
}

extension CustomerField: PluginEncodable {
    package func encode(to writer: inout PluginJSONWriter) {
        writer.object { object in
            object.field("id", id)
            object.field("label", label)
            // Adapters leave out a URL line whose link is not usable; this is the last guard.
            object.field("value", fieldType == .url ? WebLink.usable(value) ?? "" : value)
            object.field("fieldType", fieldType.rawValue)
        }
    }
}

/// The answer to a customer action: whether it worked and a sentence for the agent.
package struct ActionResult: Sendable, Hashable {
    package var success: Bool
    package var message: String

    package init(success: Bool, message: String) {
        self.success = success
        self.message = message
    }
}

extension ActionResult: PluginEncodable {
    package func encode(to writer: inout PluginJSONWriter) {
        writer.object { object in
            object.field("success", success)
            object.field("message", message)
        }
    }
}

/// One input of the conversation closing form.
package struct ClosingFormField: Sendable, Hashable {
    package enum FieldType: String, Sendable, Hashable, CaseIterable {
        case text = "TEXT"
        case checkbox = "CHECKBOX"
        case select = "SELECT"
        case textarea = "TEXTAREA"
        case integer = "INTEGER"
        case decimal = "DECIMAL"
    }

    package struct Option: Sendable, Hashable, PluginEncodable {
        package var label: String
        package var value: String

        package init(label: String, value: String) {
            self.label = label
            self.value = value
        }

        package func encode(to writer: inout PluginJSONWriter) {
            writer.object { object in
                object.field("label", label)
                object.field("value", value)
            }
        }
    }

    package var id: String
    /// The field this one depends on: shown when the parent is set.
    package var idParent: String?
    package var label: String
    package var fieldType: FieldType
    package var isRequired: Bool
    /// For SELECT only, never empty there.
    package var options: [Option]?

    package init(id: String, idParent: String? = nil, label: String, fieldType: FieldType, isRequired: Bool, options: [Option]? = nil) {
        self.id = id
        self.idParent = idParent
        self.label = label
        self.fieldType = fieldType
        self.isRequired = isRequired
        self.options = options
    }
}

extension ClosingFormField: PluginEncodable {
    package func encode(to writer: inout PluginJSONWriter) {
        writer.object { object in
            object.field("id", id)
            // iAdvize's example leaves idParent and options out when unused.
            if let idParent { object.field("idParent", idParent) }
            object.field("label", label)
            object.field("fieldType", fieldType.rawValue)
            object.field("isRequired", isRequired)
            if let options { object.field("options", objects: options) }
        }
    }
}
