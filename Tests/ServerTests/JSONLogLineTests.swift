import Foundation
import Logging
import Mapping
import Synchronization
import Testing

@testable import Server

@Suite struct JSONLogLineTests {
    /// Collects what the handler writes.
    final class Lines: Sendable {
        private let storage = Mutex<[[UInt8]]>([])
        var sink: LogLineSink { LogLineSink { line in self.storage.withLock { $0.append(line) } } }
        var all: [[UInt8]] { storage.withLock { $0 } }
    }

    @Test func writesOneObjectPerLineWithMetadataAsFields() throws {
        let lines = Lines()
        var logger = Logger(label: "deskbridge") { LineLogHandler(label: $0, format: .json, sink: lines.sink) }
        logger[metadataKey: "request_id"] = "abc123"
        logger.info("request", metadata: ["tenant": "demo", "status": "200", "tags": ["a", "b"], "message": "shadowed"])
        logger.debug("not written at info level")

        #expect(lines.all.count == 1)
        let line = try #require(lines.all.first)
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(line.dropLast().contains(UInt8(ascii: "\n")) == false)
        let object = try JSON(parsing: Array(line.dropLast()))
        #expect(object["level"] == "info")
        #expect(object["logger"] == "deskbridge")
        #expect(object["message"] == "request")
        #expect(object["message_"] == "shadowed")
        #expect(object["request_id"] == "abc123")
        #expect(object["tenant"] == "demo")
        #expect(object["tags"] == ["a", "b"])
        let time = try #require(object["time"]?.stringValue)
        #expect(try Date(time, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)).timeIntervalSinceNow.magnitude < 60)
        #expect(time.hasSuffix("Z"))
    }

    @Test func escapesWhateverAMessageHolds() throws {
        let lines = Lines()
        let logger = Logger(label: "x") { LineLogHandler(label: $0, format: .json, sink: lines.sink) }
        let hostile = "line one\nline \"two\"\t\u{0}\u{1F}é 🙂 \\"
        logger.error("\(hostile)", metadata: ["nested": ["inner": ["list": [.stringConvertible(42)]]]])
        let line = try #require(lines.all.first)
        #expect(line.filter { $0 == UInt8(ascii: "\n") }.count == 1)
        let object = try JSON(parsing: Array(line.dropLast()))
        #expect(object["message"]?.stringValue == hostile)
        #expect(object["nested"]?["inner"]?["list"] == ["42"])
        #expect(object["level"] == "error")
    }

    /// Through the sink the gateway writes with, to a pipe: lines of 10 kB are far over the pipe's
    /// atomic write size, so only the sink's lock keeps concurrent lines whole.
    @Test func concurrentLoggingKeepsEveryLineWhole() async throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let (readEnd, writeEnd) = (ends[0], ends[1])
        // A thread of its own drains the pipe: writers blocked on a full pipe never wait on the pool.
        let reading = Task {
            await withCheckedContinuation { (continuation: CheckedContinuation<[UInt8], Never>) in
                Thread {
                    var received: [UInt8] = []
                    var buffer = [UInt8](repeating: 0, count: 1 << 16)
                    while true {
                        let count = read(readEnd, &buffer, buffer.count)
                        if count > 0 {
                            received += buffer[0..<count]
                        } else if count < 0 && errno == EINTR {
                            continue
                        } else {
                            break
                        }
                    }
                    close(readEnd)
                    continuation.resume(returning: received)
                }.start()
            }
        }
        let sink = LogLineSink.fileDescriptor(writeEnd)
        let logger = Logger(label: "x") { LineLogHandler(label: $0, format: .json, sink: sink) }
        let long = String(repeating: "x", count: 10_000)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask { for index in 0..<50 { logger.info("\(long)", metadata: ["task": "\(task)", "index": "\(index)"]) } }
            }
        }
        close(writeEnd)
        let received = await reading.value
        let lines = received.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        #expect(received.last == UInt8(ascii: "\n"))
        #expect(lines.count == 401, "400 lines and the empty rest after the last newline")
        var seen = Set<String>()
        for line in lines.dropLast() {
            let object = try JSON(parsing: Array(line))
            #expect(object["message"]?.stringValue == long)
            seen.insert("\(object["task"]?.stringValue ?? "?")/\(object["index"]?.stringValue ?? "?")")
        }
        #expect(seen.count == 400, "every line once")
    }
}
