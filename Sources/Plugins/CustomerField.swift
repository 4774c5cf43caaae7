/// One line of the customer information panel.
public struct CustomerField: Sendable, Hashable {
    public enum FieldType: String, Sendable, Hashable, CaseIterable {
        case text = "TEXT"
        case url = "URL"
        /// A button: its value is the action code sent back to the action URL.
        case action = "ACTION"
    }

    public var id: String
    public var label: String
    public var value: String
    public var fieldType: FieldType

    public init(id: String, label: String, value: String, fieldType: FieldType) {
        self.id = id
        self.label = label
        self.value = value
        self.fieldType = fieldType
    }
}

extension CustomerField: PluginEncodable {
    public func encode(to writer: inout PluginJSONWriter) {
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
public struct ActionResult: Sendable, Hashable {
    public var success: Bool
    public var message: String

    public init(success: Bool, message: String) {
        self.success = success
        self.message = message
    }
}

extension ActionResult: PluginEncodable {
    public func encode(to writer: inout PluginJSONWriter) {
        writer.object { object in
            object.field("success", success)
            object.field("message", message)
        }
    }
}

/// One input of the conversation closing form.
public struct ClosingFormField: Sendable, Hashable {
    public enum FieldType: String, Sendable, Hashable, CaseIterable {
        case text = "TEXT"
        case checkbox = "CHECKBOX"
        case select = "SELECT"
        case textarea = "TEXTAREA"
        case integer = "INTEGER"
        case decimal = "DECIMAL"
    }

    public struct Option: Sendable, Hashable, PluginEncodable {
        public var label: String
        public var value: String

        public init(label: String, value: String) {
            self.label = label
            self.value = value
        }

        public func encode(to writer: inout PluginJSONWriter) {
            writer.object { object in
                object.field("label", label)
                object.field("value", value)
            }
        }
    }

    public var id: String
    /// The field this one depends on: shown when the parent is set.
    public var idParent: String?
    public var label: String
    public var fieldType: FieldType
    public var isRequired: Bool
    /// For SELECT only, never empty there.
    public var options: [Option]?

    public init(id: String, idParent: String? = nil, label: String, fieldType: FieldType, isRequired: Bool, options: [Option]? = nil) {
        self.id = id
        self.idParent = idParent
        self.label = label
        self.fieldType = fieldType
        self.isRequired = isRequired
        self.options = options
    }
}

extension ClosingFormField: PluginEncodable {
    public func encode(to writer: inout PluginJSONWriter) {
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
