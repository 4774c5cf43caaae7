import Upstream

/// An upstream answer as Redis keeps it: a version byte, the status, the headers and the body,
/// each length-prefixed (big-endian 32-bit), so any bytes round-trip and a truncated or foreign
/// value is refused rather than misread.
enum SharedResponseCoding {
    private static let version: UInt8 = 1

    static func encode(_ response: UpstreamResponse) -> [UInt8] {
        var bytes: [UInt8] = [version]
        bytes.reserveCapacity(response.body.count + 64 * response.headers.count + 16)
        append(UInt32(clamping: response.status), to: &bytes)
        append(UInt32(response.headers.count), to: &bytes)
        for header in response.headers {
            appendField(Array(header.name.utf8), to: &bytes)
            appendField(Array(header.value.utf8), to: &bytes)
        }
        appendField(response.body, to: &bytes)
        return bytes
    }

    static func decode(_ bytes: [UInt8]) -> UpstreamResponse? {
        var reader = Reader(bytes: bytes)
        guard reader.byte() == version, let status = reader.number(), let count = reader.number(), count <= 10_000 else { return nil }
        var headers: [HTTPHeader] = []
        for _ in 0..<count {
            guard let name = reader.field(), let value = reader.field() else { return nil }
            headers.append(HTTPHeader(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
        }
        guard let body = reader.field(), reader.isAtEnd else { return nil }
        return UpstreamResponse(
            status: Int(status), headers: headers, body: body,
            timing: UpstreamTiming(total: .zero, connect: .zero, timeToFirstByte: .zero, connectionReused: true))
    }

    private static func append(_ number: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: number.bigEndian) { bytes.append(contentsOf: $0) }
    }

    private static func appendField(_ field: [UInt8], to bytes: inout [UInt8]) {
        append(UInt32(field.count), to: &bytes)
        bytes.append(contentsOf: field)
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        mutating func byte() -> UInt8? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func number() -> UInt32? {
            guard bytes.count - offset >= 4 else { return nil }
            defer { offset += 4 }
            return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }

        mutating func field() -> [UInt8]? {
            guard let count = number().map(Int.init), bytes.count - offset >= count else { return nil }
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }
    }
}
