/// One HTTP header field, in the order it was sent or received.
///
/// Names keep the case they were given; compare them case-insensitively (see
/// ``UpstreamResponse/header(_:)``).
public struct HTTPHeader: Sendable, Hashable {
    /// The field name, as given or received.
    package var name: String
    /// The field value, without surrounding whitespace.
    package var value: String

    /// A field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeader {
    /// The value of the first field named `name` (ASCII case-insensitive), if any.
    package func first(named name: String) -> String? {
        first { $0.name.equalsIgnoringASCIICase(name) }?.value
    }
}

extension String {
    /// ASCII case-insensitive equality, enough for HTTP field names and methods.
    func equalsIgnoringASCIICase(_ other: String) -> Bool {
        let lhs = utf8
        let rhs = other.utf8
        guard lhs.count == rhs.count else { return false }
        return zip(lhs, rhs).allSatisfy { asciiLowercased($0) == asciiLowercased($1) }
    }
}

private func asciiLowercased(_ byte: UInt8) -> UInt8 {
    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
}
