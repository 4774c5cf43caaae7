import Logging
import Testing

@testable import Server

@Suite struct TextLogLineTests {
    @Test func writesOneReadableLineWithSortedFields() throws {
        let lines = JSONLogLineTests.Lines()
        var logger = Logger(label: "deskbridge") { LineLogHandler(label: $0, format: .text, sink: lines.sink) }
        logger[metadataKey: "request_id"] = "abc123"
        logger.info("request", metadata: ["tenant": "demo", "route": "/plugins/{tenant}/products", "tags": ["a", "b"]])
        logger.debug("not written at info level")

        #expect(lines.all.count == 1)
        let line = String(decoding: try #require(lines.all.first), as: UTF8.self)
        let time = try #require(line.split(separator: " ").first)
        #expect(time.hasSuffix("Z") && time.count == 24)
        #expect(
            line.dropFirst(time.count)
                == #" info deskbridge: request request_id=abc123 route=/plugins/{tenant}/products tags="[\"a\", \"b\"]" tenant=demo"# + "\n")
    }

    @Test func neverSplitsAnEntryOverSeveralLines() {
        let lines = JSONLogLineTests.Lines()
        let logger = Logger(label: "x") { LineLogHandler(label: $0, format: .text, sink: lines.sink) }
        logger.warning("line one\nline two\u{1}", metadata: ["value": "say \"hi\"\r\n", "empty": ""])
        let line = String(decoding: lines.all.first ?? [], as: UTF8.self)
        #expect(line.filter { $0 == "\n" }.count == 1)
        #expect(line.hasSuffix(#" warning x: line one\nline two\u0001 empty="" value="say \"hi\"\r\n""# + "\n"))
    }
}
