import Foundation

/// What the benchmark prints: progress lines on standard error, and the results as JSON (one
/// object per benchmark) for scripts/bench to put in BENCHMARKS.md.
enum Console {
    static func progress(_ result: BenchmarkResult) {
        let perItem = result.itemsPerOperation > 1 ? String(format: "  %12.0f %@/s", result.itemsPerSecond, result.itemName) : ""
        let line = String(format: "%-28@ %12.1f ns/op %12.0f op/s", result.name, result.median, result.operationsPerSecond) + perItem
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func json(_ results: [BenchmarkResult], settings: HarnessSettings) -> String {
        let items = results.map { result -> String in
            let rounds = result.nanosecondsPerOperation.map { String(format: "%.1f", $0) }.joined(separator: ",")
            return """
                {"name":\(quoted(result.name)),"detail":\(quoted(result.detail)),"items_per_op":\(result.itemsPerOperation),\
                "item":\(quoted(result.itemName)),"iterations_per_round":\(result.iterationsPerRound),\
                "ns_per_op":\(String(format: "%.1f", result.median)),"ns_per_op_rounds":[\(rounds)],\
                "ops_per_s":\(String(format: "%.1f", result.operationsPerSecond)),\
                "items_per_s":\(String(format: "%.1f", result.itemsPerSecond))}
                """
        }
        let header = """
            {"rounds":\(settings.rounds),"round_ms":\(Int(Harness.nanoseconds(settings.roundDuration) / 1e6)),\
            "warmup_ms":\(Int(Harness.nanoseconds(settings.warmUp) / 1e6)),"benchmarks":[
            """
        return header + items.joined(separator: ",\n") + "]}\n"
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
