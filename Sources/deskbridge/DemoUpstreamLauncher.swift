import ArgumentParser
import Foundation

/// `deskbridge try` against the demo tenant without `make run`: when the tenant's upstream is a
/// plain-HTTP address on this machine where nothing listens, and `deskbridge-sandbox` sits beside
/// this executable (as `swift build` and the Makefile leave it), the sandbox is started on that
/// port for the duration of the command.
struct DemoUpstreamLauncher {
    let process: Process

    /// The started sandbox, or nil when there is nothing to start (something listens, the
    /// upstream is elsewhere, or no sandbox executable is found).
    static func startIfNeeded(scheme: String, host: String, port: Int?) async throws -> DemoUpstreamLauncher? {
        guard scheme == "http", ["127.0.0.1", "localhost"].contains(host), let port, !isListening(port: port),
            let executable = sandboxExecutable()
        else { return nil }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--host", "127.0.0.1", "--port", String(port), "--log-level", "warning"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let launcher = DemoUpstreamLauncher(process: process)
        let deadline = ContinuousClock.now + .seconds(15)
        while !isListening(port: port) {
            guard process.isRunning, ContinuousClock.now < deadline else {
                launcher.stop()
                throw ValidationError("deskbridge-sandbox did not start on port \(port)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        print("note: nothing listened on 127.0.0.1:\(port); started deskbridge-sandbox there for this command\n")
        return launcher
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// `deskbridge-sandbox` in this executable's folder.
    private static func sandboxExecutable() -> URL? {
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidate = own.deletingLastPathComponent().appendingPathComponent("deskbridge-sandbox")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }

    /// Whether a TCP connection to 127.0.0.1:`port` is accepted.
    private static func isListening(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
