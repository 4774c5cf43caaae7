extension JSON {
    /// The value as indented JSON text for people (keys in their order), e.g. in `deskbridge try`.
    package func prettyText(indent: String = "  ") -> String {
        var bytes: [UInt8] = []
        appendPretty(to: &bytes, indent: Array(indent.utf8), depth: 0)
        return String(decoding: bytes, as: UTF8.self)
    }

    private func appendPretty(to bytes: inout [UInt8], indent: [UInt8], depth: Int) {
        func newline(_ depth: Int) {
            bytes.append(UInt8(ascii: "\n"))
            for _ in 0..<depth { bytes.append(contentsOf: indent) }
        }
        switch self {
        case .array(let items) where !items.isEmpty:
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                item.appendPretty(to: &bytes, indent: indent, depth: depth + 1)
            }
            newline(depth)
            bytes.append(UInt8(ascii: "]"))
        case .object(let object) where !object.isEmpty:
            bytes.append(UInt8(ascii: "{"))
            for (index, entry) in object.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                JSONWriter.appendString(entry.key, to: &bytes)
                bytes.append(contentsOf: Array(": ".utf8))
                entry.value.appendPretty(to: &bytes, indent: indent, depth: depth + 1)
            }
            newline(depth)
            bytes.append(UInt8(ascii: "}"))
        default:
            JSONWriter.appendJSON(self, to: &bytes)
        }
    }
}
