import Foundation
import Mapping
import Yams

/// A configuration file's text, kept to turn positions inside multi-line values into locations.
package final class ConfigFile: Sendable {
    package let path: String
    let lines: [Substring]

    package init(path: String, text: String) {
        self.path = path
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Number of leading spaces of a 1-based line.
    func indentation(ofLine line: Int) -> Int {
        guard line >= 1, line <= lines.count else { return 0 }
        return lines[line - 1].prefix(while: { $0 == " " }).count
    }
}

/// A YAML node with the file it came from, read with checks that report precise locations.
///
/// Readers report a problem to `Diagnostics` and return nil, so that a load carries on and reports
/// every error of a file in one go.
package struct ConfigNode {
    package let node: Node
    package let file: ConfigFile
    /// Where the node sits, e.g. `products.fields.title`; used in messages.
    package let path: String

    init(node: Node, file: ConfigFile, path: String) {
        self.node = node
        self.file = file
        self.path = path
    }

    /// Parses a whole file; a YAML syntax error becomes a diagnostic at its position.
    package static func parse(_ file: ConfigFile, text: String, diagnostics: Diagnostics) -> ConfigNode? {
        do {
            guard let root = try Yams.compose(yaml: text) else {
                diagnostics.error("the file is empty", at: SourceLocation(file: file.path, line: 1, column: 1))
                return nil
            }
            return ConfigNode(node: root, file: file, path: "")
        } catch let error as YamlError {
            let (mark, problem) = Self.describe(error)
            let line = mark.flatMap { $0.line >= 1 && $0.line <= file.lines.count ? file.lines[$0.line - 1] : nil } ?? ""
            // A `${…}` or `{…}` value inside a flow collection is the usual cause of flow errors.
            let hint =
                problem.contains("flow") && (line.contains("${") || line.contains("{{"))
                ? "inside { … } or [ … ], quote values that contain braces: '${TOKEN}'" : nil
            diagnostics.error(
                "invalid YAML: \(problem)",
                at: SourceLocation(file: file.path, line: mark?.line ?? 1, column: mark?.column ?? 1), hint: hint)
            return nil
        } catch {
            diagnostics.error("invalid YAML: \(error)", at: SourceLocation(file: file.path, line: 1, column: 1))
            return nil
        }
    }

    private static func describe(_ error: YamlError) -> (Mark?, String) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let text = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
            return (mark, text)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (context.mark, "duplicated key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        case .reader(let problem, _, _, _):
            return (nil, problem)
        default:
            return (nil, "\(error)")
        }
    }

    package var location: SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file.path, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    package var isNull: Bool {
        if case .scalar(let scalar) = node {
            return scalar.tag == Tag(.null) || (scalar.style == .plain && Self.nullSpellings.contains(scalar.string))
        }
        return false
    }

    private static let nullSpellings: Set<String> = ["null", "Null", "NULL", "~", ""]

    package func child(_ node: Node, key: String) -> ConfigNode {
        ConfigNode(node: node, file: file, path: path.isEmpty ? key : "\(path).\(key)")
    }

    package func describeKind() -> String {
        switch node {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    // MARK: Mappings and lists

    /// The entries of a mapping, in file order. Keys outside `allowedKeys` are reported with a
    /// did-you-mean hint; pass nil to accept any key (names chosen by the user).
    package func entries(
        allowed allowedKeys: [String]?, _ diagnostics: Diagnostics
    ) -> [(key: String, keyLocation: SourceLocation, value: ConfigNode)]? {
        guard case .mapping(let mapping) = node else {
            diagnostics.error("'\(displayPath)' must be a mapping of keys to values, not \(describeKind())", at: location)
            return nil
        }
        var result: [(key: String, keyLocation: SourceLocation, value: ConfigNode)] = []
        for (keyNode, valueNode) in mapping {
            let keyConfig = ConfigNode(node: keyNode, file: file, path: path)
            guard case .scalar(let keyScalar) = keyNode else {
                diagnostics.error("keys must be plain names", at: keyConfig.location)
                continue
            }
            let key = keyScalar.string
            if let allowedKeys, !allowedKeys.contains(key) {
                let hint =
                    Suggestion.closest(to: key, among: allowedKeys).map { "did you mean '\($0)'?" }
                    ?? "expected one of: \(allowedKeys.joined(separator: ", "))"
                diagnostics.error("unknown key '\(key)' in '\(displayPath)'", at: keyConfig.location, hint: hint)
                continue
            }
            result.append((key, keyConfig.location, child(valueNode, key: key)))
        }
        return result
    }

    /// A mapping read into a dictionary-like lookup, after checking its keys.
    package func fields(allowed allowedKeys: [String], required: [String] = [], _ diagnostics: Diagnostics) -> ConfigFields? {
        guard let entries = entries(allowed: allowedKeys, diagnostics) else { return nil }
        let fields = ConfigFields(owner: self, entries: entries)
        for key in required where fields[key] == nil {
            diagnostics.error("'\(displayPath)' is missing the key '\(key)'", at: location)
        }
        return fields
    }

    package func list(_ diagnostics: Diagnostics) -> [ConfigNode]? {
        guard case .sequence(let sequence) = node else {
            diagnostics.error("'\(displayPath)' must be a list, not \(describeKind())", at: location)
            return nil
        }
        return sequence.enumerated().map { index, element in
            ConfigNode(node: element, file: file, path: "\(path)[\(index)]")
        }
    }

    package var displayPath: String { path.isEmpty ? "(top level)" : path }

    // MARK: Scalars

    /// The scalar's text, with its YAML style; nil (and an error) for a mapping or a list.
    package func scalar(_ diagnostics: Diagnostics) -> Node.Scalar? {
        guard case .scalar(let scalar) = node else {
            diagnostics.error("'\(displayPath)' must be a single value, not \(describeKind())", at: location)
            return nil
        }
        return scalar
    }

    package func string(_ diagnostics: Diagnostics) -> String? {
        scalar(diagnostics)?.string
    }

    package func bool(_ diagnostics: Diagnostics) -> Bool? {
        guard let scalar = scalar(diagnostics) else { return nil }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            diagnostics.error("'\(displayPath)' must be true or false", at: location)
            return nil
        }
    }

    package func integer(in range: ClosedRange<Int>, _ diagnostics: Diagnostics) -> Int? {
        guard let text = string(diagnostics) else { return nil }
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")), range.contains(value) else {
            diagnostics.error("'\(displayPath)' must be an integer from \(range.lowerBound) to \(range.upperBound)", at: location)
            return nil
        }
        return value
    }

    /// A duration such as `250ms`, `30s`, `5m`, `1h` (a bare number means seconds).
    package func duration(_ diagnostics: Diagnostics) -> Duration? {
        guard let text = string(diagnostics) else { return nil }
        guard let duration = DurationText.parse(text) else {
            diagnostics.error("'\(displayPath)' must be a duration such as 250ms, 30s, 5m or 1h", at: location)
            return nil
        }
        return duration
    }

    /// A size in bytes such as `64MiB`, `512KB` or `1048576`.
    package func byteSize(_ diagnostics: Diagnostics) -> Int? {
        guard let text = string(diagnostics) else { return nil }
        guard let size = ByteSizeText.parse(text) else {
            diagnostics.error("'\(displayPath)' must be a size such as 64MiB, 512KB or 1048576", at: location)
            return nil
        }
        return size
    }

    package func stringList(_ diagnostics: Diagnostics) -> [String]? {
        guard let items = list(diagnostics) else { return nil }
        let strings = items.compactMap { $0.string(diagnostics) }
        return strings.count == items.count ? strings : nil
    }

    /// A YAML value turned into JSON data: scalars keep their YAML type (numbers, booleans, null).
    package func jsonValue(_ diagnostics: Diagnostics) -> JSON? {
        switch node {
        case .scalar(let scalar):
            return Self.literal(scalar)
        case .sequence:
            guard let items = list(diagnostics) else { return nil }
            let values = items.compactMap { $0.jsonValue(diagnostics) }
            return values.count == items.count ? .array(values) : nil
        case .mapping:
            guard let entries = entries(allowed: nil, diagnostics) else { return nil }
            var object = JSONObject()
            for entry in entries {
                guard let value = entry.value.jsonValue(diagnostics) else { return nil }
                object.append(key: entry.key, value: value)
            }
            return .object(object)
        case .alias:
            diagnostics.error("YAML aliases are not supported here", at: location)
            return nil
        }
    }

    /// The JSON value of a plain scalar (`42`, `true`, `null`), or its text for quoted ones.
    package static func literal(_ scalar: Node.Scalar) -> JSON {
        guard scalar.style == .plain else { return .string(scalar.string) }
        let text = scalar.string
        if nullSpellings.contains(text) { return .null }
        switch text {
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let number = Double(text), text.first.map({ $0.isNumber || $0 == "-" || $0 == "." }) == true { return .number(number) }
        return .string(text)
    }
}

/// The checked entries of a mapping, looked up by key.
package struct ConfigFields {
    package let owner: ConfigNode
    package let entries: [(key: String, keyLocation: SourceLocation, value: ConfigNode)]

    package subscript(key: String) -> ConfigNode? {
        entries.first { $0.key == key }?.value
    }

    package var keys: [String] { entries.map(\.key) }
}
