import Adapters
import Foundation
import FuzzSupport
import GatewayConfig

/// `config.yaml`: any text loads or is refused with positioned errors, never a crash; a
/// configuration refused is always explained by at least one error. Each input is written to
/// `config.yaml` in a scratch folder beside the repository's adapters.
@main enum FuzzConfigLoader {
    static func main() {
        let folder = NSTemporaryDirectory() + "deskbridge-fuzz-config-\(ProcessInfo.processInfo.processIdentifier)"
        let path = folder + "/config.yaml"
        let repository = (((#filePath as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent as NSString)
            .deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: folder + "/adapters")
            try FileManager.default.createSymbolicLink(atPath: folder + "/adapters", withDestinationPath: repository + "/adapters")
        } catch {
            fatalError("cannot prepare \(folder): \(error)")
        }
        FuzzHarness.run(corpus: FuzzHarness.seedCorpus("config-loader")) { bytes in
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { fatalError("cannot write \(path)") }
            let diagnostics = Diagnostics()
            let configuration = ConfigurationLoader.load(path: path, environment: [:], diagnostics: diagnostics)
            precondition(configuration != nil || !diagnostics.errors.isEmpty, "a configuration refused without an error")
        }
    }
}
