import Foundation
import Logging
import Server
import Testing

/// The document is read from the Server module's resources when the gateway starts: a missing or
/// broken one stops the start with a message that says which file and what is wrong.
@Suite struct OpenAPIDocumentLoadingTests {
    @Test func theShippedDocumentLoads() throws {
        let document = try OpenAPIDocument.bundled.get()
        #expect(document.json["openapi"]?.stringValue == "3.1.0")
        #expect(document.bytes.count > 10_000)
    }

    @Test func aMissingDocumentStopsTheStart() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-openapi-\(UUID().uuidString).json")
        let loaded = Result { () throws(OpenAPIDocumentError) in try OpenAPIDocument.load(missing) }
        #expect(throws: OpenAPIDocumentError.missing(missing.path)) { try loaded.get() }
        #expect(OpenAPIDocumentError.missing(missing.path).description.contains("deskbridge_Server.resources"))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        #expect(throws: OpenAPIDocumentError.missing(missing.path)) {
            _ = try OpenAPIDocumentTests.runtime(logger: logger, openAPI: loaded)
        }
    }

    @Test func aDocumentThatIsNotJSONIsRefusedAtItsPosition() throws {
        let file = try Self.write("{\n  \"openapi\": \"3.1.0\",\n  \"paths\": {]\n}\n")
        let error = try #require(throws: OpenAPIDocumentError.self) { try OpenAPIDocument.load(file) }
        guard case .invalid(let path, let line, let column, _) = error else {
            Issue.record("\(error)")
            return
        }
        #expect(path == file.path)
        #expect(line == 3)
        #expect(column == 13)
        #expect(error.description.hasPrefix("\(file.path):3:13: error: the OpenAPI document is not valid"))
    }

    @Test(arguments: [
        (#"{"openapi": "3.0.3", "paths": {"/health": {}}}"#, "`openapi` must be \"3.1.x\""),
        (#"{"openapi": "3.1.0", "paths": {}}"#, "`paths` must be an object listing the routes"),
        (##"{"openapi": "3.1.0", "paths": {"/a": {"$ref": "#/components/pathItems/a"}}}"##, "#/components/pathItems/a does not resolve"),
    ])
    func aDocumentThatIsNotAnOpenAPI31DocumentIsRefused(text: String, problem: String) throws {
        let file = try Self.write(text)
        #expect(throws: OpenAPIDocumentError.invalid(file.path, line: 1, column: 1, problem)) {
            try OpenAPIDocument.load(file)
        }
    }

    static func write(_ text: String) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-openapi-\(UUID().uuidString).json")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }
}
