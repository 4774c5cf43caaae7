import Testing

@testable import Adapters

/// Kind mismatches are reported when the adapter loads, at their file:line:column: an error when the
/// value is always null, a warning when only unless text reads as a number.
@Suite struct KindCheckTests {
    private func load(fields: String, path: String = "/products") -> (AdapterDefinition?, [Diagnostic]) {
        let text = """
            products:
              request:
                path: \(path)
              items: response.products
              fields:
                id: item.id
                title: item.title
            \(fields)
            """
        return loadAdapter(text)
    }

    @Test func arithmeticOnMoneyIsALoadErrorAtTheOperator() throws {
        let (adapter, diagnostics) = load(fields: "    priceCatalog: (item.price | money('EUR')) / 100")
        #expect(adapter == nil)
        let error = try #require(diagnostics.first)
        #expect(error.severity == .error)
        #expect(error.location == SourceLocation(file: "shop.yaml", line: 8, column: 47))
        #expect(error.message == "'/' on the output of 'money' (text that is never a number) is always null: arithmetic takes numbers")
    }

    @Test func arithmeticOnTextThatMayBeANumberIsAWarning() throws {
        let (adapter, diagnostics) = load(fields: "    priceCatalog: '\"{(item.price | trim) * 2}\"'")
        #expect(adapter != nil)
        let warning = try #require(diagnostics.first)
        #expect(warning.severity == .warning)
        #expect(warning.location == SourceLocation(file: "shop.yaml", line: 8, column: 42))
        #expect(warning.message.hasPrefix("'*' on the output of 'trim' (text) is null unless the text reads as a number"))
    }

    @Test func aTextFilterOnANumberInAPathTemplateIsAnError() throws {
        let (adapter, diagnostics) = load(fields: "", path: "/products/{params.limit | size | upper}")
        #expect(adapter == nil)
        let error = try #require(diagnostics.first)
        #expect(error.message == "filter 'upper' takes text, but gets a number: it gives null")
        #expect(error.location == SourceLocation(file: "shop.yaml", line: 3, column: 44))
    }

    @Test func aPathSegmentThatCanBeNullIsAWarning() throws {
        let diagnostics = Diagnostics()
        let adapter = AdapterLoader.load(
            name: "shop",
            text: """
                settings: {region: null, version: v1, zone: null}
                requiredSettings: [zone]
                products:
                  requests:
                    - when: params.idCategory != null
                      path: /{settings.version}/{settings.zone}/categories/{params.idCategory | url_encode}/products
                    - path: /{settings.version}/prices/{settings.region}/products/{params.searchQuery ?? ''}/{params.idCategory}
                  items: response.products
                  fields: {id: item.id, title: item.title}
                """, path: "shop.yaml", diagnostics: diagnostics)
        #expect(adapter != nil)
        #expect(
            diagnostics.all.map(\.description) == [
                "shop.yaml:7:41: warning: 'settings.region' in the path can be null (a setting whose default is null): the request is not made while it is"
                    + " (list it under requiredSettings, or give a fallback: {settings.region ?? '…'})",
                "shop.yaml:7:95: warning: 'params.idCategory' in the path can be null (an optional parameter): the request is not made while it is"
                    + " (add 'when: params.idCategory != null' to the request, or give a fallback: {params.idCategory ?? '…'})",
            ])
    }

    @Test func theShippedMappingIdiomsLoadWithoutFindings() throws {
        let (adapter, diagnostics) = load(
            fields: """
                    priceCatalog: item.price / 100 | money('EUR')
                    available: item.variants | count(it.stock > 0) > 0
                    description: item.body | strip_html | truncate(200)
                """)
        #expect(adapter != nil)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }
}
