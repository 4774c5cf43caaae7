import Bot
import Foundation
import GatewayConfig
import Mapping
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The bindings file is a journal: a PUT appends one line (the bytes before it untouched), a
/// restart replays it, compaction keeps it bounded, a crash mid-write costs at most that write.
@Suite struct BindingJournalTests {
    static let header = #"{"format":"deskbridge-bot-bindings","version":2}"#
    static func put(_ idOperator: String, bot: String = "assistant") -> String {
        #"{"op":"put","binding":{"idOperator":"\#(idOperator)","idBot":"\#(bot)","createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:05Z"}}"#
    }

    func withFile(_ content: String? = nil, _ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-journal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/bindings.json"
        if let content { try content.write(toFile: path, atomically: false, encoding: .utf8) }
        try body(path)
    }

    func bind(_ store: OperatorBindingStore, _ idOperator: String, bot: String = "assistant") throws {
        try store.bind(idOperator: idOperator, idBot: bot, name: nil, pseudo: nil, language: nil, distributionRules: [])
    }

    static let fast = BindingLimits(maxBindings: 1000, writesPerMinute: 100_000)

    @Test func aPutAppendsOneLineAndLeavesTheRestAsItWas() throws {
        try withFile { path in
            let store = OperatorBindingStore(file: path, limits: Self.fast, logger: quietLogger)
            try bind(store, "ha-1")
            try bind(store, "ha-2")
            let before = try #require(FileManager.default.contents(atPath: path))
            let inode = try fileNumber(path)
            try store.bind(idOperator: "ha-3", idBot: "other", name: "Bot", pseudo: "Botty", language: "fr", distributionRules: [])
            let after = try #require(FileManager.default.contents(atPath: path))
            #expect(try fileNumber(path) == inode, "the same file, not a new one renamed over it")
            #expect(after.prefix(before.count) == before, "the bytes before the append are unchanged")
            let added = lines(after.dropFirst(before.count))
            #expect(added.count == 1)
            let line = try JSON(parsing: Array(added[0].utf8))
            #expect(line["op"] == "put" && line["binding"]?["idOperator"] == "ha-3" && line["binding"]?["pseudo"] == "Botty")
            #expect(lines(after).first == Self.header)
        }
    }

    @Test func aDeleteAppendsOneLine() throws {
        try withFile { path in
            let store = OperatorBindingStore(file: path, pinned: ["ha-1": "pinned"], limits: Self.fast, logger: quietLogger)
            try bind(store, "ha-1")
            try bind(store, "ha-2")
            let before = try #require(FileManager.default.contents(atPath: path))
            #expect(try store.unbind(idOperator: "ha-1"))
            let after = try #require(FileManager.default.contents(atPath: path))
            #expect(after.prefix(before.count) == before)
            #expect(lines(after.dropFirst(before.count)) == [#"{"op":"delete","idOperator":"ha-1"}"#])
            #expect(store.binding(for: "ha-1")?.idBot == "pinned", "the pin is known again")
            #expect(try !store.unbind(idOperator: "ha-9"), "nothing to forget")
            #expect(FileManager.default.contents(atPath: path) == after, "and nothing written")
        }
    }

    @Test func aRestartReplaysTheFile() throws {
        try withFile { path in
            var expected: [OperatorBinding] = []
            do {
                let store = OperatorBindingStore(file: path, limits: Self.fast, logger: quietLogger)
                try bind(store, "ha-1")
                try bind(store, "ha-2", bot: "other")
                try bind(store, "ha-1", bot: "conseiller")
                try bind(store, "ha-3")
                try store.unbind(idOperator: "ha-2")
                expected = store.all
            }
            #expect(lines(try #require(FileManager.default.contents(atPath: path))).count == 1 + 5, "a header and one line per change")
            // A line written by hand is read: the new store replays the file, not the old one's memory.
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((Self.put("ha-7") + "\n").utf8))
            try handle.close()
            let restarted = OperatorBindingStore(file: path, logger: quietLogger)
            #expect(restarted.corruption == nil)
            #expect(restarted.all.filter { $0.idOperator != "ha-7" } == expected)
            #expect(restarted.binding(for: "ha-1")?.idBot == "conseiller")
            #expect(restarted.binding(for: "ha-2") == nil)
            #expect(restarted.binding(for: "ha-7")?.idBot == "assistant")
        }
    }

    @Test func compactionKeepsTheBindingsAndShrinksTheFile() throws {
        try withFile { path in
            var expected: [OperatorBinding] = []
            var sizes: [Int] = []
            do {
                let store = OperatorBindingStore(file: path, limits: Self.fast, logger: quietLogger)
                try bind(store, "ha-1")
                try bind(store, "ha-2")
                // Two live bindings: the file is rewritten past 4 × 2 + 64 = 72 change lines.
                for round in 0..<100 {
                    try bind(store, "ha-1", bot: "bot-\(round)")
                    sizes.append(try #require(FileManager.default.contents(atPath: path)).count)
                    #expect(lines(try #require(FileManager.default.contents(atPath: path))).count <= 1 + 4 * 2 + 64)
                }
                expected = store.all
            }
            let shrunk = sizes.indices.dropFirst().filter { sizes[$0] < sizes[$0 - 1] }
            #expect(shrunk.count == 1, "rewritten once in 100 writes: \(shrunk)")
            let index = try #require(shrunk.first)
            #expect(sizes[index] < sizes[index - 1] / 10)
            let restarted = OperatorBindingStore(file: path, logger: quietLogger)
            #expect(restarted.all == expected)
            #expect(restarted.binding(for: "ha-1")?.idBot == "bot-99")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
            #expect(leftovers == ["bindings.json"], "no temporary file is left behind")
        }
    }

    @Test func aTornLastLineIsIgnoredAndWrittenOver() throws {
        let torn = String(Self.put("ha-3").prefix(40))
        try withFile([Self.header, Self.put("ha-1"), Self.put("ha-2"), torn].joined(separator: "\n")) { path in
            do {
                let store = OperatorBindingStore(file: path, limits: Self.fast, logger: quietLogger)
                #expect(store.corruption == nil)
                #expect(store.all.map(\.idOperator) == ["ha-1", "ha-2"])
                try bind(store, "ha-4")
            }
            let restarted = OperatorBindingStore(file: path, logger: quietLogger)
            #expect(restarted.corruption == nil, "the next line does not start after the torn bytes")
            #expect(restarted.all.map(\.idOperator) == ["ha-1", "ha-2", "ha-4"])
            #expect(!(String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self).contains(torn + "{")))
        }
    }

    @Test func aCorruptLineInTheMiddleIsNamedAndNothingIsWritten() throws {
        let content = [Self.header, Self.put("ha-1"), #"{"op":"put","binding":{"idOp"#, Self.put("ha-2"), ""].joined(separator: "\n")
        try withFile(content) { path in
            let store = OperatorBindingStore(file: path, limits: Self.fast, logger: quietLogger)
            #expect(store.corruption?.hasPrefix("\(path):3: not JSON") == true, "\(store.corruption ?? "nil")")
            do throws(BindingStoreError) {
                try store.bind(idOperator: "ha-3", idBot: "assistant", name: nil, pseudo: nil, language: nil, distributionRules: [])
                Issue.record("a write went on past a corrupt line")
            } catch {
                #expect("\(error)".contains("\(path):3"), "\(error)")
            }
            #expect(FileManager.default.contents(atPath: path) == Data(content.utf8))
        }
        let unknown = [Self.header, Self.put("ha-1"), #"{"op":"rename","idOperator":"ha-1"}"#, Self.put("ha-2"), ""].joined(separator: "\n")
        try withFile(unknown) { path in
            #expect(OperatorBindingStore(file: path, logger: quietLogger).corruption?.hasPrefix("\(path):3: not a change") == true)
        }
    }

    @Test func aFileInTheFirstFormatIsMigrated() throws {
        let old = #"""
            {"version": 1, "bindings": [
              {"idOperator": "ha-1", "idBot": "assistant", "name": "Bot", "createdAt": "2025-01-02T03:04:05Z", "updatedAt": "2025-01-02T03:04:05Z"},
              {"idOperator": "ha-2", "idBot": "other", "createdAt": "2025-01-02T03:04:05Z", "updatedAt": "2025-02-02T03:04:05Z"}
            ]}
            """#
        try withFile(old) { path in
            var expected: [OperatorBinding] = []
            do {
                let store = OperatorBindingStore(file: path, limits: Self.fast, logger: quietLogger)
                expected = store.all
                #expect(expected.map(\.idOperator) == ["ha-1", "ha-2"])
                #expect(store.binding(for: "ha-1")?.name == "Bot")
                let migrated = lines(try #require(FileManager.default.contents(atPath: path)))
                #expect(migrated.count == 3 && migrated[0] == Self.header, "rewritten at start: \(migrated)")
                try bind(store, "ha-3")
                expected = store.all
            }
            let restarted = OperatorBindingStore(file: path, logger: quietLogger)
            #expect(restarted.corruption == nil)
            #expect(restarted.all == expected)
            #expect(try savedBindings(path).keys.sorted() == ["ha-1", "ha-2", "ha-3"])
        }
    }

    func lines(_ data: some Collection<UInt8>) -> [String] {
        String(decoding: Array(data), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    func fileNumber(_ path: String) throws -> Int {
        try #require((try FileManager.default.attributesOfItem(atPath: path))[.systemFileNumber] as? Int)
    }
}

/// The bindings a file holds, by `idOperator`, replayed as docs/bot.md describes it (a header,
/// then `put` and `delete` lines).
func savedBindings(_ path: String) throws -> [String: JSON] {
    let text = String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
    var lines = text.split(separator: "\n")
    #expect(lines.first == BindingJournalTests.header[...])
    lines = Array(lines.dropFirst())
    var bindings: [String: JSON] = [:]
    for line in lines {
        let change = try JSON(parsing: String(line))
        switch change["op"]?.stringValue {
        case "put": bindings[try #require(change["binding"]?["idOperator"]?.stringValue)] = change["binding"]
        case "delete": bindings[try #require(change["idOperator"]?.stringValue)] = nil
        default: Issue.record("not a change: \(line)")
        }
    }
    return bindings
}
