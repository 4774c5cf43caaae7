import Foundation
import Logging
import Mapping
import Sandbox
import Server
import Testing
import Upstream

/// The `deskbridge` executable as operators run it: a separate process, signals and exit codes.
@Suite struct CommandLineTests {
    static let root = URL(fileURLWithPath: repositoryAdapters).deletingLastPathComponent()
    static let executable = root.appendingPathComponent(".build/debug/deskbridge").path

    /// Runs the executable to completion; returns its exit status and output (stdout then stderr).
    static func run(_ arguments: [String], directory: URL = root) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func printsItsVersion() throws {
        let (status, output) = try Self.run(["--version"])
        #expect(status == 0)
        #expect(output.split(separator: ".").count == 3)
    }

    @Test func checkPassesTheShippedConfigurationAndFailsABrokenOne() throws {
        let good = try Self.run(["check", "--config", "config.yaml"])
        #expect(good.status == 0, "\(good.output)")
        #expect(good.output.contains("config.yaml: OK"))
        let broken = try Self.run(
            ["check", "--config", "config.yaml"],
            directory: Self.root.appendingPathComponent("Tests/ServerTests/BrokenConfigurations/adapter-unknown-filter"))
        #expect(broken.status == 1)
        #expect(broken.output.contains("adapters/shop.yaml:8:25: error: unknown filter 'uper'"))
        #expect(broken.output.contains("hint: did you mean 'upper'?"))
    }

    @Test func signPrintsTheSignatureAndNeverTheSecret() throws {
        let (status, output) = try Self.run(["sign", "--tenant", "demo", "idWebsite=ha-123&limit=1"])
        #expect(status == 0)
        #expect(output == "sha256=a34d30326aa0195ab4290836eae1726ae3ab10ba145034611ef4c26f8bfe43bb\n")
    }

    @Test func tryShowsUpstreamCallsAndTheCheckedAnswer() throws {
        // The shipped configuration starts the demo upstream inside the command.
        let (status, output) = try Self.run(["try", "products", "--tenant", "demo", "--param", "searchQuery=robe", "--param", "limit=2"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("POST http://127.0.0.1:8091/admin/api/2025-01/graphql.json  200"))
        #expect(output.contains("✓ OK: 2 products"))
        let refused = try Self.run(["try", "products", "--tenant", "demo", "--param", "limit=999"])
        #expect(refused.status != 0)
        #expect(refused.output.contains("parameter 'limit'"))
    }

    @Test func serveReloadsOnSIGHUPAndStopsCleanlyOnSIGTERM() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let sandbox = SandboxServer(configuration: SandboxConfiguration(host: "127.0.0.1", port: 0), logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
            group.addTask { try await sandbox.run { portContinuation.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            let upstreamPort = try #require(await iterator.next())
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-cli-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let config = directory.appendingPathComponent("config.yaml").path
            let yaml = """
                server: { host: 127.0.0.1, port: 0, watchInterval: 0s }
                adapters: \(repositoryAdapters)
                admin: { token: \(LiveGateway.adminToken) }
                tenants:
                  demo:
                    websites: [ha-123]
                    adapter: shopify
                    upstream: http://127.0.0.1:\(upstreamPort)
                    credentials: { accessToken: shpat_demo_token }
                    secret: s
                """
            try yaml.write(toFile: config, atomically: true, encoding: .utf8)

            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.executable)
            process.arguments = ["serve", "--config", config]
            let logs = Pipe()
            process.standardError = logs
            process.standardOutput = logs
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            let port = try #require(Self.listeningPort(in: logs.fileHandleForReading), "the gateway never said it was listening")

            let client = try CurlHTTPClient(logger: logger)
            let admin = [HTTPHeader(name: "Authorization", value: "Bearer \(LiveGateway.adminToken)")]
            func version() async throws -> JSON {
                let response = try await client.execute(UpstreamRequest(url: "http://127.0.0.1:\(port)/admin/status", headers: admin))
                return try JSON(parsing: response.body)["version"] ?? .null
            }
            #expect(try await version() == 1)
            try (yaml + "\n    settings: { locale: fr }\n").write(toFile: config, atomically: true, encoding: .utf8)
            kill(process.processIdentifier, SIGHUP)
            let deadline = ContinuousClock.now + .seconds(10)
            while try await version() != 2 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            #expect(try await version() == 2)

            kill(process.processIdentifier, SIGTERM)
            let stopDeadline = ContinuousClock.now + .seconds(15)
            while process.isRunning && ContinuousClock.now < stopDeadline { try await Task.sleep(for: .milliseconds(50)) }
            #expect(!process.isRunning)
            #expect(process.terminationReason == .exit && process.terminationStatus == 0)
            await client.shutdown()
            group.cancelAll()
        }
    }

    /// Reads the process's log until it says where it listens.
    static func listeningPort(in handle: FileHandle) -> Int? {
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let data = handle.availableData
            if data.isEmpty { return nil }
            text += String(decoding: data, as: UTF8.self)
            for line in text.split(separator: "\n") where line.contains("DeskBridge is listening") {
                if let range = line.range(of: "http://127.0.0.1:"), let port = Int(line[range.upperBound...].prefix { $0.isNumber }) {
                    return port
                }
            }
        }
        return nil
    }
}
