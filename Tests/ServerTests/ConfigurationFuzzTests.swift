import Adapters
import Foundation
import GatewayConfig
import PropertyBased
import PropertyChecks
import Testing

@testable import Server

/// Broken edits of the shipped config.yaml: every load either succeeds or reports located errors.
@Suite struct ConfigurationFuzzTests {
    static let fragments = ["{", "}", "[", "]", ":", " ", "\n", "'", "\"", "${", "${X}", "${file:/nope}", "-", "#", "0", "/33", "\u{0}", "é"]

    @Test func brokenEditsOfConfigYamlNeverCrashTheLoader() async throws {
        let root = URL(fileURLWithPath: repositoryAdapters).deletingLastPathComponent().path
        let original = try String(contentsOfFile: root + "/config.yaml", encoding: .utf8)
            .replacingOccurrences(of: "adapters: adapters", with: "adapters: \(repositoryAdapters)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("config.yaml").path
        let scalars = Array(original.unicodeScalars)
        let position = Gen.int(in: 0...(scalars.count - 1))
        let fragment = Gen<String?>.element(of: Self.fragments).map { $0 ?? "" }
        let cut = Gen.int(in: 0...12)
        await strictPropertyCheck(count: 400, input: zip(fragment, position, cut).array(of: 1...3)) { edits in
            var text = scalars
            for (fragment, at, cut) in edits {
                let start = min(at, text.count)
                text.replaceSubrange(start..<min(start + cut, text.count), with: fragment.unicodeScalars)
            }
            let yaml = String(String.UnicodeScalarView(text))
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            let diagnostics = Diagnostics()
            let configuration = ConfigurationLoader.load(path: path, environment: [:], diagnostics: diagnostics)
            #expect((configuration == nil) == diagnostics.hasErrors)
            for diagnostic in diagnostics.all where diagnostic.location.file == path {
                #expect(diagnostic.location.line >= 1 && diagnostic.location.column >= 1)
            }
        }
    }
}
