import Mapping

/// One change to a tenant's bindings, as the bindings file records it.
enum BindingChange: Sendable, Hashable {
    case put(OperatorBinding)
    case delete(idOperator: String)
}

/// The bindings file: JSON Lines, a header then one line per change, oldest first.
///
///     {"format":"deskbridge-bot-bindings","version":2}
///     {"op":"put","binding":{"idOperator":"ha-1","idBot":"assistant",…,"updatedAt":"2026-12-07T18:00:00Z"}}
///     {"op":"delete","idOperator":"ha-1"}
///
/// Replaying the lines in order gives the bindings (a `put` replaces its operator's binding). Every
/// line ends with a newline: a last line without one is a write cut short by a crash.
enum BindingJournalFormat {
    static let formatName = "deskbridge-bot-bindings"

    static var header: [UInt8] {
        var object = JSONObject()
        object.append(key: "format", value: .string(formatName))
        object.append(key: "version", value: 2)
        return JSON.object(object).encoded() + [newline]
    }

    static func line(_ change: BindingChange) -> [UInt8] {
        var object = JSONObject()
        switch change {
        case .put(let binding):
            object.append(key: "op", value: "put")
            object.append(key: "binding", value: OperatorBindingFile.json(binding))
        case .delete(let idOperator):
            object.append(key: "op", value: "delete")
            object.append(key: "idOperator", value: .string(idOperator))
        }
        return JSON.object(object).encoded() + [newline]
    }

    /// What a file held.
    struct Replay {
        var bindings: [String: OperatorBinding] = [:]
        /// Change lines (after the header): what compaction weighs against the live bindings.
        var changes = 0
        /// Bytes up to the end of the last complete line.
        var completeBytes = 0
        /// The number of an incomplete last line, ignored.
        var tornLine: Int?
        /// The file was in the first format (`OperatorBindingFile.version1`): entries left out.
        var migratedSkipping: Int?
        /// The first line that is not a change, as `path:line: reason`.
        var corrupt: String?
        /// An empty file: it gets its header before the first change.
        var empty = false
    }

    static func replay(_ bytes: [UInt8], path: String) -> Replay {
        var replay = Replay()
        if bytes.allSatisfy({ $0 == newline || $0 == 0x20 }) {
            replay.empty = true
            return replay
        }
        var lines = bytes.split(separator: newline, omittingEmptySubsequences: false)
        // The last "line" is empty when the file ends with a newline, the torn tail otherwise.
        let tail = lines.removeLast()
        replay.completeBytes = bytes.count - tail.count
        guard let first = lines.first, isHeader(first) else {
            if let old = OperatorBindingFile.version1(bytes) {
                for binding in old.bindings { replay.bindings[binding.idOperator] = binding }
                replay.migratedSkipping = old.skipped
                replay.completeBytes = bytes.count
                return replay
            }
            replay.corrupt = "\(path):1: not a DeskBridge bot bindings file (its first line is not {\"format\":\"\(formatName)\",\"version\":2})"
            return replay
        }
        if !tail.isEmpty { replay.tornLine = lines.count + 1 }
        for (index, line) in lines.enumerated().dropFirst() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { continue }
            switch change(line) {
            case .success(.put(let binding)): replay.bindings[binding.idOperator] = binding
            case .success(.delete(let idOperator)): replay.bindings[idOperator] = nil
            case .failure(let corrupt):
                if replay.corrupt == nil { replay.corrupt = "\(path):\(index + 1): \(corrupt.reason)" }
                continue
            }
            replay.changes += 1
        }
        return replay
    }

    private static let newline = UInt8(ascii: "\n")

    private static func isHeader(_ line: ArraySlice<UInt8>) -> Bool {
        guard let json = try? JSON(parsing: Array(line)) else { return false }
        return json["format"]?.stringValue == formatName && json["version"]?.intValue == 2
    }

    private struct Corrupt: Error { let reason: String }

    private static func change(_ line: ArraySlice<UInt8>) -> Result<BindingChange, Corrupt> {
        let json: JSON
        do {
            json = try JSON(parsing: Array(line))
        } catch {
            return .failure(Corrupt(reason: "not JSON (\(error))"))
        }
        switch json["op"]?.stringValue {
        case "put":
            guard let binding = json["binding"].flatMap(OperatorBindingFile.binding) else {
                return .failure(Corrupt(reason: "a put without a complete binding (idOperator, idBot, createdAt, updatedAt)"))
            }
            return .success(.put(binding))
        case "delete":
            guard let idOperator = json["idOperator"]?.stringValue, !idOperator.isEmpty else {
                return .failure(Corrupt(reason: "a delete without its idOperator"))
            }
            return .success(.delete(idOperator: idOperator))
        default:
            return .failure(Corrupt(reason: "not a change (\"op\" is neither \"put\" nor \"delete\")"))
        }
    }
}
