import Logging
import Mapping
import Plugins
import Upstream

/// An item an operation keeps, with the upstream answer it came in (field maps may read `response`).
struct KeptItem: Sendable {
    let item: JSON
    let response: JSON
    /// Enrichment values already fetched while walking, by enrichment slot.
    var enriched: [Int: JSON] = [:]
    /// The fields checked while walking, when they are all the fields: mapped once.
    var mapped: JSONObject? = nil
}

/// Covers iAdvize's offset/limit window with the upstream's own pages: fetches only the pages the
/// window touches, leaves out items the adapter's `where` rejects and items the plugin model cannot
/// read (`ItemUsability`), and remembers where each page starts so that deeper or repeated windows
/// do not walk from the first page again.
struct PageWalker {
    let fetcher: UpstreamFetcher
    let operation: Operation
    let kind: PluginOperation
    let ttl: Duration
    /// The parameters the operation reads besides the window (`name=value`): a `where` reading
    /// `params.idWebsite` keeps other items per website, and so other page starts.
    let readParameters: [String]

    func window(
        _ window: PageWindow, template: RequestTemplate, variables: [JSON], check: ItemCheck
    ) async throws(AdapterError) -> [KeptItem] {
        guard let pageSize = operation.pagination.pageSize else {
            let document = try await fetcher.fetch(template, variables: variables, ttl: ttl)
            guard !document.isEmptyList else { return [] }
            let (passing, _) = try passingWhere(document, variables: variables)
            let (wanted, overflow) = window.offset.addingReportingOverflow(window.limit)
            let kept = try await leavingOutUnusable(passing, variables: variables, check: check, wanted: overflow ? .max : wanted)
            return Array(kept.usable.dropFirst(window.offset).prefix(window.limit))
        }
        var variables = variables
        variables[VariableLayout.page] = page(index: 0, size: pageSize, position: .null)
        let first = try fetcher.render(template, variables: variables)
        let trailKey = CacheKey(
            tenant: fetcher.upstream.tenant,
            parts: [fetcher.adapter.name, kind.rawValue, first.method, first.url, String(decoding: first.body ?? [], as: UTF8.self)]
                + first.headers.map { "\($0.name.lowercased()): \($0.value)" } + readParameters)
        let cursors = fetcher.gateway.cursors
        var trail = cursors.value(for: trailKey) ?? CursorTrail()
        let start = trail.start(for: window.offset)
        var index = start.page
        var position = start.start.position
        var kept = start.start.keptBefore
        var result: [KeptItem] = []
        var pagesWalked = 0
        defer { cursors.insert(trail, for: trailKey, ttl: .seconds(600), cost: trail.cost) }

        while result.count < window.limit {
            guard pagesWalked < operation.maxPages else { throw .tooManyPages(limit: operation.maxPages) }
            pagesWalked += 1
            variables[VariableLayout.page] = page(index: index, size: pageSize, position: position)
            let request: UpstreamRequest
            switch (operation.pagination, position) {
            case (.linkHeader, .string(let url)), (.nextURL, .string(let url)):
                request = try fetcher.following(url, from: first)
            default:
                request = index == 0 ? first : try fetcher.render(template, variables: variables)
            }
            let document: UpstreamDocument
            do {
                document = try await fetcher.fetch(request, rules: template.errorRules, emptyWhen: template.emptyWhen, ttl: ttl)
            } catch .notFound(_) where index > 0 {
                // APIs built on Django REST framework answer 404 past their last page: the list ended.
                break
            }
            // The request's `emptyWhen` held (a category that no longer exists): the list ends here.
            guard !document.isEmptyList else { break }
            let (passing, raw) = try passingWhere(document, variables: variables)
            // Items are decided (mapped) only as far as the window needs: a page decided to its end
            // tells exactly where the next one starts; one the window ends in is left there.
            let needed = max(0, window.offset - kept) + window.limit - result.count
            let (items, decidedAll) = try await leavingOutUnusable(passing, variables: variables, check: check, wanted: needed)
            for item in items {
                if kept >= window.offset && result.count < window.limit { result.append(item) }
                kept += 1
            }
            guard decidedAll else { break }
            guard let next = nextPosition(after: document, rawCount: raw, pageSize: pageSize, variables: variables) else { break }
            // An upstream that hands back the cursor it was given would otherwise loop forever.
            if !next.isNull && next == position { break }
            index += 1
            position = next
            trail.record(page: index, .init(position: position, keptBefore: kept))
        }
        return result
    }

    /// The position of the next page, or nil on the last page.
    private func nextPosition(after document: UpstreamDocument, rawCount: Int, pageSize: Int, variables: [JSON]) -> JSON? {
        var variables = variables
        variables[VariableLayout.response] = document.body
        variables[VariableLayout.headers] = .object(document.headers)
        switch operation.pagination {
        case .none:
            return nil
        case .cursor(_, let next, let hasNext):
            guard hasNext.map({ $0.evaluate(variables).isTruthy }) ?? true else { return nil }
            let cursor = next.evaluate(variables)
            return cursor.isNull ? nil : cursor
        case .offset(_, let hasNext), .page(_, _, let hasNext):
            let more = hasNext.map { $0.evaluate(variables).isTruthy } ?? (rawCount >= pageSize)
            return more ? .null : nil
        case .linkHeader:
            return document.headers["link"]?.stringValue.flatMap { LinkHeader.url(in: $0, relation: "next") }.map(JSON.string)
        case .nextURL(_, let next):
            guard case .string(let url) = next.evaluate(variables), !url.isEmpty else { return nil }
            return .string(url)
        }
    }

    private func page(index: Int, size: Int, position: JSON) -> JSON {
        let firstPage: Int
        if case .page(_, let first, _) = operation.pagination { firstPage = first } else { firstPage = 0 }
        var page = JSONObject()
        page.append(key: "index", value: .number(Double(index)))
        page.append(key: "number", value: .number(Double(firstPage + index)))
        page.append(key: "size", value: .number(Double(size)))
        page.append(key: "offset", value: .number(Double(index * size)))
        page.append(key: "cursor", value: position.isNull ? .null : position)
        return .object(page)
    }

    // MARK: Items

    /// The items the Desk can be shown, in order, until `wanted` of them are found, and whether every
    /// item was decided; each one left out is counted (`deskbridge_items_dropped_total`). Done while
    /// walking, before windows are counted, so that the following items fill the page (from the
    /// next upstream page when needed).
    private func leavingOutUnusable(
        _ items: [KeptItem], variables: [JSON], check: ItemCheck, wanted: Int
    ) async throws(AdapterError) -> (usable: [KeptItem], decidedAll: Bool) {
        let usability = operation.usability
        let enrichments = usability.enrichments.map { operation.enrichments[$0] }
        let enricher = ItemEnricher(fetcher: fetcher, enrichments: enrichments, concurrency: operation.enrichmentConcurrency)
        var variables = variables
        var usable: [KeptItem] = []
        usable.reserveCapacity(min(items.count, wanted))
        var reasons: [String] = []
        var next = items.startIndex
        var decided = 0
        while next < items.endIndex && usable.count < wanted {
            // Enrichments a required field reads are fetched for as many items as may still be needed.
            let end = enrichments.isEmpty ? items.endIndex : next + min(items.endIndex - next, wanted - usable.count)
            var batch = Array(items[next..<end])
            next = end
            let values = try await enricher.values(for: batch, variables: variables)
            for (position, enrichmentValues) in values.enumerated() {
                for (enrichment, value) in zip(enrichments, enrichmentValues) { batch[position].enriched[enrichment.slot] = value }
            }
            for candidate in batch where usable.count < wanted {
                decided += 1
                variables[VariableLayout.item] = candidate.item
                variables[VariableLayout.response] = candidate.response
                for (slot, value) in candidate.enriched { variables[slot] = value }
                let mapped = usability.map(variables)
                if let reason = usability.reasonToLeaveOut(mapped, check: check) {
                    reasons.append(reason)
                } else {
                    var candidate = candidate
                    if usability.checksEveryField { candidate.mapped = mapped }
                    usable.append(candidate)
                }
            }
        }
        if let first = reasons.first {
            // Left out, never silently: an upstream item without an id or a title is a data problem to see.
            fetcher.logger.warning(
                "upstream items left out", metadata: ["plugin": "\(kind.rawValue)", "count": "\(reasons.count)", "first_reason": "\(first)"])
            for reason in reasons { UpstreamCallLog.current?.record(droppedItem: .init(plugin: kind.rawValue, reason: reason)) }
        }
        return (usable, decided == items.count)
    }

    /// The items of an answer that pass the adapter's `where`, and how many items it had in all.
    private func passingWhere(_ document: UpstreamDocument, variables: [JSON]) throws(AdapterError) -> (kept: [KeptItem], raw: Int) {
        var variables = variables
        variables[VariableLayout.response] = document.body
        variables[VariableLayout.headers] = .object(document.headers)
        let items: [JSON]
        switch operation.items.evaluate(variables) {
        case .array(let list): items = list
        case .null: throw .badResponse(message: "the answer has no item list at '\(operation.items.source)'")
        default: throw .badResponse(message: "'\(operation.items.source)' is not a list in the answer")
        }
        guard let filter = operation.filter else {
            return (items.map { KeptItem(item: $0, response: document.body) }, items.count)
        }
        var kept: [KeptItem] = []
        for item in items {
            variables[VariableLayout.item] = item
            if filter.evaluate(variables).isTruthy { kept.append(KeptItem(item: item, response: document.body)) }
        }
        return (kept, items.count)
    }
}
