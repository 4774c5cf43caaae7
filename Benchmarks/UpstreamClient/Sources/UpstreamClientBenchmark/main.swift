import Foundation

/// Usage: UpstreamClientBenchmark --base http://127.0.0.1:PORT [--seconds 2] [--rounds 3]
///        [--concurrency 1,16,64] [--payloads 2k.json,200k.json] [--clients curl,curl2,ahc]
///
/// For each payload and concurrency, the clients (libcurl with one thread, libcurl with two, and
/// AsyncHTTPClient on its default two event loops) run in turn, the order reversed every round,
/// for `rounds` rounds each of `seconds` seconds, after a warm-up, so that the machine's noise
/// falls on both alike. Prints one Markdown table.
let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    guard let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}

let base = option("base", "")
guard !base.isEmpty else {
    FileHandle.standardError.write(Data("usage: UpstreamClientBenchmark --base http://127.0.0.1:PORT\n".utf8))
    exit(2)
}
let seconds = Double(option("seconds", "2")) ?? 2
let rounds = Int(option("rounds", "3")) ?? 3
let concurrencies = option("concurrency", "1,16,64").split(separator: ",").compactMap { Int($0) }
let payloads = option("payloads", "2k.json,200k.json").split(separator: ",").map(String.init)
let connections = concurrencies.max() ?? 64
let roundDuration = Duration.milliseconds(Int64(seconds * 1000))

let selected = Set(option("clients", "curl,curl2,ahc").split(separator: ",").map(String.init))
var clients: [any BenchmarkClient] = []
if selected.contains("curl") { clients.append(try CurlBenchmarkClient(connections: connections, eventLoops: 1)) }
if selected.contains("curl2") { clients.append(try CurlBenchmarkClient(connections: connections, eventLoops: 2)) }
if selected.contains("ahc") { clients.append(AsyncHTTPBenchmarkClient(connections: connections)) }

print("| payload | concurrency | client | requests/s | p50 ms | p99 ms | CPU µs/request | failures |")
print("|---|---:|---|---:|---:|---:|---:|---:|")
for payload in payloads {
    let url = "\(base)/\(payload)"
    for concurrency in concurrencies {
        // Warm-up: connections opened, code paths paged in.
        for client in clients { _ = await loadRun(client: client, url: url, concurrency: concurrency, duration: .milliseconds(500)) }
        var results = [RunResult](repeating: RunResult(), count: clients.count)
        for round in 0..<rounds {
            // ABBA order: neither client always goes first.
            let order = round.isMultiple(of: 2) ? Array(clients.indices) : clients.indices.reversed()
            for index in order {
                results[index].merge(await loadRun(client: clients[index], url: url, concurrency: concurrency, duration: roundDuration))
            }
        }
        for (client, result) in zip(clients, results) {
            let sorted = result.latencies.sorted()
            let elapsed = Double(result.elapsed.components.seconds) + Double(result.elapsed.components.attoseconds) / 1e18
            let cpu = Double(result.cpu.components.seconds) + Double(result.cpu.components.attoseconds) / 1e18
            let throughput = Double(result.requests) / elapsed
            let cpuPerRequest = result.requests > 0 ? cpu / Double(result.requests) * 1e6 : 0
            print(
                String(
                    format: "| %@ | %d | %@ | %.0f | %.3f | %.3f | %.1f | %d |",
                    payload, concurrency, client.name, throughput,
                    Double(quantile(sorted, 0.5)) / 1e6, Double(quantile(sorted, 0.99)) / 1e6, cpuPerRequest, result.failures))
        }
    }
}
for client in clients { try await client.shutdown() }
