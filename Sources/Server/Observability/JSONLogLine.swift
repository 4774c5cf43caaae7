import Logging
import Mapping

/// A log entry as one JSON object: `time` (RFC 3339, UTC, milliseconds), `level`, `logger`,
/// `message`, then the metadata as top-level fields (a field named like one of those four gets a
/// `_` suffix).
enum JSONLogLine {
    /// The line, with its trailing newline.
    static func line(_ entry: LogEntry) -> [UInt8] {
        var object = JSONObject(minimumCapacity: 4 + entry.fields.count)
        object.append(key: "time", value: .string(entry.time))
        object.append(key: "level", value: .string(entry.level.rawValue))
        object.append(key: "logger", value: .string(entry.label))
        object.append(key: "message", value: .string(entry.message))
        for (key, value) in entry.fields {
            object.append(key: reserved.contains(key) ? key + "_" : key, value: json(value))
        }
        var line = JSONWriter(reservingCapacity: 256)
        line.write(.object(object))
        line.bytes.append(UInt8(ascii: "\n"))
        return line.bytes
    }

    private static let reserved: Set<String> = ["time", "level", "logger", "message"]

    static func json(_ value: Logger.Metadata.Value) -> JSON {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let dictionary):
            .object(JSONObject(dictionary.sorted { $0.key < $1.key }.map { (key: $0.key, value: json($0.value)) }))
        }
    }
}
