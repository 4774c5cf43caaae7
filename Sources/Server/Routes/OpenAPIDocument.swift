import Foundation
import Mapping

/// The OpenAPI 3.1 document served at `/openapi.json`, written by hand in
/// `Sources/Server/Resources/openapi.json` (shared parameters, answers and schemas under
/// `components`). It ships in the `deskbridge_Server.resources` folder beside the binary and is
/// read once, when the gateway starts: a missing or broken document stops the start.
package struct OpenAPIDocument: Sendable {
    /// The file's bytes, served as they are.
    package let bytes: [UInt8]
    /// The same, parsed.
    package let json: JSON

    /// The document shipped with the module, read on first use (the runtime asks for it at start).
    package static let bundled: Result<OpenAPIDocument, OpenAPIDocumentError> = Result {
        () throws(OpenAPIDocumentError) in
        try load(Bundle.module.bundleURL.appendingPathComponent("openapi.json"))
    }

    /// Reads and checks a document: JSON, `openapi` 3.1.x, a `paths` object, every local `$ref`
    /// resolving.
    package static func load(_ url: URL) throws(OpenAPIDocumentError) -> OpenAPIDocument {
        guard FileManager.default.fileExists(atPath: url.path) else { throw .missing(url.path) }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .unreadable(url.path, "\(error)") }
        return try parse(Array(data), path: url.path)
    }

    /// Checks the bytes of a document read from `path`.
    package static func parse(_ bytes: [UInt8], path: String) throws(OpenAPIDocumentError) -> OpenAPIDocument {
        let json: JSON
        do {
            json = try JSON(parsing: bytes)
        } catch {
            throw .invalid(path, line: error.line, column: error.column, error.message)
        }
        guard json["openapi"]?.stringValue?.hasPrefix("3.1.") == true else {
            throw .invalid(path, line: 1, column: 1, "`openapi` must be \"3.1.x\"")
        }
        guard let paths = json["paths"]?.objectValue, !paths.isEmpty else {
            throw .invalid(path, line: 1, column: 1, "`paths` must be an object listing the routes")
        }
        var references: [String] = []
        collectReferences(json, into: &references)
        for reference in references {
            if case .none = resolve(reference, in: json) { throw .invalid(path, line: 1, column: 1, "\(reference) does not resolve") }
        }
        return OpenAPIDocument(bytes: bytes, json: json)
    }

    /// Every `$ref` value in `value`, in document order.
    package static func collectReferences(_ value: JSON, into references: inout [String]) {
        switch value {
        case .object(let object):
            for (key, member) in object {
                if key == "$ref", let reference = member.stringValue { references.append(reference) }
                collectReferences(member, into: &references)
            }
        case .array(let items):
            for item in items { collectReferences(item, into: &references) }
        default:
            break
        }
    }

    /// What a local reference (`#/components/…`) points at in `document`; nil for any other.
    package static func resolve(_ reference: String, in document: JSON) -> JSON? {
        guard reference.hasPrefix("#/") else { return nil }
        var target: JSON? = document
        for part in reference.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let index = Int(key), let items = target?.arrayValue {
                target = items.indices.contains(index) ? items[index] : nil
            } else {
                target = target?[key]
            }
        }
        return target
    }
}

/// Why the OpenAPI document cannot be served; the gateway does not start with it.
package enum OpenAPIDocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing(String)
    case unreadable(String, String)
    case invalid(String, line: Int, column: Int, String)

    package var description: String {
        let shipped = "it ships in deskbridge_Server.resources, beside the deskbridge binary"
        switch self {
        case .missing(let path):
            return "\(path): error: the OpenAPI document served at /openapi.json is missing (\(shipped))"
        case .unreadable(let path, let reason):
            return "\(path): error: the OpenAPI document cannot be read: \(reason)"
        case .invalid(let path, let line, let column, let problem):
            return "\(path):\(line):\(column): error: the OpenAPI document is not valid: \(problem)"
        }
    }
}
