import Foundation
import GatewayConfig
import Logging
import Mapping
import SharedState
import Synchronization

/// The operator bindings of one tenant in the fleet's Redis (`shared:`), so that a binding made
/// through any replica is read by all, and survives restarting every one of them.
///
/// One hash per tenant, `<prefix>bot:<tenant>:bindings`: the field is the `idOperator`, the value
/// the binding's JSON as the bindings file writes it. Bindings do not expire (as in the file): a
/// `PUT` replaces its operator's. Each write is one `HSET` of one field, so concurrent `PUT`s of
/// different operators through different replicas never lose each other's writes; for the same
/// operator the last one wins.
///
/// Reads go to Redis (one `HGET`; the first read of the store takes the whole hash). This replica
/// keeps a copy of what it last saw: while Redis fails (see `SharedStore`), reads answer from that
/// copy, and writes throw (`sharedStateUnavailable`, a 503 `binding_not_saved`): a binding is never
/// kept by one replica only, behind the fleet's back.
package final class RedisBindingStore: BindingStore {
    private struct State {
        var lastSeen: [String: OperatorBinding] = [:]
        var hasReadAll = false
    }

    private let store: SharedStore
    /// The tenant's hash, under the store's prefix.
    package let key: String
    private let pinned: [String: String]
    private let started: Date
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let state = Mutex(State())
    private let limits: BindingLimits
    private let rate: BindingWriteRate

    /// - Parameter pinned: bindings declared in config.yaml (`idOperator` → `idBot`), used when
    ///   no PUT bound the operator.
    package init(
        store: SharedStore, tenant: String, pinned: [String: String] = [:], limits: BindingLimits = BindingLimits(), logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.limits = limits
        self.rate = BindingWriteRate(writesPerMinute: limits.writesPerMinute)
        self.key = store.key("bot:\(tenant):bindings")
        self.pinned = pinned
        self.logger = logger
        self.now = now
        self.started = ISOTimestamp.wholeSeconds(now())
    }

    package func binding(for idOperator: String) async -> OperatorBinding? {
        let key = self.key
        if !state.withLock({ $0.hasReadAll }) {
            // The first read takes the whole hash: the copy then holds every binding should Redis fail.
            if let fields = await store.attempt({ try await $0.hgetall(key) }) {
                var bindings: [String: OperatorBinding] = [:]
                for (field, value) in fields {
                    if let binding = decode(value, field: field) { bindings[field] = binding }
                }
                state.withLock { state in
                    state.lastSeen = bindings
                    state.hasReadAll = true
                }
                return bindings[idOperator] ?? pinnedBinding(idOperator)
            }
        } else if let stored = await store.attempt({ try await $0.hget(key, field: idOperator) }) {
            let binding = stored.flatMap { decode($0, field: idOperator) }
            state.withLock { $0.lastSeen[idOperator] = binding }
            return binding ?? pinnedBinding(idOperator)
        }
        // Redis failed: what this replica saw last.
        return state.withLock { $0.lastSeen[idOperator] } ?? pinnedBinding(idOperator)
    }

    @discardableResult
    package func bind(
        idOperator: String, idBot: String, name: String?, pseudo: String?, language: String?, distributionRules: [DistributionRule]
    ) async throws(BindingStoreError) -> OperatorBinding {
        // Paced per replica; the cap is checked against the fleet's hash (concurrent PUTs of new
        // operators through several replicas may pass it by a few).
        try rate.take()
        let key = self.key
        let time = ISOTimestamp.wholeSeconds(now())
        let logger = self.logger
        let maximum = limits.maxBindings
        let saved = await store.attempt { client -> OperatorBinding? in
            // createdAt carries over from the binding being replaced, whichever replica made it.
            let previous = try await client.hget(key, field: idOperator).flatMap { Self.decode($0, field: idOperator, key: key, logger: logger) }
            if previous == nil, try await client.hlen(key) >= maximum { return nil }
            let binding = OperatorBinding(
                idOperator: idOperator, idBot: idBot, name: name, pseudo: pseudo, language: language,
                distributionRules: distributionRules, createdAt: previous?.createdAt ?? time, updatedAt: time)
            try await client.hset(key, fields: [idOperator: OperatorBindingFile.json(binding).encoded()])
            return binding
        }
        guard let saved else {
            throw .sharedStateUnavailable(key: key)
        }
        guard let saved else {
            throw .tooManyBindings(maximum: maximum)
        }
        state.withLock { $0.lastSeen[idOperator] = saved }
        return saved
    }

    private func pinnedBinding(_ idOperator: String) -> OperatorBinding? {
        pinned[idOperator].map { OperatorBinding(idOperator: idOperator, idBot: $0, createdAt: started, updatedAt: started) }
    }

    private func decode(_ bytes: [UInt8], field: String) -> OperatorBinding? {
        Self.decode(bytes, field: field, key: key, logger: logger)
    }

    /// A stored binding; nil (logged) when the value is not one, or is another operator's.
    private static func decode(_ bytes: [UInt8], field: String, key: String, logger: Logger) -> OperatorBinding? {
        guard let json = try? JSON(parsing: bytes), let binding = OperatorBindingFile.binding(json), binding.idOperator == field else {
            logger.warning("a bot binding in Redis is not one DeskBridge wrote: left out", metadata: ["key": "\(key)", "idOperator": "\(field)"])
            return nil
        }
        return binding
    }
}
