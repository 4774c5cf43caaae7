/// The parameters of a raw query string, decoded and kept in order.
///
/// iAdvize signs the raw query string, so the server keeps that string as received and parses it here
/// only to read the values. Names and values are percent-decoded and `+` means a space.
public struct QueryString: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var items: [Item]

    public init(items: [Item]) {
        self.items = items
    }

    /// Parses `a=1&b=two%20words`; a leading `?` is ignored.
    public init(parsing raw: Substring) throws(ParameterError) {
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
            items.append(Item(name: name, value: value))
        }
        self.items = items
    }

    public init(parsing raw: String) throws(ParameterError) {
        try self.init(parsing: raw[...])
    }

    /// The value of `name`; a parameter given twice is an error, because two readers of the same
    /// query string could otherwise disagree on which value counts.
    public func value(_ name: String) throws(ParameterError) -> String? {
        var found: String?
        for item in items where item.name == name {
            if found != nil { throw .duplicated(parameter: name) }
            found = item.value
        }
        return found
    }

    /// Percent-decodes a component; nil when the bytes are not valid UTF-8.
    static func decode(_ component: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.utf8.count)
        var iterator = component.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
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
