import Foundation
import Logging
import Mapping
import Synchronization

/// A swift-log handler writing one JSON object per line, for log shippers (Loki, Elasticsearch,
/// CloudWatch…) that index fields rather than parse text.
///
/// Each line holds `time` (RFC 3339, UTC, milliseconds), `level`, `logger`, `message`, then the
/// metadata as top-level fields (a field named like one of those four gets a `_` suffix).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let sink: LogLineSink

    /// A handler writing to standard error.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.init(label: label, sink: .standardError, metadataProvider: metadataProvider)
    }

    /// A handler giving each line (with its trailing newline) to `sink`.
    public init(label: String, sink: LogLineSink, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.sink = sink
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let fields = LogFields.merged(metadata, metadataProvider, event)
        var object = JSONObject(minimumCapacity: 4 + fields.count)
        object.append(key: "time", value: .string(LogFields.timestamp(Date())))
        object.append(key: "level", value: .string(event.level.rawValue))
        object.append(key: "logger", value: .string(label))
        object.append(key: "message", value: .string(event.message.description))
        for (key, value) in fields {
            let name = Self.reserved.contains(key) ? key + "_" : key
            object.append(key: name, value: Self.json(value))
        }
        var line = JSONWriter(reservingCapacity: 256)
        line.write(.object(object))
        line.bytes.append(UInt8(ascii: "\n"))
        sink.write(line.bytes)
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

/// Where log lines go (both handlers'). Writes are serialized so that lines from concurrent tasks never
/// interleave, whatever their length.
public struct LogLineSink: Sendable {
    private let writeLine: @Sendable ([UInt8]) -> Void

    public init(_ writeLine: @escaping @Sendable ([UInt8]) -> Void) {
        self.writeLine = writeLine
    }

    func write(_ line: [UInt8]) { writeLine(line) }

    public static let standardError: LogLineSink = {
        let lock = Mutex(())
        return LogLineSink { line in
            lock.withLock { _ in
                line.withUnsafeBytes { bytes in
                    var offset = 0
                    while offset < bytes.count {
                        let written = Foundation.write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                        if written <= 0 { if errno == EINTR { continue } else { return } }
                        offset += written
                    }
                }
            }
        }
    }()
}
