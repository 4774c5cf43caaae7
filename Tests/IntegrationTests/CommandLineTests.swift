import Foundation
import GatewayConfig
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

    /// Runs the executable to completion (awaited through `ChildProcess`, no thread blocked);
    /// returns its exit status and output (stdout and stderr).
    static func run(
        _ arguments: [String], directory: URL = root, environment: [String: String] = [:]
    ) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-run-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: outputFile, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outputFile) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputFile))
        process.standardOutput = output
        process.standardError = output
        let status = try await ChildProcess.run(process, timeout: .seconds(120))
        try output.close()
        return (status, (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? "")
    }

    @Test func printsItsVersion() async throws {
        let (status, output) = try await Self.run(["--version"])
        #expect(status == 0)
        #expect(output.split(separator: ".").count == 3)
    }

    /// The simulators and their GraphQL engine live in deskbridge-sandbox only: production's
    /// binary carries none of their code.
    @Test func theProductionBinaryHoldsNoSandboxOrGraphQLCode() async throws {
        func moduleSymbols(_ binary: String) async throws -> (sandbox: Int, graphQL: Int) {
            let listing = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-nm-\(UUID().uuidString)").path
            FileManager.default.createFile(atPath: listing, contents: nil)
            defer { try? FileManager.default.removeItem(atPath: listing) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/nm")
            process.arguments = [binary]
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: listing))
            #expect(try await ChildProcess.run(process, timeout: .seconds(120)) == 0)
            let text = try String(contentsOfFile: listing, encoding: .utf8)
            // Swift mangles a module's symbols with its name's length and name: $s7Sandbox…
            return (text.components(separatedBy: "s7Sandbox").count - 1, text.components(separatedBy: "s7GraphQL").count - 1)
        }
        let production = try await moduleSymbols(Self.executable)
        #expect(production.sandbox == 0 && production.graphQL == 0, "\(production)")
        let sandbox = try await moduleSymbols(Self.root.appendingPathComponent(".build/debug/deskbridge-sandbox").path)
        #expect(sandbox.sandbox > 0 && sandbox.graphQL > 0, "the check finds them where they are: \(sandbox)")
    }

    @Test func checkPassesTheShippedConfigurationAndFailsABrokenOne() async throws {
        let good = try await Self.run(["check", "--config", "config.yaml"])
        #expect(good.status == 0, "\(good.output)")
        #expect(good.output.contains("config.yaml: OK"))
        let broken = try await Self.run(
            ["check", "--config", "config.yaml"],
            directory: Self.root.appendingPathComponent("Tests/ServerTests/BrokenConfigurations/adapter-unknown-filter"))
        #expect(broken.status == 1)
        #expect(broken.output.contains("adapters/shop.yaml:8:25: error: unknown filter 'uper'"))
        #expect(broken.output.contains("hint: did you mean 'upper'?"))
    }

    /// A misspelt choice in the environment stops `serve` before it listens, naming the variable
    /// and what it accepts.
    @Test func serveRefusesUnknownChoicesInTheEnvironment() async throws {
        let executor = try await Self.run(["serve", "--config", "config.yaml"], environment: ["DESKBRIDGE_EXECUTOR": "threads"])
        #expect(executor.status != 0)
        #expect(executor.output.contains("DESKBRIDGE_EXECUTOR must be 'event-loops' or 'pool', not 'threads'"), "\(executor.output)")
        let format = try await Self.run(["serve", "--config", "config.yaml"], environment: ["DESKBRIDGE_LOG_FORMAT": "xml"])
        #expect(format.status != 0)
        #expect(format.output.contains("DESKBRIDGE_LOG_FORMAT must be 'text' or 'json', not 'xml'"), "\(format.output)")
    }

    @Test func signPrintsTheSignatureAndNeverTheSecret() async throws {
        let (status, output) = try await Self.run(["sign", "--tenant", "demo", "idWebsite=ha-123&limit=1"])
        #expect(status == 0)
        #expect(output == "sha256=a34d30326aa0195ab4290836eae1726ae3ab10ba145034611ef4c26f8bfe43bb\n")
    }

    @Test func tryShowsUpstreamCallsAndTheCheckedAnswer() async throws {
        // Nothing listens on the demo upstream's port: try starts deskbridge-sandbox there.
        let (status, output) = try await Self.run(["try", "products", "--tenant", "demo", "--param", "searchQuery=robe", "--param", "limit=2"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("POST http://127.0.0.1:8091/admin/api/2025-01/graphql.json  200"))
        #expect(output.contains("✓ OK: 2 products"))
        let refused = try await Self.run(["try", "products", "--tenant", "demo", "--param", "limit=1001"])
        #expect(refused.status != 0)
        #expect(refused.output.contains("parameter 'limit'"))
        // The same command for the other plugins (one after the other: they share the demo port).
        let customer = try await Self.run([
            "try", "customer", "--tenant", "demo", "--param", "emailVisitor=MANON.nguyen@wanadoo.fr", "--param", "operatorLocale=fr",
        ])
        #expect(customer.status == 0, "\(customer.output)")
        #expect(customer.output.contains("\"value\": \"Manon Nguyen\""))
        #expect(customer.output.contains("✓ OK: 8 customer fields"))
        let form = try await Self.run(["try", "closing-form", "--tenant", "demo", "--param", "operatorLocale=fr"])
        #expect(form.status == 0, "\(form.output)")
        #expect(form.output.contains("\"label\": \"Motif du contact\""))
        #expect(form.output.contains("✓ OK: 4 closing form fields"))
    }

    @Test func serveReloadsOnSIGHUPAndStopsCleanlyOnSIGTERM() async throws {
        try await Self.withServedGateway { served in
            func version() async throws -> JSON {
                let response = try await served.client.execute(
                    UpstreamRequest(url: "http://127.0.0.1:\(served.port)/admin/status", headers: served.admin))
                return try JSON(parsing: response.body)["version"] ?? .null
            }
            #expect(try await version() == 1)
            try (served.yaml + "\n    settings: { locale: fr }\n").write(toFile: served.configPath, atomically: true, encoding: .utf8)
            kill(served.process.processIdentifier, SIGHUP)
            let deadline = ContinuousClock.now + .seconds(10)
            while try await version() != 2 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            #expect(try await version() == 2)

            kill(served.process.processIdentifier, SIGTERM)
            #expect(try await served.exitStatus() == 0)
        }
    }

    /// SIGTERM while a request waits on a slow upstream: the request still gets its answer, new
    /// connections are refused, the process exits 0; and `--log-format json` logs parse line by line.
    @Test func serveDrainsInFlightRequestsOnSIGTERMAndLogsJSON() async throws {
        // With the file watcher on, as shipped: it too must stop quietly for the exit status to be 0.
        try await Self.withServedGateway(arguments: ["--log-format", "json"], watchInterval: "1s") { served in
            served.sandbox.faults.add(.latency(milliseconds: 4000), to: FaultTarget(simulator: .shopify), trigger: .next(1))
            let query = "idWebsite=ha-123&limit=2"
            let signature = HTTPHeader(name: "x-iadvize-signature", value: SignatureCheck.sign(Array(query.utf8), secret: "s"))
            let inFlight = Task {
                try await served.client.execute(
                    UpstreamRequest(
                        url: "http://127.0.0.1:\(served.port)/plugins/demo/products?\(query)",
                        headers: [signature, HTTPHeader(name: "X-Request-Id", value: "drain-test-1")],
                        timeout: .seconds(30)))
            }
            // Wait until the request has reached the (slow) upstream, then ask the gateway to stop.
            let deadline = ContinuousClock.now + .seconds(30)
            while (served.sandbox.requestCounts[.shopify] ?? 0) == 0 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            kill(served.process.processIdentifier, SIGTERM)

            // Draining: the listener is closed at once, so a new caller is turned away (and would
            // go to another replica behind a load balancer).
            let refuseDeadline = ContinuousClock.now + .seconds(10)
            while served.acceptsConnections() && ContinuousClock.now < refuseDeadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(!served.acceptsConnections())

            let answer = try await inFlight.value
            #expect(answer.status == 200)
            #expect(try JSON(parsing: answer.body).arrayValue?.count == 2)
            #expect(try await served.exitStatus() == 0)

            let lines = served.logs().split(separator: "\n").filter { !$0.isEmpty }
            let objects = lines.compactMap { try? JSON(parsing: Array($0.utf8)) }
            #expect(objects.count == lines.count, "every log line is a JSON object:\n\(lines.joined(separator: "\n"))")
            let access = try #require(objects.first { $0["request_id"] == "drain-test-1" && $0["message"] == "request" })
            #expect(access["tenant"] == "demo")
            #expect(access["status"] == "200")
            #expect(access["route"] == "/plugins/{tenant}/products" || access["route"] == "/plugins/:tenant/products")
            #expect(access["upstream_calls"] != "0")
            #expect(objects.contains { $0["message"] == "adapter 'hubspot' is not used by any tenant" && $0["level"] == "warning" })
            #expect(objects.contains { $0["message"] == "DeskBridge is listening" && $0["level"] == "info" })
        }
    }

    /// A `deskbridge serve` process on an ephemeral port, in front of an in-process sandbox.
    struct ServedGateway: Sendable {
        let sandbox: SandboxServer
        let process: Process
        let port: Int
        let client: CurlHTTPClient
        let configPath: String
        let yaml: String
        let logPath: String
        var admin: [HTTPHeader] { [HTTPHeader(name: "Authorization", value: "Bearer \(LiveGateway.adminToken)")] }

        /// Whether a new TCP connection to the gateway is accepted (plain connect(2), no pooling).
        func acceptsConnections() -> Bool {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            return result == 0
        }

        /// Waits (up to 30 s) for the process to exit; its exit status, or nil if it kept running.
        func exitStatus() async throws -> Int32? {
            let deadline = ContinuousClock.now + .seconds(30)
            while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            return process.isRunning || process.terminationReason != .exit ? nil : process.terminationStatus
        }

        /// Everything the process logged so far.
        func logs() -> String {
            (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        }
    }

    static func withServedGateway(arguments: [String] = [], watchInterval: String = "0s", _ body: (ServedGateway) async throws -> Void) async throws {
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
                server: { host: 127.0.0.1, port: 0, watchInterval: \(watchInterval) }
                # Far above the drain test's slow upstream (4 s), even on a loaded machine.
                upstream: { firstByteTimeout: 15s, requestTimeout: 18s }
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

            let (process, port, logPath) = try await Self.serve(config: config, arguments: arguments, in: directory)
            defer { if process.isRunning { process.terminate() } }
            let client = try CurlHTTPClient(logger: logger)
            let served = ServedGateway(
                sandbox: sandbox, process: process, port: port, client: client, configPath: config, yaml: yaml, logPath: logPath)
            do {
                try await body(served)
            } catch {
                await client.shutdown()
                throw error
            }
            await client.shutdown()
            group.cancelAll()
        }
    }

    /// Starts `deskbridge serve --config config` (and `arguments`), its output in `serve.log` in
    /// `directory` (a file, not a pipe: read while the test goes on, never blocking a thread), and
    /// waits until it says where it listens. The caller terminates the process.
    static func serve(config: String, arguments: [String] = [], in directory: URL) async throws -> (process: Process, port: Int, logPath: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--config", config] + arguments
        let logPath = directory.appendingPathComponent("serve.log").path
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let logs = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardError = logs
        process.standardOutput = logs
        try process.run()
        try logs.close()
        let found = try await listeningPort(inLog: logPath)
        if found == nil { process.terminate() }
        let port = try #require(found, "the gateway never said it was listening:\n\((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")")
        return (process, port, logPath)
    }

    /// Polls the process's log (up to 60 s) until it says where it listens; the port.
    static func listeningPort(inLog path: String) async throws -> Int? {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") where line.contains("DeskBridge is listening") {
                if let range = line.range(of: "http://127.0.0.1:"), let port = Int(line[range.upperBound...].prefix { $0.isNumber }) {
                    return port
                }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}
