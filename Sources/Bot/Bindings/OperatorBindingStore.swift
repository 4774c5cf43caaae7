import Foundation
import GatewayConfig
import Logging

/// The operator bindings of one tenant: in memory for the calls iAdvize makes every second, and
/// in a file (`BindingJournal`: one line appended per change) so that they survive a restart.
///
/// One process writes the file: stores of this process naming the same file share it, another
/// process's PUTs are refused (503 `binding_not_saved`). Several replicas use `shared:` (Redis).
package final class OperatorBindingStore: Sendable {
    private let journal: BindingJournal
    private let pinned: [String: String]
    private let started: Date
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let limits: BindingLimits
    private let rate: BindingWriteRate

    /// Reads the bindings file: a missing file starts empty; a file in the first format is
    /// rewritten as a journal; an incomplete last line is ignored; a corrupt line is logged with
    /// its `path:line` (also in `corruption`), and PUTs are refused until it is fixed.
    ///
    /// - Parameter pinned: bindings declared in config.yaml (`idOperator` → `idBot`), used when
    ///   no PUT bound the operator.
    package init(
        file path: String, pinned: [String: String] = [:], limits: BindingLimits = BindingLimits(), logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.journal = BindingJournal.shared(path: path, logger: logger)
        self.limits = limits
        self.rate = BindingWriteRate(writesPerMinute: limits.writesPerMinute)
        self.pinned = pinned
        self.logger = logger
        self.now = now
        self.started = ISOTimestamp.wholeSeconds(now())
    }

    package var path: String { journal.path }

    /// The corrupt line the file had at start, as `path:line: reason`; nil when it read cleanly.
    package var corruption: String? { journal.corruption }

    /// The binding of an operator: one made by PUT, else one pinned in config.yaml, else nil.
    package func binding(for idOperator: String) -> OperatorBinding? {
        if let known = journal.binding(for: idOperator) { return known }
        return pinned[idOperator].map { OperatorBinding(idOperator: idOperator, idBot: $0, createdAt: started, updatedAt: started) }
    }

    /// Every binding made by PUT, by operator id.
    package var all: [OperatorBinding] { journal.all }

    /// Binds (or re-binds) an operator and appends it to the file before answering. When the file
    /// cannot be written, memory is left as it was and the error says why.
    @discardableResult
    package func bind(
        idOperator: String, idBot: String, name: String?, pseudo: String?, language: String?, distributionRules: [DistributionRule]
    ) throws(BindingStoreError) -> OperatorBinding {
        try rate.take()
        let time = ISOTimestamp.wholeSeconds(now())
        let limits = self.limits
        let logger = self.logger
        return try journal.change { bindings in
            let previous = bindings[idOperator]
            if previous == nil && bindings.count >= limits.maxBindings {
                return .failure(.tooManyBindings(maximum: limits.maxBindings))
            }
            let binding = OperatorBinding(
                idOperator: idOperator, idBot: idBot, name: name, pseudo: pseudo, language: language,
                distributionRules: distributionRules, createdAt: previous?.createdAt ?? time, updatedAt: time)
            if let other = bindings.values.first(where: { $0.idBot == idBot && $0.idOperator != idOperator }) {
                logger.notice(
                    "bot bound to a second operator", metadata: ["idBot": "\(idBot)", "idOperator": "\(idOperator)", "other": "\(other.idOperator)"])
            }
            return .success((.put(binding), binding))
        }
    }

    /// Forgets an operator's PUT binding (a pinned one stays known), appending a `delete` line;
    /// false when it had none (nothing is written).
    @discardableResult
    package func unbind(idOperator: String) throws(BindingStoreError) -> Bool {
        try rate.take()
        return try journal.change { bindings in
            bindings[idOperator] == nil ? .success((nil, false)) : .success((.delete(idOperator: idOperator), true))
        }
    }
}
