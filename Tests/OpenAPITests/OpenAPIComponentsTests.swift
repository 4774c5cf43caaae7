import Mapping
import Server
import Testing

/// What keeps the document maintainable: a parameter that several operations take, or an answer
/// several give, is written once under `components` and referenced, so that a change to it is one
/// edit (the router test and schemathesis do not notice a copy that drifted from the others).
@Suite struct OpenAPIComponentsTests {
    @Test func aParameterSeveralOperationsTakeIsAComponent() throws {
        let document = try OpenAPIDocument.bundled.get().json
        var inline: [String: [String]] = [:]
        var takenBy: [String: Set<String>] = [:]
        for (operation, value) in try Self.operations(document) {
            for parameter in value["parameters"]?.arrayValue ?? [] {
                let resolved = try #require(Self.resolved(parameter, in: document), "\(operation): a parameter does not resolve")
                let key = "\(resolved["in"]?.stringValue ?? "?") \(resolved["name"]?.stringValue ?? "?")"
                takenBy[key, default: []].insert(operation)
                if parameter["$ref"]?.stringValue == nil { inline[key, default: []].append(operation) }
            }
        }
        try #require(takenBy.count > 15, "the document's parameters are read")
        for (key, operations) in inline where takenBy[key, default: []].count > 1 {
            Issue.record(
                "\(key) is taken by \(takenBy[key, default: []].sorted()) but written inline in \(operations.sorted()): use #/components/parameters")
        }
    }

    @Test func anAnswerSeveralOperationsGiveIsAComponent() throws {
        let document = try OpenAPIDocument.bundled.get().json
        var givenBy: [JSON: [String]] = [:]
        for (operation, value) in try Self.operations(document) {
            for (status, response) in try #require(value["responses"]?.objectValue) where response["$ref"]?.stringValue == nil {
                givenBy[response, default: []].append("\(operation) \(status)")
            }
        }
        for (_, places) in givenBy where places.count > 1 {
            Issue.record("the same answer is written out in \(places.sorted()): use #/components/responses")
        }
    }

    @Test func everyComponentIsUsed() throws {
        let document = try OpenAPIDocument.bundled.get().json
        var references: [String] = []
        OpenAPIDocument.collectReferences(document, into: &references)
        let used = Set(references)
        for kind in ["parameters", "responses", "schemas"] {
            for (name, _) in try #require(document["components"]?[kind]?.objectValue, "components.\(kind)") {
                #expect(used.contains("#/components/\(kind)/\(name)"), "components.\(kind).\(name) is never used")
            }
        }
    }

    /// "get /plugins/{tenant}/products" and its operation object, for every operation.
    static func operations(_ document: JSON) throws -> [(String, JSON)] {
        var operations: [(String, JSON)] = []
        for (path, item) in try #require(document["paths"]?.objectValue) {
            for (method, operation) in try #require(item.objectValue) { operations.append(("\(method) \(path)", operation)) }
        }
        return operations
    }

    static func resolved(_ value: JSON, in document: JSON) -> JSON? {
        guard let reference = value["$ref"]?.stringValue else { return value }
        return OpenAPIDocument.resolve(reference, in: document)
    }
}
