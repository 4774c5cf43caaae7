import Foundation
import Testing

/// `deskbridge serve` stops before listening when a bot bindings file has a corrupt line, naming
/// the file and the line (a torn last line does not: `BindingJournalTests`).
@Suite struct BindingFileStartTests {
    static let header = #"{"format":"deskbridge-bot-bindings","version":2}"#
    static let put =
        #"{"op":"put","binding":{"idOperator":"ha-1","idBot":"catalog-assistant","createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:05Z"}}"#

    @Test func serveNamesTheCorruptLineAndStops() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-bindings-start-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bindings = directory.appendingPathComponent("bindings.json").path
        let content = [Self.header, Self.put, "{\"op\":\"put\",", Self.put, ""].joined(separator: "\n")
        try content.write(toFile: bindings, atomically: false, encoding: .utf8)
        let config = directory.appendingPathComponent("config.yaml").path
        try """
        server: { host: 127.0.0.1, port: 0 }
        adapters: \(repositoryAdapters)
        admin: { token: \(LiveGateway.adminToken) }
        tenants:
          demo:
            websites: [ha-123]
            adapter: shopify
            upstream: http://127.0.0.1:9
            credentials: { accessToken: shpat_demo_token }
            secret: \(LiveGateway.secret)
            bot:
              bindingsFile: \(bindings)
              bots:
                catalog-assistant: { name: Catalog assistant, editorUrl: https://shop.example/bots }
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let run = try await CommandLineTests.run(["serve", "--config", config])
        #expect(run.status == 1, "\(run.output)")
        #expect(run.output.contains("error: corrupt bot bindings file: \(bindings):3: not JSON"), "\(run.output)")
        #expect(!run.output.contains("DeskBridge is listening"))
        #expect(try String(contentsOfFile: bindings, encoding: .utf8) == content, "left as it was")
    }
}
