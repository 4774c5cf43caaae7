import Synchronization

/// One request a REST simulator answered, for tests and the demo's request log.
package struct RecordedCall: Sendable, Equatable {
    package var method: String
    package var path: String
    /// The query string as sent, without `?`.
    package var query: String
    package var status: Int
    /// The request body as text (for POSTs), cut to 4 KiB.
    package var body: String?

    package init(method: String, path: String, query: String, status: Int, body: String?) {
        self.method = method
        self.path = path
        self.query = query
        self.status = status
        self.body = body
    }

    init(_ request: SimulatedRequest, status: Int) {
        self.init(
            method: request.method, path: request.path, query: request.rawQuery, status: status,
            body: request.body.isEmpty ? nil : String(decoding: request.body.prefix(4096), as: UTF8.self)
        )
    }
}

/// A request counter with the most recent entries, bounded so a long demo cannot grow it forever.
final class RequestLog<Entry: Sendable>: Sendable {
    private struct State {
        var count = 0
        var entries: [Entry] = []
    }

    private let state = Mutex(State())
    private let limit: Int

    init(limit: Int) {
        self.limit = max(0, limit)
    }

    func record(_ entry: Entry) {
        state.withLock { state in
            state.count += 1
            state.entries.append(entry)
            if state.entries.count > limit { state.entries.removeFirst(state.entries.count - limit) }
        }
    }

    var count: Int { state.withLock { $0.count } }

    /// Oldest first.
    var entries: [Entry] { state.withLock { $0.entries } }

    func reset() {
        state.withLock { $0 = State() }
    }
}
