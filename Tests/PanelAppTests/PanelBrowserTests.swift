import Foundation
import Mapping
import Testing

/// The panel in a real browser: headless Chromium (Debian's `chromium` and `chromium-driver`)
/// driven by selenium (Browser/panel_browser.py, in a venv that Browser/setup.sh makes under
/// .build/), against the Shopify simulator through the real adapter, over real sockets.
///
/// Set DESKBRIDGE_SKIP_BROWSER_TESTS=1 to skip it on a machine without a browser, and
/// DESKBRIDGE_PANEL_SCREENSHOTS=<folder> to write the documentation's screenshots there.
@Suite(.serialized) struct PanelBrowserTests {
    static let browserDirectory = repositoryRoot.appendingPathComponent("Tests/PanelAppTests/Browser")
    static let environment = ProcessInfo.processInfo.environment

    @Test(.enabled(if: environment["DESKBRIDGE_SKIP_BROWSER_TESTS"] != "1", "DESKBRIDGE_SKIP_BROWSER_TESTS=1"), .timeLimit(.minutes(10)))
    func panelInChromium() async throws {
        let setup = try await BrowserProcess.run(
            browserDirectory: Self.browserDirectory, executable: "/bin/bash",
            arguments: [Self.browserDirectory.appendingPathComponent("setup.sh").path])
        try #require(setup.status == 0, "Browser/setup.sh failed:\n\(setup.errors)")
        let python = try #require(setup.output.split(separator: "\n").last.map(String.init), "setup.sh printed no python")

        var options = PanelServerOptions()
        options.extraFrameAncestors = { ["http://localhost:\($0)"] }
        try await withPanelServer(options) { server in
            let report = FileManager.default.temporaryDirectory.appendingPathComponent("panel-browser-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: report) }
            var arguments = [
                Self.browserDirectory.appendingPathComponent("panel_browser.py").path,
                "--base", server.base, "--sandbox", "http://127.0.0.1:\(server.sandboxPort)", "--output", report.path,
            ]
            // 15 scenarios, and the screenshots (which check nothing) only when a folder is given.
            var expectedChecks = 15
            if let folder = Self.environment["DESKBRIDGE_PANEL_SCREENSHOTS"], !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                arguments += ["--screenshots", folder]
                expectedChecks += 1
            }
            if let only = Self.environment["DESKBRIDGE_PANEL_ONLY"] { arguments += ["--only", only] }
            let run = try await BrowserProcess.run(browserDirectory: Self.browserDirectory, executable: python, arguments: arguments)
            try #require(run.status == 0, "panel_browser.py exited with \(run.status):\n\(run.errors)")
            let json = try JSON(parsing: Array(try Data(contentsOf: report)))
            let checks = try #require(json["checks"]?.arrayValue, "no checks in the report")
            if Self.environment["DESKBRIDGE_PANEL_ONLY"] == nil {
                #expect(checks.count == expectedChecks, "\(checks.compactMap { $0["name"]?.stringValue })")
            } else {
                #expect(!checks.isEmpty)
            }
            for check in checks {
                let name = check["name"]?.stringValue ?? "?"
                let detail = check["detail"]?.stringValue ?? ""
                #expect(check["ok"]?.boolValue == true, "\(name): \(detail)")
            }
            // The figures docs/cpa.md reports: printed, never asserted.
            if let timings = json["timings"] { print("panel timings: \(timings.description)") }
        }
    }
}

/// A child process with its output collected, awaited without blocking a thread.
enum BrowserProcess {
    struct Result: Sendable {
        let status: Int32
        let output: String
        let errors: String
    }

    static func run(browserDirectory: URL, executable: String, arguments: [String]) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = browserDirectory
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        process.environment = environment
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("panel-out-\(UUID().uuidString)")
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("panel-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: errors)
        }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let read = { (url: URL) in (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
        return Result(status: status, output: read(output), errors: read(errors))
    }
}
