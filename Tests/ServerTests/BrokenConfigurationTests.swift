import Adapters
import Foundation
import GatewayConfig
import Testing

@testable import Server

/// A corpus of broken configurations (`BrokenConfigurations/<case>/`), each with the exact messages
/// an operator must see (`expected.txt`): positions, wording and hints.
@Suite struct BrokenConfigurationTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("BrokenConfigurations")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).sorted()
    }

    @Test func theCorpusIsThere() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases)
    func reportsExactlyTheExpectedMessages(_ name: String) throws {
        let directory = Self.corpus.appendingPathComponent(name).path
        let expected = try String(contentsOfFile: directory + "/expected.txt", encoding: .utf8)
        let diagnostics = Diagnostics()
        let configuration = ConfigurationLoader.load(path: directory + "/config.yaml", environment: [:], diagnostics: diagnostics)
        #expect(configuration == nil, "a broken configuration must not load")
        let rendered = diagnostics.all.filter { $0.severity == .error }.sorted { $0.location < $1.location }.map { diagnostic in
            var location = diagnostic.location
            location.file = String(location.file.dropFirst(directory.count + 1))
            var text = "\(location): \(diagnostic.severity.rawValue): \(diagnostic.message)"
            if let hint = diagnostic.hint { text += "\n    hint: \(hint)" }
            return text
        }
        #expect(rendered.joined(separator: "\n") + "\n" == expected)
    }
}
