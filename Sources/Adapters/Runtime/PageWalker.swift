import Logging
import Mapping
import Plugins
import Upstream

/// An item an operation keeps, with the upstream answer it came in (field maps may read `response`).
struct KeptItem: Sendable {
    let item: JSON
    let response: JSON
}

/// Covers iAdvize's offset/limit window with the upstream's own pages: fetches only the pages the
/// window touches, leaves out items the adapter's `where` rejects, and remembers where each page
/// starts so that deeper or repeated windows do not walk from the first page again.
struct PageWalker {
    let fetcher: UpstreamFetcher
    let operation: Operation
    let kind: PluginOperation
    let ttl: Duration
    /// The parameters the operation reads besides the window (`name=value`): a `where` reading
    /// `params.idWebsite` keeps other items per website, and so other page starts.
    let readParameters: [String]

    func window(_ window: PageWindow, template: RequestTemplate, variables: [JSON]) async throws(AdapterError) -> [KeptItem] {
        guard let pageSize = operation.pagination.pageSize else {
            let document = try await fetcher.fetch(template, variables: variables, ttl: ttl)
            guard !document.isEmptyList else { return [] }
            let kept = try keep(document, variables: variables)
            return Array(kept.dropFirst(window.offset).prefix(window.limit))
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
        var (index, start) = startingPage(for: window.offset, pageSize: pageSize, trail: trail)
        var position = start.position
        var kept = start.keptBefore
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
            let (items, raw) = try keepCounting(document, variables: variables)
            for item in items {
                if kept >= window.offset && result.count < window.limit { result.append(item) }
                kept += 1
            }
            guard let next = nextPosition(after: document, rawCount: raw, pageSize: pageSize, variables: variables) else { break }
            // An upstream that hands back the cursor it was given would otherwise loop forever.
            if !next.isNull && next == position { break }
            index += 1
            position = next
            trail.record(page: index, .init(position: position, keptBefore: kept))
        }
        return result
    }

    /// Where to start: straight at the right page when pages are numbered and nothing is filtered,
    /// else at the nearest remembered page.
    private func startingPage(for offset: Int, pageSize: Int, trail: CursorTrail) -> (Int, CursorTrail.PageStart) {
        switch operation.pagination {
        case .offset, .page:
            // Items left out (by `where`, or unusable) move every later page start.
            guard operation.filter == nil, operation.usability == nil else { fallthrough }
            let index = offset / pageSize
            return (index, .init(position: .null, keptBefore: index * pageSize))
        default:
            let start = trail.start(for: offset)
            return (start.page, start.start)
        }
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

    func keep(_ document: UpstreamDocument, variables: [JSON]) throws(AdapterError) -> [KeptItem] {
        try keepCounting(document, variables: variables).kept
    }

    /// The items of an answer the Desk can be shown (they pass the adapter's `where` and have their
    /// required fields), and how many items it had in all.
    private func keepCounting(_ document: UpstreamDocument, variables: [JSON]) throws(AdapterError) -> (kept: [KeptItem], raw: Int) {
        let (passing, raw) = try passingWhere(document, variables: variables)
        return (leavingOutUnusable(passing, variables: variables), raw)
    }

    /// Items without an id or a title are left out here, before windows are counted, so that the
    /// following items fill the page; each is counted (`deskbridge_items_dropped_total`).
    private func leavingOutUnusable(_ items: [KeptItem], variables: [JSON]) -> [KeptItem] {
        guard let usability = operation.usability else { return items }
        var variables = variables
        var usable: [KeptItem] = []
        usable.reserveCapacity(items.count)
        var reasons: [String] = []
        for kept in items {
            variables[VariableLayout.item] = kept.item
            variables[VariableLayout.response] = kept.response
            if let reason = usability.reasonToLeaveOut(variables) {
                reasons.append(reason)
            } else {
                usable.append(kept)
            }
        }
        if let first = reasons.first {
            // Left out, never silently: an upstream item without an id or a title is a data problem to see.
            fetcher.logger.warning(
                "upstream items left out", metadata: ["plugin": "\(kind.rawValue)", "count": "\(reasons.count)", "first_reason": "\(first)"])
            for reason in reasons { UpstreamCallLog.current?.record(droppedItem: .init(plugin: kind.rawValue, reason: reason)) }
        }
        return usable
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
