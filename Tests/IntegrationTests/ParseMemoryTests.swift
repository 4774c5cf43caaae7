import Foundation
import GatewayConfig
import Logging
import Mapping
import Sandbox
import Server
import Synchronization
import Testing
import Upstream

/// One upstream answer cannot take the gateway down: twenty shops answering 8 MiB of
/// `[[0],[0],…]` at once (each about 220 MB once parsed) leave the `deskbridge serve` process
/// within a stated memory bound, every such call gets a clean 502, and a calm tenant on a healthy
/// shop is served all along.
@Suite struct ParseMemoryTests {
    static let floodTenants = 20
    /// Under the default 8 MiB response cap.
    static let nestedDocument: String = {
        var text = "["
        text.reserveCapacity(8 << 20)
        while text.utf8.count < (8 << 20) - 8 { text += "[0]," }
        return text + "[0]]"
    }()

    /// The bound this test states for the gateway's peak RSS, in KiB. A debug build starts at about
    /// 60 MiB; libcurl holds up to `maxConnectionsPerHost` (16) bodies of 8 MiB at once (128 MiB),
    /// and parses are bounded by `upstream.parseBudget` (here 48 MiB). Before the budget, the same
    /// run peaked at several GiB (see docs/security.md).
    static let peakBoundKiB = 256 << 10

    @Test func twentyNestingHeavyAnswersLeaveTheGatewayWithinItsMemoryBound() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let flood = SandboxServer(configuration: SandboxConfiguration(host: "127.0.0.1", port: 0), logger: logger)
        let calm = SandboxServer(configuration: SandboxConfiguration(host: "127.0.0.1", port: 0), logger: logger)
        _ = flood.faults.add(.status(200, body: Self.nestedDocument), to: .everything, trigger: .next(100_000))
        try await withThrowingTaskGroup(of: Void.self) { group in
            var ports: [Int] = []
            for server in [flood, calm] {
                let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
                group.addTask { try await server.run { continuation.yield($0) } }
                var iterator = stream.makeAsyncIterator()
                ports.append(try #require(await iterator.next()))
            }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-parse-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let floodTenants = (1...Self.floodTenants).map { index in
                """
                  flood\(index):
                    websites: [ha-123]
                    adapter: shopify
                    upstream: http://127.0.0.1:\(ports[0])
                    credentials: { accessToken: shpat_demo_token }
                    secret: s
                """
            }
            let config = directory.appendingPathComponent("config.yaml").path
            try """
            server: { host: 127.0.0.1, port: 0, watchInterval: 0s }
            upstream: { firstByteTimeout: 30s, requestTimeout: 60s, attempts: 1, parseBudget: 48MiB, parseWait: 30s }
            adapters: \(repositoryAdapters)
            tenants:
              calm:
                websites: [ha-123]
                adapter: shopify
                upstream: http://127.0.0.1:\(ports[1])
                credentials: { accessToken: shpat_demo_token }
                secret: s
            \(floodTenants.joined(separator: "\n"))
            """.write(toFile: config, atomically: true, encoding: .utf8)

            let (process, port, _) = try await CommandLineTests.serve(config: config, in: directory)
            defer { if process.isRunning { process.terminate() } }
            let client = try CurlHTTPClient(configuration: CurlClientConfiguration(requestTimeout: .seconds(120)), logger: logger)
            defer { Task { await client.shutdown() } }
            func search(_ tenant: String, _ text: String) async throws -> UpstreamResponse {
                let query = "idWebsite=ha-123&searchQuery=\(text)&limit=5"
                return try await client.execute(
                    UpstreamRequest(
                        url: "http://127.0.0.1:\(port)/plugins/\(tenant)/products?\(query)",
                        headers: [HTTPHeader(name: "x-iadvize-signature", value: SignatureCheck.sign(Array(query.utf8), secret: "s"))]))
            }
            // The calm tenant works before the flood.
            #expect(try await search("calm", "robe").status == 200)
            let pid = process.processIdentifier
            let before = try #require(Self.memoryKiB(pid: pid, field: "VmRSS"))

            let sampler = RSSSampler(pid: pid)
            let sampling = Task { await sampler.run() }
            let calmDuringFlood = Task {
                var statuses: [Int] = []
                var products: [Int] = []
                // Until the flood is over, and at least five calls.
                while statuses.count < 5 || !sampler.floodDone {
                    let answer = try await search("calm", "robe")
                    statuses.append(answer.status)
                    products.append((try? JSON(parsing: answer.body))?.arrayValue?.count ?? -1)
                }
                return (statuses, products)
            }
            let floodAnswers = try await withThrowingTaskGroup(of: (Int, JSON).self) { floodGroup in
                for index in 1...Self.floodTenants {
                    floodGroup.addTask {
                        let answer = try await search("flood\(index)", "robe")
                        return (answer.status, (try? JSON(parsing: answer.body)) ?? .null)
                    }
                }
                return try await floodGroup.reduce(into: []) { $0.append($1) }
            }
            sampler.finishFlood()
            let (calmStatuses, calmProducts) = try await calmDuringFlood.value
            sampling.cancel()
            let peak = try #require(Self.memoryKiB(pid: pid, field: "VmHWM"))

            // Every shop's document was fetched, and every such call answered cleanly.
            #expect(floodAnswers.count == Self.floodTenants)
            for (status, body) in floodAnswers {
                #expect(status == 502, "\(body)")
                #expect(body["error"] == "upstream_bad_response", "\(body)")
                #expect(body["message"]?.stringValue?.contains("parse budget") == true, "\(body)")
            }
            #expect(flood.faults.injectedCount >= Self.floodTenants)
            #expect(calmStatuses.allSatisfy { $0 == 200 }, "\(calmStatuses)")
            #expect(calmProducts.allSatisfy { $0 > 0 }, "\(calmProducts)")
            #expect(
                peak <= Self.peakBoundKiB, "peak RSS \(peak >> 10) MiB (before the flood \(before >> 10) MiB, sampled \(sampler.highest >> 10) MiB)")
            // Recorded for docs/security.md.
            print("parse memory: RSS before \(before >> 10) MiB, peak (VmHWM) \(peak >> 10) MiB, sampled peak \(sampler.highest >> 10) MiB")
            #expect(try await search("calm", "robe").status == 200)
            process.terminate()
            group.cancelAll()
        }
    }

    /// A field of /proc/<pid>/status in KiB (`VmRSS`, `VmHWM`).
    static func memoryKiB(pid: Int32, field: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.dropFirst(field.count + 1).filter(\.isNumber))
        }
        return nil
    }
}

/// Samples a process's RSS while the flood runs (VmHWM is the authority; this shows the curve).
final class RSSSampler: Sendable {
    let pid: Int32
    private let state = Mutex((highest: 0, floodDone: false))

    init(pid: Int32) { self.pid = pid }

    var highest: Int { state.withLock { $0.highest } }
    var floodDone: Bool { state.withLock { $0.floodDone } }
    func finishFlood() { state.withLock { $0.floodDone = true } }

    func run() async {
        while !Task.isCancelled {
            if let rss = ParseMemoryTests.memoryKiB(pid: pid, field: "VmRSS") {
                state.withLock { $0.highest = max($0.highest, rss) }
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
