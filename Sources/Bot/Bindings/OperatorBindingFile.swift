import Foundation
import GatewayConfig
import Mapping

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The JSON file that keeps operator bindings across restarts:
/// `{"version": 1, "bindings": [{idOperator, idBot, name, pseudo, language, distributionRules,
/// createdAt, updatedAt}]}`. Written whole to a temporary file in the same folder, flushed, then
/// renamed over the old one, so a crash leaves either the old file or the new one.
struct OperatorBindingFile: Sendable {
    let path: String

    /// What reading the file found.
    enum Contents {
        case missing
        case bindings([OperatorBinding], skipped: Int)
        case corrupt(reason: String)
    }

    /// Identifies a version of the file, to notice writes by another replica sharing it.
    struct Stamp: Equatable {
        let modified: Date?
        let size: Int
    }

    static let maxBytes = 16 << 20

    var stamp: Stamp? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return Stamp(modified: attributes[.modificationDate] as? Date, size: (attributes[.size] as? NSNumber)?.intValue ?? 0)
    }

    func read() -> Contents {
        guard FileManager.default.fileExists(atPath: path) else { return .missing }
        guard let stamp, stamp.size <= Self.maxBytes else { return .corrupt(reason: "larger than \(Self.maxBytes >> 20) MiB") }
        guard let data = FileManager.default.contents(atPath: path) else { return .corrupt(reason: "unreadable") }
        let json: JSON
        do {
            json = try JSON(parsing: Array(data))
        } catch {
            return .corrupt(reason: "not JSON: \(error)")
        }
        guard json["version"]?.intValue == 1, let items = json["bindings"]?.arrayValue else {
            return .corrupt(reason: "not a DeskBridge bindings file (version 1)")
        }
        var bindings: [OperatorBinding] = []
        for item in items {
            if let binding = Self.binding(item) { bindings.append(binding) }
        }
        return .bindings(bindings, skipped: items.count - bindings.count)
    }

    /// Replaces the file with `bindings`.
    func write(_ bindings: [OperatorBinding]) throws(BindingStoreError) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory.isEmpty ? "." : directory, withIntermediateDirectories: true)
        } catch {
            throw .unwritable(path: path, reason: "cannot create its folder: \(error.localizedDescription)")
        }
        var document = JSONObject()
        document.append(key: "version", value: 1)
        document.append(key: "bindings", value: .array(bindings.sorted { $0.idOperator < $1.idOperator }.map(Self.json)))
        let bytes = JSON.object(document).encoded()
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw .unwritable(path: path, reason: Self.systemError()) }
        var failure = writeAll(bytes, to: descriptor)
        if failure == nil, fsync(descriptor) != 0 { failure = Self.systemError() }
        close(descriptor)
        if failure == nil, rename(temporary, path) != 0 { failure = Self.systemError() }
        if let failure {
            unlink(temporary)
            throw .unwritable(path: path, reason: failure)
        }
    }

    /// Moves a corrupt file aside (`….corrupt`) so that it can be looked at and is not overwritten.
    func setAside() -> String? {
        let aside = path + ".corrupt"
        unlink(aside)
        return rename(path, aside) == 0 ? aside : nil
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }

    /// One binding as the file (and Redis, see `RedisBindingStore`) keeps it.
    static func json(_ binding: OperatorBinding) -> JSON {
        var object = JSONObject()
        object.append(key: "idOperator", value: .string(binding.idOperator))
        object.append(key: "idBot", value: .string(binding.idBot))
        object.append(key: "name", value: binding.name.map(JSON.string) ?? .null)
        object.append(key: "pseudo", value: binding.pseudo.map(JSON.string) ?? .null)
        object.append(key: "language", value: binding.language.map(JSON.string) ?? .null)
        object.append(key: "distributionRules", value: .array(binding.distributionRules.map(BotJSON.distributionRule)))
        object.append(key: "createdAt", value: .string(ISOTimestamp.string(binding.createdAt)))
        object.append(key: "updatedAt", value: .string(ISOTimestamp.string(binding.updatedAt)))
        return .object(object)
    }

    /// A binding read back; nil when an entry lacks its operator, bot or times.
    static func binding(_ json: JSON) -> OperatorBinding? {
        guard let idOperator = json["idOperator"]?.stringValue, !idOperator.isEmpty,
            let idBot = json["idBot"]?.stringValue, !idBot.isEmpty,
            let createdAt = json["createdAt"]?.stringValue.flatMap(ISOTimestamp.date),
            let updatedAt = json["updatedAt"]?.stringValue.flatMap(ISOTimestamp.date)
        else { return nil }
        let rules = (json["distributionRules"]?.arrayValue ?? []).compactMap { rule -> DistributionRule? in
            guard let id = rule["id"]?.stringValue else { return nil }
            return DistributionRule(id: id, label: rule["label"]?.stringValue)
        }
        return OperatorBinding(
            idOperator: idOperator, idBot: idBot, name: json["name"]?.stringValue, pseudo: json["pseudo"]?.stringValue,
            language: json["language"]?.stringValue, distributionRules: rules, createdAt: createdAt, updatedAt: updatedAt)
    }
}

/// Why a binding could not be saved.
package enum BindingStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case unwritable(path: String, reason: String)
    /// The fleet's Redis (`shared:`) failed or is being skipped while it fails.
    case sharedStateUnavailable(key: String)
    /// A new operator beyond `bot.maxBindings`: nothing was written.
    case tooManyBindings(maximum: Int)
    /// More PUTs than `bot.bindingWritesPerMinute`: nothing was written.
    case writesTooFrequent(retryAfter: Duration)

    package var description: String {
        switch self {
        case .unwritable(let path, let reason): "cannot write the bot bindings file \(path): \(reason)"
        case .sharedStateUnavailable(let key): "cannot save the bot binding in Redis (\(key)): Redis failed or is unreachable"
        case .tooManyBindings(let maximum): "the tenant already has \(maximum) bound operators (bot.maxBindings)"
        case .writesTooFrequent(let wait): "too many bindings written; the next is allowed in \(wait) (bot.bindingWritesPerMinute)"
        }
    }
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
            return String(cString: strerror(errno))
        }
        written += count
    }
    return nil
}
