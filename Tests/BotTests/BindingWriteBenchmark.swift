import Foundation
import GatewayConfig
import Mapping
import Testing

@testable import Bot

#if canImport(Glibc)
import Glibc
#endif

/// 1,000 PUTs of new operators, timed two ways in one run: the file rewritten whole at each PUT
/// (the writer DeskBridge had before the journal, d5cf5ab's `OperatorBindingFile.write`, copied
/// below), and the journal (`OperatorBindingStore`). Both flush to disk at each PUT. Run by
/// `make bench` (`swift test --filter BindingWriteBenchmark`), left out of `make test` (BENCH_SUITES).
@Suite struct BindingWriteBenchmark {
    static let count = 1000

    @Test func thousandPutsRewrittenWholeThenJournaled() throws {
        let directory = FileManager.default.currentDirectoryPath + "/.build/bench-bindings-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let time = Date(timeIntervalSince1970: 1_700_000_000)
        let clock = ContinuousClock()

        var bindings: [String: OperatorBinding] = [:]
        let whole = try clock.measure {
            for index in 0..<Self.count {
                let binding = OperatorBinding(idOperator: "ha-\(index)", idBot: "assistant", pseudo: "Botty", createdAt: time, updatedAt: time)
                bindings[binding.idOperator] = binding
                try Self.rewriteWhole(Array(bindings.values), path: directory + "/whole.json")
            }
        }
        let store = OperatorBindingStore(
            file: directory + "/journal.json", limits: BindingLimits(maxBindings: Self.count, writesPerMinute: 1_000_000), logger: quietLogger)
        let journal = try clock.measure {
            for index in 0..<Self.count {
                try store.bind(idOperator: "ha-\(index)", idBot: "assistant", name: nil, pseudo: "Botty", language: nil, distributionRules: [])
            }
        }
        #expect(store.all.count == Self.count)
        let ratio = whole / journal
        print(
            "BindingWriteBenchmark: \(Self.count) PUTs: rewritten whole \(whole), journal \(journal), ratio \(String(format: "%.1f", ratio))"
                + "; final sizes \(Self.size(directory + "/whole.json")) and \(Self.size(directory + "/journal.json")) bytes")
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    struct WriteFailed: Error {}

    /// The writer before the journal: the whole document to a temporary file, flushed, renamed.
    static func rewriteWhole(_ bindings: [OperatorBinding], path: String) throws {
        var document = JSONObject()
        document.append(key: "version", value: 1)
        document.append(key: "bindings", value: .array(bindings.sorted { $0.idOperator < $1.idOperator }.map(OperatorBindingFile.json)))
        let bytes = JSON.object(document).encoded()
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw WriteFailed() }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress!, $0.count) }
        let flushed = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, flushed, rename(temporary, path) == 0 else { throw WriteFailed() }
    }
}
