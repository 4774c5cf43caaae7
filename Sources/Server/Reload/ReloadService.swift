import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the configuration on SIGHUP and when config.yaml or an adapter file changes.
///
/// Files are polled (modification time and size) rather than watched with inotify: polling also
/// sees the renames editors and Kubernetes ConfigMaps use to replace files atomically.
struct ReloadService: Service {
    let reloader: ConfigurationReloader
    let interval: Duration
    let adaptersDirectory: String
    /// The files' stamps when the served configuration was read.
    let loadedFiles: FileStamps

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    for await _ in await UnixSignalsSequence(trapping: .sighup) {
                        reloader.reload(reason: "SIGHUP")
                    }
                }
                if interval > .zero {
                    group.addTask { await watchFiles() }
                }
            }
        }
    }

    /// Polls the files until cancelled; a shutdown ends it quietly (throwing would fail the group).
    private func watchFiles() async {
        var seen = loadedFiles
        while (try? await Task.sleep(for: interval)) != nil {
            let now = FileStamps.read(config: reloader.path, adapters: adaptersDirectory)
            guard now != seen else { continue }
            // Editors write in several steps: wait for the files to settle before reading them.
            guard (try? await Task.sleep(for: .milliseconds(200))) != nil else { return }
            seen = FileStamps.read(config: reloader.path, adapters: adaptersDirectory)
            reloader.reload(reason: "files changed")
        }
    }
}

/// Modification times and sizes of the configuration files.
struct FileStamps: Equatable {
    var stamps: [String: [String]] = [:]

    static func read(config: String, adapters: String) -> FileStamps {
        var result = FileStamps()
        let manager = FileManager.default
        var paths = [config]
        if let files = try? manager.contentsOfDirectory(atPath: adapters) {
            paths += files.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.map { (adapters as NSString).appendingPathComponent($0) }
        }
        for path in paths {
            // Followed to the real file: a Kubernetes ConfigMap swaps a `..data` symlink and leaves
            // the file's own symlink untouched, so only the target's path and times change.
            let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            guard let attributes = try? manager.attributesOfItem(atPath: target) else { continue }
            result.stamps[path] = [
                target, "\((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)", "\(attributes[.size] ?? 0)",
            ]
        }
        return result
    }
}
