import Mapping
import Synchronization

/// The upstream calls made on behalf of one plugin call, for access logs, metrics and
/// `deskbridge try`. Set it as a task-local around the call; the gateway records into it.
package final class UpstreamCallLog: Sendable {
    /// How a call was answered.
    package enum CacheOutcome: String, Sendable {
        /// Served from the cache: no upstream call.
        case hit
        /// Sent to the upstream.
        case miss
        /// Past its TTL, served at once while a background refresh runs (stale-while-revalidate).
        case stale
        /// The upstream failed: the last good answer stood in (stale-if-error).
        case staleOnError = "stale-if-error"
    }

    package struct Entry: Sendable {
        package var method: String
        /// The URL with every credential value replaced by `***`.
        package var url: String
        /// HTTP status of the answer (of the cached answer for hits); nil when the call failed before one.
        package var status: Int?
        package var cache: CacheOutcome
        /// Time spent in the gateway for this call, cache lookup included.
        package var duration: Duration
        /// The failure, when the call failed.
        package var failure: AdapterError?
        /// The answer's JSON, kept only when the log was created with `keepBodies`.
        package var body: JSON?
    }

    /// An optional enrichment left out of an answer: nothing to look up (`absent`), or its call
    /// failed (the failure's kind: `throttled`, `unavailable`…).
    package struct Omission: Sendable, Hashable {
        package var name: String
        package var reason: String
    }

    /// An upstream item left out of a list because the Desk cannot be shown it (`no_id`,
    /// `no_title`, `no_label`, or `unmappable` when a field has the wrong type).
    package struct DroppedItem: Sendable, Hashable {
        package var plugin: String
        package var reason: String
    }

    /// A request the adapter did not send (a null path segment, a missing or foreign link): what it
    /// would have been and why not, for `deskbridge try`. Not an upstream call: no metric counts it.
    package struct Unsent: Sendable, Hashable {
        package var method: String
        package var target: String
        package var reason: String
        /// Whose request it was, e.g. `enrichment 'price', item 3 of the window`.
        package var origin: String? = nil

        /// `GET url: item.link = "…" (enrichment 'price', item 3 of the window): why`.
        package var summary: String {
            "\(method) \(target)\(origin.map { " (\($0))" } ?? ""): \(reason)"
        }
    }

    @TaskLocal package static var current: UpstreamCallLog?

    /// Whether entries keep the upstream answers (for `deskbridge try --raw`).
    package let keepBodies: Bool
    private let state = Mutex<[Entry]>([])
    private let omitted = Mutex<[Omission]>([])
    private let dropped = Mutex<[DroppedItem]>([])
    private let unsentRequests = Mutex<[Unsent]>([])

    /// Entries are also recorded in this log (the request's, for logs and metrics).
    private let parent: UpstreamCallLog?

    package init(keepBodies: Bool = false) {
        self.keepBodies = keepBodies
        self.parent = nil
    }

    /// A log of its own for part of a request, whose entries reach `parent` too.
    package init(within parent: UpstreamCallLog?) {
        self.keepBodies = parent?.keepBodies ?? false
        self.parent = parent
    }

    package var entries: [Entry] { state.withLock { $0 } }

    func record(_ entry: Entry) {
        state.withLock { $0.append(entry) }
        parent?.record(entry)
    }

    /// Optional enrichments left out of the answer.
    package var omissions: [Omission] { omitted.withLock { $0 } }

    func record(omission: Omission) {
        omitted.withLock { $0.append(omission) }
        parent?.record(omission: omission)
    }

    /// Requests not sent, and why.
    package var unsent: [Unsent] { unsentRequests.withLock { $0 } }

    func record(unsent: Unsent) {
        unsentRequests.withLock { $0.append(unsent) }
        parent?.record(unsent: unsent)
    }

    /// Upstream items left out of the answer.
    package var droppedItems: [DroppedItem] { dropped.withLock { $0 } }

    func record(droppedItem: DroppedItem) {
        dropped.withLock { $0.append(droppedItem) }
        parent?.record(droppedItem: droppedItem)
    }

    /// The most degraded answer among the calls: stale-if-error, then stale, else nil.
    package var staleness: CacheOutcome? {
        let outcomes = state.withLock { $0.map(\.cache) }
        if outcomes.contains(.staleOnError) { return .staleOnError }
        return outcomes.contains(.stale) ? .stale : nil
    }

    /// Upstream time of the calls that reached the upstream, and how many were cache hits.
    package var summary: (calls: Int, hits: Int, upstreamTime: Duration) {
        state.withLock { entries in
            entries.reduce(into: (calls: 0, hits: 0, upstreamTime: Duration.zero)) { summary, entry in
                summary.calls += 1
                if entry.cache == .miss { summary.upstreamTime += entry.duration } else { summary.hits += 1 }
            }
        }
    }
}
