import Mapping

/// A plugin model that writes itself as the exact JSON the Desk expects.
public protocol PluginEncodable: Sendable {
    func encode(to writer: inout PluginJSONWriter)
}

/// Writes plugin JSON straight into bytes, in the contract's field order, with `null` for absent
/// optional values and every string cut to iAdvize's 1,024-character field limit.
public struct PluginJSONWriter: Sendable {
    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    /// The JSON array of `items`.
    public static func encode(_ items: [some PluginEncodable]) -> [UInt8] {
        var writer = PluginJSONWriter(capacity: 64 + items.count * 512)
        writer.array(items)
        return writer.bytes
    }

    /// One JSON object.
    package static func encode(_ item: some PluginEncodable) -> [UInt8] {
        var writer = PluginJSONWriter()
        item.encode(to: &writer)
        return writer.bytes
    }

    package mutating func array(_ items: [some PluginEncodable]) {
        bytes.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            item.encode(to: &self)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    package mutating func object(_ body: (inout ObjectWriter) -> Void) {
        var object = ObjectWriter(bytes: bytes)
        bytes = []
        object.bytes.append(UInt8(ascii: "{"))
        body(&object)
        object.bytes.append(UInt8(ascii: "}"))
        bytes = object.bytes
    }

    /// Writes the fields of one object; the first field needs no comma.
    package struct ObjectWriter {
        var bytes: [UInt8]
        private var isFirst = true

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        private mutating func key(_ name: String) {
            if !isFirst { bytes.append(UInt8(ascii: ",")) }
            isFirst = false
            JSONWriter.appendString(name, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
        }

        package mutating func field(_ name: String, _ value: String?) {
            key(name)
            if let value {
                JSONWriter.appendString(FieldText.limited(value), to: &bytes)
            } else {
                bytes.append(contentsOf: "null".utf8)
            }
        }

        package mutating func field(_ name: String, _ value: Bool?) {
            key(name)
            switch value {
            case true?: bytes.append(contentsOf: "true".utf8)
            case false?: bytes.append(contentsOf: "false".utf8)
            case nil: bytes.append(contentsOf: "null".utf8)
            }
        }

        package mutating func field(_ name: String, _ value: Int) {
            key(name)
            bytes.append(contentsOf: String(value).utf8)
        }

        package mutating func field(_ name: String, _ values: [String]?) {
            key(name)
            guard let values else {
                bytes.append(contentsOf: "null".utf8)
                return
            }
            bytes.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONWriter.appendString(FieldText.limited(value), to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }

        /// A nested object, e.g. the options of a closing-form field.
        package mutating func field(_ name: String, objects: [some PluginEncodable]?) {
            key(name)
            guard let objects else {
                bytes.append(contentsOf: "null".utf8)
                return
            }
            var nested = PluginJSONWriter()
            nested.bytes = bytes
            bytes = []
            nested.array(objects)
            bytes = nested.bytes
        }
    }
}

/// iAdvize's field limit: at most 1,024 characters per string (counted in Unicode scalars, as JSON
/// Schema does), cut on a character boundary so no emoji or accent is split.
package enum FieldText {
    package static func limited(_ text: String, to maxScalars: Int = PluginLimits.maxFieldCharacters) -> String {
        // Fast path: a string with no more UTF-8 bytes than the limit cannot have more scalars.
        if text.utf8.count <= maxScalars || text.unicodeScalars.count <= maxScalars { return text }
        var kept = 0
        var end = text.startIndex
        for index in text.indices {
            let next = text.index(after: index)
            let scalars = text.unicodeScalars[index..<next].count
            if kept + scalars > maxScalars { break }
            kept += scalars
            end = next
        }
        return String(text[..<end])
    }
}
