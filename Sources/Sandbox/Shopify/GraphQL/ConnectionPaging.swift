import Foundation
import GraphQL

/// Where an item sits in a connection's order: its sort value, then its id to break ties, as
/// Shopify's keyset pagination does.
struct SortPosition: Sendable {
    enum Value: Sendable, Equatable {
        case number(Int)
        case text(String)
    }

    let value: Value
    let id: Int

    /// Strict ordering in ascending direction; numbers sort before text (never mixed in practice).
    func isBefore(_ other: SortPosition) -> Bool {
        switch (value, other.value) {
        case (.number(let a), .number(let b)) where a != b: return a < b
        case (.text(let a), .text(let b)) where a != b: return a < b
        case (.number, .text): return true
        case (.text, .number): return false
        default: return id < other.id
        }
    }
}

/// How a sort key turns an item's cursor value back into a comparable value.
enum SortValueKind: Sendable {
    case number
    case text

    func value(fromCursorValue raw: String) -> SortPosition.Value? {
        switch self {
        case .number: return Int(raw).map(SortPosition.Value.number)
        case .text: return .text(TextFolding.fold(raw))
        }
    }
}

/// One item ready for paging: its position, the raw value its cursor carries, and the node.
struct OrderedItem<Node: Sendable>: Sendable {
    let position: SortPosition
    let cursorValue: String
    let node: Node

    init(value: SortPosition.Value, cursorValue: String, id: Int, node: Node) {
        position = SortPosition(value: value, id: id)
        self.cursorValue = cursorValue
        self.node = node
    }
}

/// An edge of a connection as the GraphQL types read it.
struct ConnectionEdge<Node: Sendable>: Sendable {
    let cursor: String
    let node: Node
}

/// A connection page: `edges`, `nodes` and `pageInfo` are all read from it.
struct ConnectionSlice<Node: Sendable>: Sendable {
    let edges: [ConnectionEdge<Node>]
    let pageInfo: PageInfoValue

    var nodes: [Node] { edges.map(\.node) }
}

struct PageInfoValue: Sendable {
    let hasNextPage: Bool
    let hasPreviousPage: Bool
    let startCursor: String?
    let endCursor: String?
}

/// The decoded content of an opaque cursor: `{"last_id":…,"last_value":"…"}` in base64.
struct CursorPosition: Sendable, Equatable {
    let lastID: Int
    let lastValue: String

    var encoded: String {
        var writer = JSONWriter(reservingCapacity: 64)
        writer.raw("{\"last_id\":")
        writer.integer(lastID)
        writer.raw(",\"last_value\":")
        writer.string(lastValue)
        writer.raw("}")
        return Data(writer.bytes).base64EncodedString()
    }

    /// Decodes a cursor; nil when it is not one this server issued.
    init?(encoded: String) {
        var text = encoded.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.count <= 4096 else { return nil }
        text = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text.append("=") }
        guard let data = Data(base64Encoded: text),
            let json = try? JSONValue.parse(Array(data), maximumDepth: 4),
            let lastID = json["last_id"]?.intValue,
            let lastValueJSON = json["last_value"]
        else { return nil }
        switch lastValueJSON {
        case .string(let value): lastValue = value
        case .integer(let value): lastValue = String(value)
        default: return nil
        }
        self.lastID = lastID
    }

    init(lastID: Int, lastValue: String) {
        self.lastID = lastID
        self.lastValue = lastValue
    }
}

/// The validated `first`/`last`/`after`/`before` arguments of a connection field.
struct PageRequest: Sendable {
    static let maximumPageSize = 250

    let first: Int?
    let last: Int?
    let after: CursorPosition?
    let before: CursorPosition?
    let reverse: Bool

    /// Reads and checks the arguments, failing the way Shopify does: exactly one of first/last,
    /// at most 250, cursors that decode.
    init(arguments: Map, info: GraphQLResolveInfo) throws {
        first = arguments["first"].int
        last = arguments["last"].int
        reverse = arguments["reverse"].bool ?? false
        guard (first == nil) != (last == nil) else {
            throw ShopifyFieldError.make("you must provide one of first or last", code: "BAD_REQUEST", info: info)
        }
        for (name, value) in [("first", first), ("last", last)] {
            guard let value else { continue }
            if value > Self.maximumPageSize {
                throw ShopifyFieldError.make(
                    "The \(name) argument cannot exceed \(Self.maximumPageSize).", code: "BAD_REQUEST", info: info)
            }
            if value < 0 {
                throw ShopifyFieldError.make(
                    "The \(name) argument must be a non-negative integer.", code: "BAD_REQUEST", info: info)
            }
        }
        func cursor(_ name: String) throws -> CursorPosition? {
            guard let raw = arguments[name].string else { return nil }
            guard let position = CursorPosition(encoded: raw) else {
                throw ShopifyFieldError.make("Invalid cursor for current pagination", code: "BAD_REQUEST", info: info)
            }
            return position
        }
        after = try cursor("after")
        before = try cursor("before")
    }

    /// Cuts the page out of `items` (already sorted ascending by position).
    func slice<Node: Sendable>(_ items: [OrderedItem<Node>], kind: SortValueKind, info: GraphQLResolveInfo) throws -> ConnectionSlice<Node> {
        try slice(items, kind: kind, info: info) { $0 }
    }

    /// Cuts the page out of `items` and turns only the served items into nodes.
    func slice<Item: Sendable, Node: Sendable>(
        _ items: [OrderedItem<Item>], kind: SortValueKind, info: GraphQLResolveInfo, node makeNode: (Item) -> Node
    ) throws -> ConnectionSlice<Node> {
        let ordered = reverse ? Array(items.reversed()) : items
        func precedes(_ a: SortPosition, _ b: SortPosition) -> Bool { reverse ? b.isBefore(a) : a.isBefore(b) }
        func position(of cursor: CursorPosition) throws -> SortPosition {
            guard let value = kind.value(fromCursorValue: cursor.lastValue) else {
                throw ShopifyFieldError.make("Invalid cursor for current pagination", code: "BAD_REQUEST", info: info)
            }
            return SortPosition(value: value, id: cursor.lastID)
        }
        var start = 0
        var end = ordered.count
        if let after {
            let mark = try position(of: after)
            start = ordered.firstIndex { precedes(mark, $0.position) } ?? ordered.count
        }
        if let before {
            let mark = try position(of: before)
            end = ordered.firstIndex { !precedes($0.position, mark) } ?? ordered.count
        }
        end = max(start, end)
        var lower = start
        var upper = end
        if let first { upper = min(end, start + first) }
        if let last { lower = max(start, end - last) }
        let edges = ordered[lower..<upper].map { item in
            ConnectionEdge(cursor: CursorPosition(lastID: item.position.id, lastValue: item.cursorValue).encoded, node: makeNode(item.node))
        }
        return ConnectionSlice(
            edges: edges,
            pageInfo: PageInfoValue(
                hasNextPage: upper < ordered.count, hasPreviousPage: lower > 0,
                startCursor: edges.first?.cursor, endCursor: edges.last?.cursor
            )
        )
    }
}

/// Field-level errors shaped like Shopify's: message, location, path and `extensions.code`.
enum ShopifyFieldError {
    static func make(_ message: String, code: String, info: GraphQLResolveInfo) -> GraphQLError {
        GraphQLError(message: message, nodes: info.fieldASTs, path: info.path, extensions: ["code": .string(code)])
    }
}
