import Foundation
import Logging
import Synchronization

/// A swift-log handler writing one line per entry, as readable text or as a JSON object.
///
/// Metadata is formatted only when a line is written. swift-log's StreamLogHandler re-renders all
/// of a logger's metadata whenever a key is set, which the gateway does on every request (request
/// id, tenant) whether or not a line follows. Fields come sorted by key, so lines compare and diff
/// well.
package struct LineLogHandler: LogHandler {
    /// How a line is written.
    package enum Format: String, Sendable, CaseIterable {
        /// `2026-11-25T21:30:05.123Z info deskbridge: request route=/plugins/{tenant}/products status=200`
        /// (see `TextLogLine`).
        case text
        /// One JSON object per line, for log shippers that index fields (see `JSONLogLine`).
        case json
    }

    package var logLevel: Logger.Level = .info
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let format: Format
    private let sink: LogLineSink

    /// A handler giving each line (with its trailing newline) to `sink`, standard error by default.
    package init(label: String, format: Format, sink: LogLineSink = .standardError, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.format = format
        self.sink = sink
        self.metadataProvider = metadataProvider
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        // The handler's metadata, then the provider's, then the event's: later ones win.
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { _, new in new } }
        if let own = event.metadata { fields.merge(own) { _, new in new } }
        let entry = LogEntry(
            time: Self.timeFormat.format(Date()), level: event.level, label: label, message: event.message.description,
            fields: fields.sorted { $0.key < $1.key })
        switch format {
        case .text: sink.write(TextLogLine.line(entry))
        case .json: sink.write(JSONLogLine.line(entry))
        }
    }

    /// `2026-11-25T21:30:05.123Z`.
    private static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}

/// One entry to write, whatever the format.
struct LogEntry {
    let time: String
    let level: Logger.Level
    let label: String
    let message: String
    let fields: [(key: String, value: Logger.MetadataValue)]
}

/// Where log lines go. Writes are serialized so that lines from concurrent tasks never
/// interleave, whatever their length.
package struct LogLineSink: Sendable {
    private let writeLine: @Sendable ([UInt8]) -> Void

    package init(_ writeLine: @escaping @Sendable ([UInt8]) -> Void) {
        self.writeLine = writeLine
    }

    func write(_ line: [UInt8]) { writeLine(line) }

    package static let standardError = fileDescriptor(STDERR_FILENO)

    /// Lines written to an open file descriptor, which the caller keeps open. Each line is one
    /// locked run of `write` calls (resumed after short writes), so lines longer than a pipe's
    /// atomic size still never interleave; make one sink per descriptor.
    package static func fileDescriptor(_ descriptor: Int32) -> LogLineSink {
        let lock = Mutex(())
        return LogLineSink { line in
            lock.withLock { _ in
                line.withUnsafeBytes { bytes in
                    var offset = 0
                    while offset < bytes.count {
                        let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                        if written <= 0 { if errno == EINTR { continue } else { return } }
                        offset += written
                    }
                }
            }
        }
    }
}
