/// The parameters of a raw query string, decoded and kept in order.
///
/// iAdvize signs the raw query string, so the server keeps that string as received and parses it here
/// only to read the values. Names and values are percent-decoded and `+` means a space, except where
/// a parameter reads it literally (`value(_:plusIsLiteral:)`).
public struct QueryString: Sendable, Hashable {
    package struct Item: Sendable, Hashable {
        package var name: String
        package var value: String
        /// The value as received, still percent-encoded; nil for values that never were (JSON bodies).
        package var encodedValue: Substring?

        package init(name: String, value: String, encodedValue: Substring? = nil) {
            self.name = name
            self.value = value
            self.encodedValue = encodedValue
        }
    }

    package private(set) var items: [Item]

    package init(items: [Item]) {
        self.items = items
    }

    /// Parses `a=1&b=two%20words`; a leading `?` is ignored.
    package init(parsing raw: Substring) throws(ParameterError) {
        var items: [Item] = []
        for pair in raw.drop(while: { $0 == "?" }).split(separator: "&", omittingEmptySubsequences: true) {
            let (rawName, rawValue): (Substring, Substring)
            if let equals = pair.firstIndex(of: "=") {
                rawName = pair[..<equals]
                rawValue = pair[pair.index(after: equals)...]
            } else {
                rawName = pair
                rawValue = ""
            }
            guard let name = Self.decode(rawName) else { throw .malformedQuery("a parameter name is not valid percent-encoded UTF-8") }
            guard let value = Self.decode(rawValue) else { throw .invalidEncoding(parameter: name) }
            items.append(Item(name: name, value: value, encodedValue: rawValue))
        }
        self.items = items
    }

    public init(parsing raw: String) throws(ParameterError) {
        try self.init(parsing: raw[...])
    }

    /// The value of `name`; a parameter given twice is an error, because two readers of the same
    /// query string could otherwise disagree on which value counts.
    package func value(_ name: String) throws(ParameterError) -> String? {
        var found: String?
        for item in items where item.name == name {
            if found != nil { throw .duplicated(parameter: name) }
            found = item.value
        }
        return found
    }

    /// The value of `name` with a raw `+` read as a `+`, not a space: for values where a space cannot
    /// occur but a `+` can (an email address such as `jane+shop@example.com` sent unencoded).
    package func value(_ name: String, plusIsLiteral: Bool) throws(ParameterError) -> String? {
        guard plusIsLiteral else { return try value(name) }
        var found: String?
        for item in items where item.name == name {
            if found != nil { throw .duplicated(parameter: name) }
            guard let encoded = item.encodedValue else {
                found = item.value
                continue
            }
            guard let decoded = Self.decode(encoded, plusIsSpace: false) else { throw .invalidEncoding(parameter: name) }
            found = decoded
        }
        return found
    }

    /// Percent-decodes a component; nil when the bytes are not valid UTF-8.
    static func decode(_ component: Substring, plusIsSpace: Bool = true) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.utf8.count)
        var iterator = component.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(plusIsSpace ? UInt8(ascii: " ") : byte)
            case UInt8(ascii: "%"):
                // A '%' not followed by two hex digits is kept literally, as browsers do.
                guard let high = iterator.next() else {
                    bytes.append(byte)
                    continue
                }
                guard let low = iterator.next() else {
                    bytes.append(byte)
                    bytes.append(high)
                    continue
                }
                if let h = hexValue(high), let l = hexValue(low) {
                    bytes.append(h << 4 | l)
                } else {
                    bytes.append(contentsOf: [byte, high, low])
                }
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
