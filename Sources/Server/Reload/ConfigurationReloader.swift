import Adapters
import Bot
import Foundation
import GatewayConfig
import Logging
import Synchronization

/// Builds a new snapshot from the files beside the running one and swaps it in only when it is
/// valid. A broken edit changes nothing: the last good snapshot keeps serving, and the errors are
/// logged, counted and shown by `/admin/status`.
package final class ConfigurationReloader: Sendable {
    /// What `/admin/status` shows of reloads.
    package struct Status: Sendable {
        package var version: Int
        package var loadedAt: Date
        package var lastAttempt: Date?
        package var lastSucceeded: Bool = true
        /// The errors of the last failed attempt, `file:line:column: error: message`.
        package var lastErrors: [String] = []
        /// What the last successful reload changed, in words.
        package var lastChanges: [String] = []
    }

    let path: String
    let environment: [String: String]
    let store: SnapshotStore
    let gateway: UpstreamGateway
    let metrics: GatewayMetrics
    let botStates: BotStateRegistry
    let logger: Logger
    private let state: Mutex<Status>
    /// Reloads run one at a time.
    private let reloading = Mutex(false)

    init(
        path: String, environment: [String: String], store: SnapshotStore, gateway: UpstreamGateway, metrics: GatewayMetrics,
        botStates: BotStateRegistry, logger: Logger
    ) {
        self.path = path
        self.environment = environment
        self.store = store
        self.gateway = gateway
        self.metrics = metrics
        self.botStates = botStates
        self.logger = logger
        state = Mutex(Status(version: store.snapshot.version, loadedAt: Date()))
    }

    package var status: Status { state.withLock { $0 } }

    /// Loads the files again; returns true when the new configuration is now serving.
    @discardableResult
    package func reload(reason: String) -> Bool {
        guard
            reloading.withLock({ busy in
                defer { busy = true }
                return !busy
            })
        else {
            logger.notice("reload skipped: another one is running", metadata: ["reason": "\(reason)"])
            return false
        }
        defer { reloading.withLock { $0 = false } }
        let diagnostics = Diagnostics()
        let current = store.snapshot
        guard let configuration = ConfigurationLoader.load(path: path, environment: environment, diagnostics: diagnostics) else {
            let errors = diagnostics.errors.map(\.description)
            state.withLock { status in
                status.lastAttempt = Date()
                status.lastSucceeded = false
                status.lastErrors = errors
            }
            metrics.recordReload(succeeded: false, version: current.version)
            logger.error(
                "configuration reload failed; still serving the last good configuration",
                metadata: ["reason": "\(reason)", "version": "\(current.version)", "errors": .array(errors.map { .string($0) })])
            return false
        }
        let changes = ConfigurationChanges.between(current.configuration, configuration)
        let next = Snapshot(configuration: configuration, gateway: gateway, botStates: botStates, version: current.version + 1, logger: logger)
        store.replace(with: next)
        state.withLock { status in
            status.version = next.version
            status.loadedAt = Date()
            status.lastAttempt = status.loadedAt
            status.lastSucceeded = true
            status.lastErrors = []
            status.lastChanges = changes.summary
        }
        metrics.recordReload(succeeded: true, version: next.version)
        logger.notice(
            "configuration reloaded",
            metadata: ["reason": "\(reason)", "version": "\(next.version)", "changes": .array(changes.summary.map { .string($0) })])
        for warning in changes.needRestart {
            logger.warning("\(warning) changed: it takes effect at the next restart")
        }
        return true
    }
}

/// What differs between two configurations, for the reload log.
struct ConfigurationChanges {
    var summary: [String] = []
    /// Settings read only at start.
    var needRestart: [String] = []

    static func between(_ old: GatewayConfiguration, _ new: GatewayConfiguration) -> ConfigurationChanges {
        var changes = ConfigurationChanges()
        let oldTenants = Dictionary(uniqueKeysWithValues: old.tenants.map { ($0.name, $0.fingerprint) })
        let newTenants = Dictionary(uniqueKeysWithValues: new.tenants.map { ($0.name, $0.fingerprint) })
        describe("tenant", old: oldTenants, new: newTenants, into: &changes.summary)
        describe("adapter", old: old.adapters.mapValues(\.fingerprint), new: new.adapters.mapValues(\.fingerprint), into: &changes.summary)
        if changes.summary.isEmpty { changes.summary = ["no change"] }
        if old.listener.host != new.listener.host || old.listener.port != new.listener.port { changes.needRestart.append("server.host/port") }
        if old.listener.idleTimeout != new.listener.idleTimeout { changes.needRestart.append("server.idleTimeout") }
        if old.listener.drainTimeout != new.listener.drainTimeout { changes.needRestart.append("server.drainTimeout") }
        if old.cacheMaxBytes != new.cacheMaxBytes { changes.needRestart.append("cache.maxBytes") }
        if old.upstream != new.upstream { changes.needRestart.append("upstream") }
        if old.shared != new.shared { changes.needRestart.append("shared") }
        return changes
    }

    private static func describe(_ kind: String, old: [String: Int], new: [String: Int], into summary: inout [String]) {
        let added = Set(new.keys).subtracting(old.keys).sorted()
        let removed = Set(old.keys).subtracting(new.keys).sorted()
        let changed = Set(old.keys).intersection(new.keys).filter { old[$0] != new[$0] }.sorted()
        if !added.isEmpty { summary.append("\(kind)s added: \(added.joined(separator: ", "))") }
        if !removed.isEmpty { summary.append("\(kind)s removed: \(removed.joined(separator: ", "))") }
        if !changed.isEmpty { summary.append("\(kind)s changed: \(changed.joined(separator: ", "))") }
    }
}
