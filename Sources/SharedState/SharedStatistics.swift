import Synchronization

/// What the shared tier did since start, for `/metrics` and `/admin/status`.
package struct SharedStatistics: Sendable, Hashable {
    /// False while Redis fails and the gateway serves from its own memory.
    package var isShared: Bool
    /// Answers found in Redis, stored by this or another replica.
    package var hits: Int
    /// Keys this replica loaded from the upstream for the whole fleet (it held the fill lock).
    package var fills: Int
    /// Times this replica waited for another one's fill, and how many of those got its answer.
    package var waits: Int
    package var waitHits: Int
    /// Redis operations that failed (the request went on without Redis).
    package var failures: Int
    /// Redis operations skipped while degraded (one a second probes).
    package var skipped: Int
    /// Answers too large to share (`shared.maxEntryBytes`), kept in this replica only.
    package var tooLarge: Int
    /// Plugin answers: found fresh in Redis, found past their TTL (served while refreshed or
    /// rebuilt), served stale because their build failed, and stored for the fleet.
    package var answerHits = 0
    package var answerStale = 0
    package var answerStaleOnError = 0
    package var answerStores = 0
    /// Fleet-wide upstream budgets: slots reserved in Redis under the adapters' `rates`, Shopify
    /// queries that waited for the shared cost bucket, and those refused (the wait was beyond
    /// their deadline).
    package var paceReservations = 0
    package var costWaits = 0
    package var costRefusals = 0
}

final class SharedCounters: Sendable {
    let hits = Atomic<Int>(0)
    let fills = Atomic<Int>(0)
    let waits = Atomic<Int>(0)
    let waitHits = Atomic<Int>(0)
    let failures = Atomic<Int>(0)
    let skipped = Atomic<Int>(0)
    let tooLarge = Atomic<Int>(0)
    let answerHits = Atomic<Int>(0)
    let answerStale = Atomic<Int>(0)
    let answerStaleOnError = Atomic<Int>(0)
    let answerStores = Atomic<Int>(0)
    let paceReservations = Atomic<Int>(0)
    let costWaits = Atomic<Int>(0)
    let costRefusals = Atomic<Int>(0)

    func snapshot(isShared: Bool) -> SharedStatistics {
        SharedStatistics(
            isShared: isShared, hits: hits.load(ordering: .relaxed), fills: fills.load(ordering: .relaxed),
            waits: waits.load(ordering: .relaxed), waitHits: waitHits.load(ordering: .relaxed), failures: failures.load(ordering: .relaxed),
            skipped: skipped.load(ordering: .relaxed), tooLarge: tooLarge.load(ordering: .relaxed),
            answerHits: answerHits.load(ordering: .relaxed), answerStale: answerStale.load(ordering: .relaxed),
            answerStaleOnError: answerStaleOnError.load(ordering: .relaxed), answerStores: answerStores.load(ordering: .relaxed),
            paceReservations: paceReservations.load(ordering: .relaxed), costWaits: costWaits.load(ordering: .relaxed),
            costRefusals: costRefusals.load(ordering: .relaxed))
    }
}
