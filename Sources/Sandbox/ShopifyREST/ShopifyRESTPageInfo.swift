import Foundation

/// The opaque `page_info` cursor of Shopify REST: base64 of a JSON object holding the filters of
/// the first request, the last item's id and sort value, and the direction
/// (`{"status":"active","last_id":8000000050,"last_value":"8000000050","direction":"next"}`).
struct ShopifyRESTPageInfo: Equatable {
    enum Direction: String {
        case next
        case prev
    }

    /// The filters of the first request, by parameter name.
    var filters: [String: String]
    var lastID: Int
    var lastValue: String
    var direction: Direction

    var encoded: String {
        var members: [(key: String, value: JSONValue)] = filters.keys.sorted().map { ($0, .string(filters[$0] ?? "")) }
        members += [("last_id", .integer(lastID)), ("last_value", .string(lastValue)), ("direction", .string(direction.rawValue))]
        return Data(JSONValue.object(members).serializedBytes).base64EncodedString()
    }

    init(filters: [String: String], lastID: Int, lastValue: String, direction: Direction) {
        self.filters = filters
        self.lastID = lastID
        self.lastValue = lastValue
        self.direction = direction
    }

    /// Nil for anything this server did not issue.
    init?(encoded: String) {
        var text = encoded.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.count <= 8192 else { return nil }
        text = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text.append("=") }
        guard let data = Data(base64Encoded: text), let json = try? JSONValue.parse(Array(data), maximumDepth: 4),
            let members = json.objectMembers, let lastID = json["last_id"]?.intValue,
            let direction = json["direction"]?.stringValue.flatMap(Direction.init(rawValue:))
        else { return nil }
        switch json["last_value"] {
        case .string(let value)?: lastValue = value
        case .integer(let value)?: lastValue = String(value)
        default: return nil
        }
        var filters: [String: String] = [:]
        for member in members where !["last_id", "last_value", "direction"].contains(member.key) {
            guard let value = member.value.stringValue else { return nil }
            filters[member.key] = value
        }
        self.filters = filters
        self.lastID = lastID
        self.direction = direction
    }
}

/// One page of a REST listing cut by cursor, and the cursors of its neighbours.
struct ShopifyRESTPage<Item> {
    let items: [Item]
    let previous: ShopifyRESTPageInfo?
    let next: ShopifyRESTPageInfo?

    /// - Parameters:
    ///   - ordered: every matching item in listing order, with its sort value.
    ///   - descending: the listing runs from the highest value down.
    init(
        _ ordered: [(item: Item, id: Int, value: SortPosition.Value, cursorValue: String)], limit: Int,
        cursor: ShopifyRESTPageInfo?, kind: SortValueKind, descending: Bool, filters: [String: String]
    ) {
        func before(_ a: SortPosition, _ b: SortPosition) -> Bool { descending ? b.isBefore(a) : a.isBefore(b) }
        var start = 0
        var end = min(ordered.count, limit)
        if let cursor, let value = kind.value(fromCursorValue: cursor.lastValue) {
            let mark = SortPosition(value: value, id: cursor.lastID)
            switch cursor.direction {
            case .next:
                start = ordered.firstIndex { before(mark, SortPosition(value: $0.value, id: $0.id)) } ?? ordered.count
                end = min(ordered.count, start + limit)
            case .prev:
                end = ordered.firstIndex { !before(SortPosition(value: $0.value, id: $0.id), mark) } ?? ordered.count
                start = max(0, end - limit)
            }
        }
        let slice = Array(ordered[start..<end])
        items = slice.map(\.item)
        if let first = slice.first, start > 0 {
            previous = ShopifyRESTPageInfo(filters: filters, lastID: first.id, lastValue: first.cursorValue, direction: .prev)
        } else {
            previous = nil
        }
        if let last = slice.last, end < ordered.count {
            next = ShopifyRESTPageInfo(filters: filters, lastID: last.id, lastValue: last.cursorValue, direction: .next)
        } else {
            next = nil
        }
    }
}
