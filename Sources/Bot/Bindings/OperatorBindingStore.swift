import Foundation
import GatewayConfig
import Logging
import Synchronization

/// The operator bindings of one tenant: in memory for the calls iAdvize makes every second, and
/// in a JSON file so that they survive a restart.
///
/// Replicas sharing the file (a shared volume) see each other's bindings: an unknown operator
/// makes the store look at the file again (at most once a second, and only when it changed), and
/// a write merges what the file holds first (the most recent `updatedAt` wins).
package final class OperatorBindingStore: Sendable {
    private struct State {
        var bindings: [String: OperatorBinding] = [:]
        var stamp: OperatorBindingFile.Stamp?
        var lastLookAtFile: ContinuousClock.Instant?
    }

    private let file: OperatorBindingFile
    private let pinned: [String: String]
    private let started: Date
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let state = Mutex(State())
    private let limits: BindingLimits
    private let rate: BindingWriteRate

    /// Loads the bindings file; a missing file starts empty, a corrupt one is moved aside
    /// (`….corrupt`), logged, and the store starts empty.
    ///
    /// - Parameter pinned: bindings declared in config.yaml (`idOperator` → `idBot`), used when
    ///   no PUT bound the operator.
    package init(
        file path: String, pinned: [String: String] = [:], limits: BindingLimits = BindingLimits(), logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.file = OperatorBindingFile(path: path)
        self.limits = limits
        self.rate = BindingWriteRate(writesPerMinute: limits.writesPerMinute)
        self.pinned = pinned
        self.logger = logger
        self.now = now
        self.started = ISOTimestamp.wholeSeconds(now())
        let loaded = Self.load(file, logger: logger)
        state.withLock { state in
            for binding in loaded { state.bindings[binding.idOperator] = binding }
            state.stamp = file.stamp
        }
    }

    package var path: String { file.path }

    /// The binding of an operator: one made by PUT, else one pinned in config.yaml, else nil.
    package func binding(for idOperator: String) -> OperatorBinding? {
        if let known = state.withLock({ $0.bindings[idOperator] }) { return known }
        refreshIfChanged()
        if let known = state.withLock({ $0.bindings[idOperator] }) { return known }
        return pinned[idOperator].map { OperatorBinding(idOperator: idOperator, idBot: $0, createdAt: started, updatedAt: started) }
    }

    /// Every binding made by PUT, by operator id.
    package var all: [OperatorBinding] {
        state.withLock { $0.bindings.values.sorted { $0.idOperator < $1.idOperator } }
    }

    /// Binds (or re-binds) an operator and writes the file before answering. When the file cannot
    /// be written, memory is left as it was and the error says why.
    @discardableResult
    package func bind(
        idOperator: String, idBot: String, name: String?, pseudo: String?, language: String?, distributionRules: [DistributionRule]
    ) throws(BindingStoreError) -> OperatorBinding {
        try rate.take()
        let time = ISOTimestamp.wholeSeconds(now())
        let result: Result<OperatorBinding, BindingStoreError> = state.withLock { state in
            mergeFileIfChanged(into: &state)
            let previous = state.bindings[idOperator]
            if previous == nil && state.bindings.count >= limits.maxBindings {
                return .failure(.tooManyBindings(maximum: limits.maxBindings))
            }
            let binding = OperatorBinding(
                idOperator: idOperator, idBot: idBot, name: name, pseudo: pseudo, language: language,
                distributionRules: distributionRules, createdAt: previous?.createdAt ?? time, updatedAt: time)
            if let other = state.bindings.values.first(where: { $0.idBot == idBot && $0.idOperator != idOperator }) {
                logger.notice(
                    "bot bound to a second operator", metadata: ["idBot": "\(idBot)", "idOperator": "\(idOperator)", "other": "\(other.idOperator)"])
            }
            var updated = state.bindings
            updated[idOperator] = binding
            do throws(BindingStoreError) {
                try file.write(Array(updated.values))
            } catch {
                return .failure(error)
            }
            state.bindings = updated
            state.stamp = file.stamp
            return .success(binding)
        }
        return try result.get()
    }

    /// Looks at the file again when an operator is unknown: another replica may have bound it.
    private func refreshIfChanged() {
        state.withLock { state in
            let now = ContinuousClock.now
            if let last = state.lastLookAtFile, now - last < .seconds(1) { return }
            state.lastLookAtFile = now
            mergeFileIfChanged(into: &state)
        }
    }

    private func mergeFileIfChanged(into state: inout State) {
        let stamp = file.stamp
        guard stamp != nil, stamp != state.stamp else { return }
        state.stamp = stamp
        guard case .bindings(let bindings, _) = file.read() else { return }
        for binding in bindings where (state.bindings[binding.idOperator]?.updatedAt ?? .distantPast) < binding.updatedAt {
            state.bindings[binding.idOperator] = binding
        }
    }

    private static func load(_ file: OperatorBindingFile, logger: Logger) -> [OperatorBinding] {
        switch file.read() {
        case .missing:
            logger.info("no bot bindings file yet: iAdvize's PUT /bots/:idOperator will create it", metadata: ["path": "\(file.path)"])
            return []
        case .bindings(let bindings, let skipped):
            if skipped > 0 {
                logger.warning("bot bindings left out: incomplete entries", metadata: ["path": "\(file.path)", "count": "\(skipped)"])
            }
            return bindings
        case .corrupt(let reason):
            let aside = file.setAside()
            logger.error(
                "the bot bindings file is corrupt: starting without bindings until iAdvize binds its bots again",
                metadata: ["path": "\(file.path)", "reason": "\(reason)", "movedTo": "\(aside ?? "(left in place)")"])
            return []
        }
    }
}
