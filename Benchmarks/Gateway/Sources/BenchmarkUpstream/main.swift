import Foundation
import Logging
import Sandbox

/// The load tests' upstream: the sandbox (the same simulators `deskbridge serve` embeds for the
/// demo) in a process of its own, so that the gateway's memory and CPU figures are the gateway's
/// alone, and with Shopify's cost bucket made bottomless: the demo's (2,000 points, 100 restored per
/// second, Shopify's standard plan) would throttle a miss benchmark to a few calls per second.
///
/// Usage: BenchmarkUpstream [--host 127.0.0.1] [--port 0] [--port-file PATH]
/// Writes the bound port to PATH (and stdout) once listening; runs until killed.
let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    guard let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}

var logger = Logger(label: "bench.upstream")
logger.logLevel = .warning

var shopify = ShopifySimulatorConfiguration()
shopify.bucketSize = 1e15
shopify.restoreRate = 1e15
shopify.requestLogLimit = 16

let host = option("host", "127.0.0.1")
let port = Int(option("port", "0")) ?? 0
let portFile = option("port-file", "")
let server = SandboxServer(configuration: SandboxConfiguration(host: host, port: port, shopify: shopify), logger: logger)
try await server.run { bound in
    print("BenchmarkUpstream listening on http://\(host):\(bound)")
    fflush(stdout)
    if !portFile.isEmpty {
        // Written whole, then renamed, so a reader never sees half a number.
        try? String(bound).write(toFile: portFile + ".partial", atomically: false, encoding: .utf8)
        try? FileManager.default.moveItem(atPath: portFile + ".partial", toPath: portFile)
    }
}
