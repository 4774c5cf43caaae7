import Foundation
import Testing

@testable import Adapters

/// The repository's `adapters/` folder.
let adaptersDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("adapters").path

@Suite struct AdapterLoaderTests {
    private func load(_ text: String, name: String = "broken") -> (AdapterDefinition?, [Diagnostic]) {
        loadAdapter(text, name: name)
    }

    @Test func everyShippedAdapterLoadsWithoutErrors() throws {
        let diagnostics = Diagnostics()
        let adapters = AdapterLoader.loadDirectory(adaptersDirectory, diagnostics: diagnostics)
        #expect(diagnostics.errors.isEmpty, "\(diagnostics.errors.map(\.description).joined(separator: "\n"))")
        #expect(adapters["shopify"] != nil)
        let files = try FileManager.default.contentsOfDirectory(atPath: adaptersDirectory).filter { $0.hasSuffix(".yaml") }
        #expect(adapters.count == files.count)
    }

    @Test func shopifyServesBothCatalogPlugins() throws {
        let diagnostics = Diagnostics()
        let adapter = try #require(AdapterLoader.loadFile("\(adaptersDirectory)/shopify.yaml", diagnostics: diagnostics))
        #expect(adapter.supportedOperations == [.categories, .products])
        #expect(adapter.credentialNames == ["accessToken"])
        #expect(adapter.ttl(of: .products) == .seconds(60))
    }

    @Test func unknownKeysAreReportedWithAHint() {
        let (adapter, diagnostics) = load(
            """
            products:
              request:
                path: /products
              itmes: response.products
              fields:
                id: item.id
                title: item.title
            """)
        #expect(adapter == nil)
        let unknown = diagnostics.first { $0.message.contains("unknown key 'itmes'") }
        #expect(unknown?.location == SourceLocation(file: "broken.yaml", line: 4, column: 3))
        #expect(unknown?.hint == "did you mean 'items'?")
        #expect(diagnostics.contains { $0.message.contains("is missing the key 'items'") })
    }

    @Test func expressionErrorsPointAtTheExactColumn() {
        let (_, diagnostics) = load(
            """
            products:
              request:
                path: /products
              items: response.products
              fields:
                id: item.id | gdi
                title: 'item.title | truncate(10'
            """)
        let filter = diagnostics.first { $0.message.contains("gdi") }
        #expect(filter?.location == SourceLocation(file: "broken.yaml", line: 6, column: 19))
        #expect(filter?.hint == "did you mean 'gid'?")
        let paren = diagnostics.first { $0.location.line == 7 }
        #expect(paren != nil)
        #expect((paren?.location.column ?? 0) > 12)
        #expect(diagnostics.allSatisfy { $0.description.hasPrefix("broken.yaml:") })
    }

    @Test func variablesOutsideTheirScopeAreErrors() {
        let (_, diagnostics) = load(
            """
            auth:
              bearer: credentials.token
            products:
              request:
                path: /products
                query:
                  q: item.title
              items: response.products
              fields:
                id: credentials.token
                title: item.title
            """)
        let inRequest = diagnostics.first { $0.location.line == 7 }
        #expect(inRequest?.message.contains("item") == true)
        let secretInField = diagnostics.first { $0.location.line == 10 }
        #expect(secretInField?.message.contains("credentials") == true)
    }

    @Test func positionsInsideBlockScalarsAreExact() {
        let (_, diagnostics) = load(
            """
            products:
              request:
                path: /products
              items: response.products
              fields:
                id: item.id
                title: |
                  item.title ??
                    ( item.name
            """)
        let error = diagnostics.first { $0.location.line >= 8 }
        #expect(error?.location.line == 9)
    }

    @Test func pathsMustStayOnTheTenantsHost() {
        let (_, diagnostics) = load(
            """
            products:
              request:
                path: https://evil.example/steal
              items: response.products
              fields:
                id: item.id
                title: item.title
            """)
        #expect(diagnostics.contains { $0.message.contains("must start with '/'") && $0.location.line == 3 })
    }

    @Test func pathTemplatesReportErrorsInsideBraces() {
        let (_, diagnostics) = load(
            """
            products:
              request:
                path: /products/{params.idCategory | nope}
              items: response.products
              fields:
                id: item.id
                title: item.title
            """)
        let error = diagnostics.first { $0.message.contains("nope") }
        #expect(error?.location == SourceLocation(file: "broken.yaml", line: 3, column: 42))
    }

    @Test func requiredFieldsAndUnknownFieldsAreChecked() {
        let (_, diagnostics) = load(
            """
            categories:
              request:
                path: /collections
              items: response.collections
              fields:
                id: item.id
                lable: item.title
            """)
        #expect(diagnostics.contains { $0.message.contains("unknown key 'lable'") && $0.hint == "did you mean 'label'?" })
        #expect(diagnostics.contains { $0.message.contains("needs 'label'") })
    }

    @Test func yamlSyntaxErrorsHaveAPosition() {
        let (_, diagnostics) = load("products:\n  request: [unclosed\n")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message.hasPrefix("invalid YAML") == true)
        #expect((diagnostics.first?.location.line ?? 0) >= 2)
    }

    @Test func theFileNameMustMatchTheDeclaredName() {
        let (_, diagnostics) = load("adapter: other\nproducts: {request: {path: /p}, items: response, fields: {id: item.id, title: item.t}}\n")
        #expect(diagnostics.contains { $0.message.contains("named 'other'") })
    }
}
