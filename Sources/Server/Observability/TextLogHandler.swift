import Foundation
import Logging

/// A swift-log handler writing one readable line per event:
/// `2026-11-25T21:30:05.123Z info deskbridge: request route=/plugins/{tenant}/products status=200`.
///
/// Unlike swift-log's StreamLogHandler, it formats metadata only when a line is written; that one
/// re-renders all of a logger's metadata whenever a key is set, which the gateway does for every
/// request (request id, tenant) whether or not a line follows.
public struct TextLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let sink: LogLineSink

    public init(label: String, sink: LogLineSink = .standardError, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.sink = sink
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = "\(LogFields.timestamp(Date())) \(event.level) \(label): \(Self.escaped(event.message.description, quoting: false))"
        for (key, value) in LogFields.merged(metadata, metadataProvider, event) {
            line += " \(key)=\(Self.escaped(value.description, quoting: true))"
        }
        line += "\n"
        sink.write(Array(line.utf8))
    }

    /// Control characters escaped (`\n`, `\u0001`), so an entry never spans several lines; with
    /// `quoting`, a value holding blanks, quotes or `=` is quoted so that `key=value` pairs split
    /// unambiguously.
    static func escaped(_ text: String, quoting: Bool) -> String {
        let needsQuotes = quoting && (text.isEmpty || text.utf8.contains { $0 == 0x20 || $0 == 0x22 || $0 == 0x3D })
        let needsEscapes = text.utf8.contains { $0 < 0x20 || $0 == 0x7F || (needsQuotes && ($0 == 0x22 || $0 == 0x5C)) }
        guard needsEscapes else { return needsQuotes ? "\"\(text)\"" : text }
        var result = needsQuotes ? "\"" : ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\"" where needsQuotes: result += "\\\""
            case "\\" where needsQuotes: result += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: result += String(format: "\\u%04X", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return needsQuotes ? result + "\"" : result
    }
}
