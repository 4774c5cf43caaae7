import Logging
import Mapping
import Synchronization
import Testing
import Upstream

@testable import Adapters

/// A request not sent says whose it was and the value that stopped it, for the log and `try`.
@Suite struct UnsentRequestTests {
    @Test func anEnrichmentsOriginNamesItTheItemsPositionAndId() throws {
        let adapter = try requireAdapter(
            """
            products:
              request: { path: /products }
              items: response
              enrich:
                details:
                  request: { url: item.link }
              fields: {id: item.id, title: item.title}
            """)
        let enrichment = try #require(adapter.operations[.products]?.enrichments.first)
        #expect(ItemEnricher.origin(of: enrichment, item: 3, ["id": 8123]) == "enrichment 'details', item 3 (id 8123)")
        #expect(ItemEnricher.origin(of: enrichment, item: 0, ["id": "gid://shop/P/1"]) == "enrichment 'details', item 0 (id gid://shop/P/1)")
        #expect(ItemEnricher.origin(of: enrichment, item: 1, ["id": ["x"]]) == "enrichment 'details', item 1")
    }

    /// Log records, kept to read what a fetch logged.
    private final class RecordingLog: LogHandler, @unchecked Sendable {
        let lines = Mutex<[String]>([])
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let fields = (event.metadata ?? [:]).map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
            lines.withLock { $0.append("\(event.level) \(event.message) \(fields)") }
        }
    }

    @Test func aRefusedLinkIsLoggedWithItsOriginAndValueWhileTheDeskMessageStaysShort() async throws {
        let adapter = try requireAdapter(
            """
            products:
              request: { url: params.idCategory }
              items: response
              fields: {id: item.id, title: item.title}
            """)
        let template = try #require(adapter.operations[.products]?.requests.first)
        let upstream = TenantUpstream(tenant: "acme", baseURL: BaseURL("https://shop.example/")!, credentials: [:], settings: [:])
        let log = RecordingLog()
        let fetcher = UpstreamFetcher(
            adapter: adapter, upstream: upstream,
            gateway: UpstreamGateway(
                transport: try CurlHTTPClient(logger: Logger(label: "unused") { _ in SwiftLogNoOpLogHandler() }), cacheBytes: 1 << 20),
            logger: Logger(label: "test") { _ in log })
        var variables = [JSON](repeating: .null, count: adapter.layout.count)
        variables[VariableLayout.params] = ["idCategory": "https://elsewhere.example/p/7"]
        await #expect(throws: AdapterError.badResponse(message: "the link at url: params.idCategory points outside the tenant's upstream")) {
            try await fetcher.fetch(template, variables: variables, ttl: Duration.zero, origin: "enrichment 'details', item 3 (id 8123)")
        }
        let line = try #require(log.lines.withLock { $0.first })
        #expect(line.hasPrefix("notice request not sent request=GET url: params.idCategory = \"https://elsewhere.example/p/7\""), "\(line)")
        #expect(line.contains("(enrichment 'details', item 3 (id 8123))"), "\(line)")
    }

    @Test func aLongValueIsCutAfter120Characters() {
        #expect(UpstreamFetcher.excerpt("https://elsewhere.example/p/7") == "\"https://elsewhere.example/p/7\"")
        let long = String(repeating: "a", count: 300)
        #expect(UpstreamFetcher.excerpt(.string(long)) == "\"" + String(repeating: "a", count: 119) + "… (302 characters)")
        #expect(UpstreamFetcher.excerpt(nil) == "null")
    }

    @Test func theSummaryNamesTheOriginBeforeTheReason() {
        let unsent = UpstreamCallLog.Unsent(
            method: "GET", target: "url: item.link = null", reason: "the link is null", origin: "enrichment 'details', item 2")
        #expect(unsent.summary == "GET url: item.link = null (enrichment 'details', item 2): the link is null")
        #expect(UpstreamCallLog.Unsent(method: "GET", target: "/p", reason: "why").summary == "GET /p: why")
    }
}
