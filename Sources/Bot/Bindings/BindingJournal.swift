import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tenant's bindings file (`BindingJournalFormat`), kept in memory and written one change at a
/// time: each change is one line appended and flushed to disk (`fsync`) before the PUT answers, so
/// a crash loses at most the change being written. When the changes outnumber the live bindings
/// (`compactionFactor` × bindings + `compactionSlack`), the file is rewritten with one line per
/// binding: to a temporary file in the same folder, flushed, renamed over the old one.
///
/// One writer per file: every store of this process naming the file shares one journal (a
/// configuration reload keeps writing through it), and the file is locked (`flock`) while written,
/// so another process writing it is refused. Several replicas keep bindings in Redis (`shared:`).
final class BindingJournal: Sendable {
    private struct State {
        var bindings: [String: OperatorBinding]
        /// Change lines in the file, header left out.
        var changes: Int
        /// Open for appends, and locked, once this process writes the file.
        var descriptor: Int32?
        /// Rewrite the file before the next append: a torn last line, the first format, a failed append.
        var rewrite: Bool
        /// A corrupt line (`path:line: reason`): nothing is written until it is fixed.
        var corrupt: String?
    }

    static let compactionFactor = 4
    static let compactionSlack = 64
    static let maxBytes = 16 << 20

    let path: String
    private let state: Mutex<State>
    private let logger: Logger

    private struct Opened: Sendable {
        weak var journal: BindingJournal?
    }

    private static let opened = Mutex<[String: Opened]>([:])

    /// The journal of a file: the one this process already has open, else read from the file.
    static func shared(path: String, logger: Logger) -> BindingJournal {
        let key = URL(fileURLWithPath: path).standardizedFileURL.path
        return opened.withLock { opened in
            if let journal = opened[key]?.journal { return journal }
            let journal = BindingJournal(path: path, logger: logger)
            opened[key] = Opened(journal: journal)
            return journal
        }
    }

    private init(path: String, logger: Logger) {
        self.path = path
        self.logger = logger
        let replay = Self.load(path, logger: logger)
        state = Mutex(
            State(
                bindings: replay.bindings, changes: replay.changes, descriptor: nil,
                rewrite: replay.tornLine != nil || replay.migratedSkipping != nil || replay.empty, corrupt: replay.corrupt))
        // Migrate the first format, or drop a torn line, now rather than at the first PUT.
        state.withLock { state in
            guard state.rewrite, state.corrupt == nil else { return }
            do throws(BindingStoreError) {
                try prepareWriter(&state)
            } catch {
                logger.warning("could not rewrite the bot bindings file: tried again at the next PUT", metadata: ["reason": "\(error)"])
            }
        }
    }

    deinit {
        state.withLock { state in
            if let descriptor = state.descriptor { close(descriptor) }
        }
    }

    func binding(for idOperator: String) -> OperatorBinding? {
        state.withLock { $0.bindings[idOperator] }
    }

    var all: [OperatorBinding] {
        state.withLock { $0.bindings.values.sorted { $0.idOperator < $1.idOperator } }
    }

    /// The corrupt line found at start (`path:line: reason`), if any: PUTs are refused until fixed.
    var corruption: String? {
        state.withLock { $0.corrupt }
    }

    /// Decides a change from the bindings as they are, appends it to the file, then applies it
    /// (no change: nothing written). When it cannot be written, memory is left as it was.
    func change<Value: Sendable>(
        _ decide: ([String: OperatorBinding]) -> Result<(BindingChange?, Value), BindingStoreError>
    ) throws(BindingStoreError) -> Value {
        let result: Result<Value, BindingStoreError> = state.withLock { state in
            let change: BindingChange?
            let value: Value
            switch decide(state.bindings) {
            case .failure(let error): return .failure(error)
            case .success(let decided): (change, value) = decided
            }
            guard let change else { return .success(value) }
            do throws(BindingStoreError) {
                try append(change, to: &state)
            } catch {
                return .failure(error)
            }
            return .success(value)
        }
        return try result.get()
    }

    private func append(_ change: BindingChange, to state: inout State) throws(BindingStoreError) {
        if let corrupt = state.corrupt {
            throw .unwritable(path: path, reason: "\(corrupt); fix or remove that line, then restart (see docs/operations.md)")
        }
        try prepareWriter(&state)
        guard let descriptor = state.descriptor else { throw .unwritable(path: path, reason: "not open") }
        if let failure = writeAll(BindingJournalFormat.line(change), to: descriptor) ?? (fsync(descriptor) == 0 ? nil : systemError()) {
            // The file may end with part of the line: it is rewritten from memory before the next change.
            close(descriptor)
            state.descriptor = nil
            state.rewrite = true
            throw .unwritable(path: path, reason: failure)
        }
        switch change {
        case .put(let binding): state.bindings[binding.idOperator] = binding
        case .delete(let idOperator): state.bindings[idOperator] = nil
        }
        state.changes += 1
        if state.changes > Self.compactionFactor * state.bindings.count + Self.compactionSlack {
            do throws(BindingStoreError) {
                try rewrite(&state)
            } catch {
                logger.warning("could not compact the bot bindings file: tried again at the next PUT", metadata: ["reason": "\(error)"])
            }
        }
    }

    /// Opens the file for appends, locked; rewrites it first when it is missing or must be.
    private func prepareWriter(_ state: inout State) throws(BindingStoreError) {
        if state.descriptor == nil, FileManager.default.fileExists(atPath: path) {
            let descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
            guard descriptor >= 0 else { throw .unwritable(path: path, reason: systemError()) }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                close(descriptor)
                throw .unwritable(
                    path: path, reason: "another process writes this file (one process per bindings file; several replicas need shared:)")
            }
            state.descriptor = descriptor
        }
        if state.descriptor == nil || state.rewrite { try rewrite(&state) }
    }

    /// Writes the live bindings to a fresh file, one `put` each, and renames it over the file.
    private func rewrite(_ state: inout State) throws(BindingStoreError) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory.isEmpty ? "." : directory, withIntermediateDirectories: true)
        } catch {
            throw .unwritable(path: path, reason: "cannot create its folder: \(error.localizedDescription)")
        }
        var bytes = BindingJournalFormat.header
        for binding in state.bindings.values.sorted(by: { $0.idOperator < $1.idOperator }) {
            bytes += BindingJournalFormat.line(.put(binding))
        }
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .unwritable(path: path, reason: systemError()) }
        var failure = writeAll(bytes, to: descriptor)
        if failure == nil, fsync(descriptor) != 0 { failure = systemError() }
        if failure == nil, flock(descriptor, LOCK_EX | LOCK_NB) != 0 { failure = systemError() }
        if failure == nil, rename(temporary, path) != 0 { failure = systemError() }
        if let failure {
            close(descriptor)
            unlink(temporary)
            throw .unwritable(path: path, reason: failure)
        }
        // The rename itself reaches the disk with the folder.
        let folder = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
        if let old = state.descriptor { close(old) }
        state.descriptor = descriptor
        state.changes = state.bindings.count
        state.rewrite = false
    }

    private static func load(_ path: String, logger: Logger) -> BindingJournalFormat.Replay {
        guard FileManager.default.fileExists(atPath: path) else {
            logger.info("no bot bindings file yet: iAdvize's PUT /bots/:idOperator will create it", metadata: ["path": "\(path)"])
            return BindingJournalFormat.Replay()
        }
        var replay = BindingJournalFormat.Replay()
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        if size > maxBytes {
            replay.corrupt = "\(path):1: larger than \(maxBytes >> 20) MiB"
        } else if let data = FileManager.default.contents(atPath: path) {
            replay = BindingJournalFormat.replay(Array(data), path: path)
        } else {
            replay.corrupt = "\(path):1: unreadable"
        }
        if let corrupt = replay.corrupt {
            logger.error(
                "the bot bindings file has a corrupt line: bindings are read from the other lines, and no PUT is saved until it is fixed",
                metadata: ["at": "\(corrupt)"])
        }
        if let line = replay.tornLine {
            logger.warning(
                "the bot bindings file ends with an incomplete line (a write cut short): ignored", metadata: ["at": "\(path):\(line)"])
        }
        if let skipped = replay.migratedSkipping {
            logger.notice("bot bindings file in the first format: rewritten as a journal", metadata: ["path": "\(path)"])
            if skipped > 0 {
                logger.warning("bot bindings left out: incomplete entries", metadata: ["path": "\(path)", "count": "\(skipped)"])
            }
        }
        return replay
    }
}

private func systemError() -> String {
    String(cString: strerror(errno))
}

/// Writes every byte to a file descriptor, retrying short writes; the error text on failure.
private func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> String? {
    var written = 0
    while written < bytes.count {
        let count = bytes.withUnsafeBytes { buffer in
            write(descriptor, buffer.baseAddress! + written, buffer.count - written)
        }
        if count < 0 {
            if errno == EINTR { continue }
            return systemError()
        }
        written += count
    }
    return nil
}
