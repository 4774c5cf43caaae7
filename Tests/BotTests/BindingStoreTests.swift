import Bot
import Foundation
import GatewayConfig
import Logging
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Operator bindings survive restarts through their file, which one process writes.
@Suite struct BindingStoreTests {
    func temporaryFile() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-bindings-\(UUID().uuidString)")
        return directory.appendingPathComponent("nested/bindings.json").path
    }

    func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: ((path as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent)
    }

    let rules = [DistributionRule(id: "ef4670c3-d715-4a21-8226-ed17f354fc44", label: "Advisors")]

    @Test func bindingsAreReadBackByANewStore() throws {
        let path = try temporaryFile()
        defer { remove(path) }
        let clock = TestDates(start: Date(timeIntervalSince1970: 1_700_000_000.75))
        let store = OperatorBindingStore(file: path, logger: quietLogger, now: { clock.now })
        #expect(store.binding(for: "ha-1") == nil)
        let created = try store.bind(idOperator: "ha-1", idBot: "assistant", name: "Bot", pseudo: "Botty", language: "fr", distributionRules: rules)
        #expect(created.createdAt == Date(timeIntervalSince1970: 1_700_000_000), "whole seconds, as written")
        clock.advance(60)
        let updated = try store.bind(idOperator: "ha-1", idBot: "assistant", name: "Bot 2", pseudo: nil, language: "en", distributionRules: [])
        #expect(updated.createdAt == created.createdAt && updated.updatedAt == Date(timeIntervalSince1970: 1_700_000_060))
        try store.bind(idOperator: "ha-2", idBot: "other", name: nil, pseudo: nil, language: nil, distributionRules: rules)

        let restarted = OperatorBindingStore(file: path, logger: quietLogger)
        #expect(restarted.all == store.all)
        #expect(restarted.binding(for: "ha-1") == updated)
        #expect(restarted.binding(for: "ha-2")?.distributionRules == rules)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(leftovers == ["bindings.json"], "no temporary file is left behind")
    }

    @Test(arguments: ["{not json", "[1,2,3]", #"{"version": 7, "bindings": []}"#, String(repeating: "\u{0}", count: 64)])
    func anUnknownFileIsACorruptFirstLineLeftAsItIs(_ content: String) throws {
        let path = try temporaryFile()
        defer { remove(path) }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try content.write(toFile: path, atomically: false, encoding: .utf8)
        let store = OperatorBindingStore(file: path, logger: quietLogger)
        #expect(store.all.isEmpty)
        #expect(store.corruption?.hasPrefix("\(path):1: ") == true, "\(store.corruption ?? "nil")")
        #expect(throws: BindingStoreError.self) {
            try store.bind(idOperator: "ha-1", idBot: "assistant", name: nil, pseudo: nil, language: nil, distributionRules: [])
        }
        #expect(FileManager.default.contents(atPath: path) == Data(content.utf8), "left for a look, never overwritten")
    }

    @Test func anEmptyFileStartsEmpty() throws {
        let path = try temporaryFile()
        defer { remove(path) }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "".write(toFile: path, atomically: false, encoding: .utf8)
        let store = OperatorBindingStore(file: path, logger: quietLogger)
        #expect(store.all.isEmpty && store.corruption == nil)
        try store.bind(idOperator: "ha-1", idBot: "assistant", name: nil, pseudo: nil, language: nil, distributionRules: [])
        #expect(try savedBindings(path).keys.sorted() == ["ha-1"])
    }

    @Test func incompleteEntriesAreLeftOut() throws {
        let path = try temporaryFile()
        defer { remove(path) }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try #"""
        {"version": 1, "bindings": [
          {"idOperator": "ha-1", "idBot": "assistant", "createdAt": "2025-01-02T03:04:05Z", "updatedAt": "2025-01-02T03:04:05Z"},
          {"idOperator": "ha-2", "createdAt": "2025-01-02T03:04:05Z", "updatedAt": "2025-01-02T03:04:05Z"},
          {"idOperator": "ha-3", "idBot": "assistant", "createdAt": "yesterday", "updatedAt": "2025-01-02T03:04:05Z"},
          "nonsense"
        ]}
        """#.write(toFile: path, atomically: false, encoding: .utf8)
        let store = OperatorBindingStore(file: path, logger: quietLogger)
        #expect(store.all.map(\.idOperator) == ["ha-1"])
    }

    @Test func anUnwritableFileRefusesTheBindingAndChangesNothing() throws {
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-blocker-\(UUID().uuidString)").path
        try "a file, not a folder".write(toFile: blocker, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        let store = OperatorBindingStore(file: blocker + "/bindings.json", logger: quietLogger)
        #expect(throws: BindingStoreError.self) {
            try store.bind(idOperator: "ha-1", idBot: "assistant", name: nil, pseudo: nil, language: nil, distributionRules: [])
        }
        #expect(store.binding(for: "ha-1") == nil)
    }

    @Test func storesOfOneProcessNamingTheFileShareIt() throws {
        let path = try temporaryFile()
        defer { remove(path) }
        // A configuration reload builds a second store while the first may still answer a call.
        let first = OperatorBindingStore(file: path, logger: quietLogger)
        let second = OperatorBindingStore(file: path, limits: BindingLimits(maxBindings: 2), logger: quietLogger)
        try first.bind(idOperator: "ha-1", idBot: "assistant", name: nil, pseudo: nil, language: nil, distributionRules: [])
        #expect(second.binding(for: "ha-1")?.idBot == "assistant")
        try second.bind(idOperator: "ha-2", idBot: "other", name: nil, pseudo: nil, language: nil, distributionRules: [])
        #expect(first.all.map(\.idOperator) == ["ha-1", "ha-2"])
        #expect(throws: BindingStoreError.tooManyBindings(maximum: 2)) {
            try second.bind(idOperator: "ha-3", idBot: "other", name: nil, pseudo: nil, language: nil, distributionRules: [])
        }
        #expect(try savedBindings(path).keys.sorted() == ["ha-1", "ha-2"])
    }

    @Test func anotherProcessWritingTheFileIsRefused() throws {
        let path = try temporaryFile()
        defer { remove(path) }
        do {
            let earlier = OperatorBindingStore(file: path, logger: quietLogger)
            try earlier.bind(idOperator: "ha-1", idBot: "assistant", name: nil, pseudo: nil, language: nil, distributionRules: [])
        }
        // Another process's lock (flock locks an open file, so this process can stand for it).
        let other = open(path, O_RDONLY)
        #expect(other >= 0)
        #expect(flock(other, LOCK_EX | LOCK_NB) == 0)
        defer { close(other) }
        let before = try #require(FileManager.default.contents(atPath: path))
        let store = OperatorBindingStore(file: path, logger: quietLogger)
        #expect(store.binding(for: "ha-1")?.idBot == "assistant", "reads are served")
        do throws(BindingStoreError) {
            try store.bind(idOperator: "ha-2", idBot: "assistant", name: nil, pseudo: nil, language: nil, distributionRules: [])
            Issue.record("a second writer was let in")
        } catch {
            #expect("\(error)".contains("another process writes this file"), "\(error)")
        }
        #expect(store.binding(for: "ha-2") == nil)
        #expect(FileManager.default.contents(atPath: path) == before)
    }

    @Test func pinnedOperatorsNeedNoFile() throws {
        let path = try temporaryFile()
        defer { remove(path) }
        let store = OperatorBindingStore(file: path, pinned: ["ha-9": "assistant"], logger: quietLogger)
        #expect(store.binding(for: "ha-9")?.idBot == "assistant")
        #expect(store.all.isEmpty)
        try store.bind(idOperator: "ha-9", idBot: "other", name: nil, pseudo: nil, language: nil, distributionRules: [])
        #expect(store.binding(for: "ha-9")?.idBot == "other", "a PUT wins over the pin")
        #expect(!FileManager.default.fileExists(atPath: path + ".corrupt"))
    }
}

/// Dates moved by hand.
final class TestDates: Sendable {
    private let current: Mutex<Date>
    init(start: Date) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 += seconds } }
}
