import Foundation
import Logging

/// What both line handlers share: which fields a line carries, and how time is written.
enum LogFields {
    /// The handler's metadata, then the provider's, then the event's (later ones win), sorted by
    /// key so that lines compare and diff well. Built only for lines that are written: setting
    /// metadata on a logger, which happens on every request, costs no formatting.
    static func merged(_ metadata: Logger.Metadata, _ provider: Logger.MetadataProvider?, _ event: LogEvent) -> [(key: String, value: Logger.MetadataValue)] {
        var fields = metadata
        if let provided = provider?.get() { fields.merge(provided) { _, new in new } }
        if let own = event.metadata { fields.merge(own) { _, new in new } }
        return fields.sorted { $0.key < $1.key }
    }

    /// `2026-11-25T21:30:05.123Z`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(timeFormat)
    }

    private static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
