import Foundation
import Plugins
import Testing

@testable import Adapters

/// An adapter's `ids:` (the shape of its category ids) and the checks it gives the catalog.
@Suite struct IdentifierShapeTests {
    private func load(_ ids: String) -> (AdapterDefinition?, [Diagnostic]) {
        let text = """
            \(ids)
            products:
              request:
                path: /products
              items: response
              fields:
                id: item.id
                title: item.title
            """
        return loadAdapter(text)
    }

    @Test func theShapeAdmitsWholeMatchesOnly() throws {
        let (adapter, diagnostics) = load("ids: { pattern: '[0-9]{1,19}', expected: digits }")
        let shape = try #require(adapter?.ids, "\(diagnostics)")
        for id in ["0", "42", "4100000000061234567"] { #expect(shape.admits(id), "\(id)") }
        for id in ["", "4a", "a4", "1 OR 1", "../admin", "gid://shopify/Collection/1", "1\n2", "٣", String(repeating: "1", count: 20)] {
            #expect(!shape.admits(id), "\(id)")
        }
        #expect(throws: ParameterError.invalidCharacters(parameter: "idCategory", expected: "digits")) {
            try shape.check("1 OR 1", parameter: "idCategory")
        }
        try shape.check(nil, parameter: "idCategory")
        try shape.check("12", parameter: "idCategory")
    }

    @Test func mistakesAreLoadErrorsAtTheirPosition() {
        let (broken, diagnostics) = load("ids: { pattern: '[0-9', expected: digits }")
        #expect(broken == nil)
        #expect(
            diagnostics.contains { $0.severity == .error && $0.location.line == 1 && $0.message.contains("regular expression") }, "\(diagnostics)")
        let (missing, missingDiagnostics) = load("ids: { pattern: '[0-9]+' }")
        #expect(missing == nil)
        #expect(missingDiagnostics.contains { $0.message.contains("expected") }, "\(missingDiagnostics)")
    }

    @Test func everyShippedCatalogAdapterDeclaresDigits() throws {
        for name in ["shopify", "shopify-rest", "woocommerce", "oscar"] {
            let diagnostics = Diagnostics()
            let adapter = try #require(AdapterLoader.loadFile("\(adaptersDirectory)/\(name).yaml", diagnostics: diagnostics))
            let shape = try #require(adapter.ids, "\(name) declares no ids")
            #expect(shape.admits("410000000006") && !shape.admits("..%2Fadmin") && !shape.admits("1\""), "\(name)")
        }
    }
}
