import Mapping

/// Runs an operation's per-item enrichment calls (one upstream call per item and enrichment, e.g.
/// a price) for the items of a window, with bounded concurrency and through the cache.
struct ItemEnricher {
    let fetcher: UpstreamFetcher
    let enrichments: [Enrichment]
    let concurrency: Int

    init(fetcher: UpstreamFetcher, operation: Operation) {
        self.init(fetcher: fetcher, enrichments: operation.enrichments, concurrency: operation.enrichmentConcurrency)
    }

    init(fetcher: UpstreamFetcher, enrichments: [Enrichment], concurrency: Int) {
        self.fetcher = fetcher
        self.enrichments = enrichments
        self.concurrency = concurrency
    }

    /// For each item, the value of each enrichment, in the operation's order. An upstream "not found"
    /// gives null; any other failure fails the call, rather than showing agents incomplete data.
    /// Values fetched while walking (`KeptItem.enriched`) are not fetched again.
    func values(for items: [KeptItem], variables: [JSON]) async throws(AdapterError) -> [[JSON]] {
        let enrichments = self.enrichments
        guard !enrichments.isEmpty, !items.isEmpty else { return Array(repeating: [], count: items.count) }
        var values = items.map { kept in enrichments.map { kept.enriched[$0.slot] ?? .null } }
        let jobs = items.indices.flatMap { item in
            enrichments.indices.filter { items[item].enriched[enrichments[$0].slot] == nil }.map { (item: item, enrichment: $0) }
        }
        let fetcher = self.fetcher
        do {
            try await withThrowingTaskGroup(of: (Int, Int, JSON).self) { group in
                var next = 0
                func start() {
                    guard next < jobs.count else { return }
                    let job = jobs[next]
                    next += 1
                    var scope = variables
                    scope[VariableLayout.item] = items[job.item].item
                    let enrichment = enrichments[job.enrichment]
                    let origin = Self.origin(of: enrichment, item: job.item, items[job.item].item)
                    group.addTask {
                        (job.item, job.enrichment, try await Self.value(of: enrichment, scope: scope, fetcher: fetcher, origin: origin))
                    }
                }
                for _ in 0..<min(concurrency, jobs.count) { start() }
                while let (item, enrichment, value) = try await group.next() {
                    values[item][enrichment] = value
                    start()
                }
            }
        } catch let error as AdapterError {
            throw error
        } catch {
            throw .unavailable(message: "an enrichment call failed: \(error)")
        }
        return values
    }

    /// `enrichment 'price', item 3 (id 8123)`: for the log and `deskbridge try` when its request cannot be sent.
    static func origin(of enrichment: Enrichment, item index: Int, _ item: JSON) -> String {
        let id = item.objectValue?["id"].flatMap { $0.stringValue != nil || $0.doubleValue != nil ? $0.interpolatedText : nil }
        return "enrichment '\(enrichment.name)', item \(index)" + (id.map { " (id \($0.prefix(60)))" } ?? "")
    }

    private static func value(
        of enrichment: Enrichment, scope: [JSON], fetcher: UpstreamFetcher, origin: String
    ) async throws(AdapterError) -> JSON {
        // Nothing to look up (a contact without owner): no call at all.
        if let condition = enrichment.condition, !condition.evaluate(scope).isTruthy {
            if enrichment.optional { UpstreamCallLog.current?.record(omission: .init(name: enrichment.name, reason: "absent")) }
            return .null
        }
        let document: UpstreamDocument
        do {
            document = try await fetcher.fetch(enrichment.request, variables: scope, ttl: enrichment.ttl, origin: origin)
        } catch .notFound(_) {
            return .null
        } catch {
            guard enrichment.optional else { throw error }
            // An optional lookup never costs the agent the record it belongs to.
            fetcher.logger.notice("optional enrichment left out", metadata: ["enrichment": "\(enrichment.name)", "error": "\(error)"])
            UpstreamCallLog.current?.record(omission: .init(name: enrichment.name, reason: error.metricLabel))
            return .null
        }
        guard let result = enrichment.result else { return document.body }
        var scope = scope
        scope[VariableLayout.response] = document.body
        scope[VariableLayout.headers] = .object(document.headers)
        return result.evaluate(scope)
    }
}
