import Foundation
import Testing

@testable import Adapters

/// The adapter keys of a busy morning (`readOnly`, `rates` and `rate`, `optional` and `when` on
/// enrichments): what they compile to, and their mistakes reported at file:line:column.
@Suite struct BusyMorningKeysTests {
    private func load(_ text: String) -> (AdapterDefinition?, [Diagnostic]) {
        loadAdapter(text, name: "crm")
    }

    private static func customer(rate: String = "search", readOnly: String = "true", requests: String = "5", per: String = "1s") -> String {
        """
        rates:
          search: { requests: \(requests), per: \(per) }
          default: { requests: settings.burstLimit, per: 10s }
        settings: { burstLimit: 100 }
        customer:
          request:
            method: POST
            path: /search
            readOnly: \(readOnly)
            rate: \(rate)
          items: response.results
          enrich:
            owner:
              when: item.ownerId != null
              optional: true
              request: { path: "/owners/{item.ownerId}" }
          fields:
            - id: name
              value: item.name
        """
    }

    @Test func theKeysCompile() throws {
        let (adapter, diagnostics) = load(Self.customer())
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let definition = try #require(adapter)
        let customer = try #require(definition.customer)
        #expect(customer.requests[0].readOnly == true)
        #expect(customer.requests[0].rate?.name == "search")
        #expect(customer.enrichments[0].optional)
        #expect(customer.enrichments[0].condition != nil)
        #expect(definition.rates["search"]?.window == .seconds(1))
        #expect(definition.rates["default"]?.window == .seconds(10))
    }

    @Test func anUnknownRateIsAnErrorAtItsPosition() {
        let (adapter, diagnostics) = load(Self.customer(rate: "serch"))
        #expect(adapter == nil)
        let error = diagnostics.first { $0.message.contains("no rate named 'serch'") }
        #expect(error?.location == SourceLocation(file: "crm.yaml", line: 10, column: 11))
        #expect(error?.hint == "did you mean 'search'?")
    }

    @Test func badRatesAndFlagsAreErrorsAtTheirPosition() {
        let (_, zero) = load(Self.customer(requests: "0"))
        #expect(zero.first { $0.message.contains("whole number of requests") }?.location == SourceLocation(file: "crm.yaml", line: 2, column: 23))
        let (_, window) = load(Self.customer(per: "soon"))
        #expect(window.first { $0.message.contains("duration") }?.location == SourceLocation(file: "crm.yaml", line: 2, column: 31))
        let (_, flag) = load(Self.customer(readOnly: "maybe"))
        #expect(flag.first { $0.message.contains("true or false") }?.location == SourceLocation(file: "crm.yaml", line: 9, column: 15))
    }

    @Test func aMutationCannotBeDeclaredReadOnly() {
        let (adapter, diagnostics) = load(
            """
            customer:
              request:
                path: /graphql
                readOnly: true
                graphql:
                  query: "mutation Tag { tagsAdd(id: 1) { node { id } } }"
              items: response.data
              fields:
                - id: name
                  value: item.name
            """)
        #expect(adapter == nil)
        let error = diagnostics.first { $0.message.contains("not read-only") }
        #expect(error?.location == SourceLocation(file: "crm.yaml", line: 4, column: 15))
    }
}
