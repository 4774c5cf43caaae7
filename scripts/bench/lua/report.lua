-- Shared by the wrk scripts: done() prints one line "BENCH_JSON {...}" that scripts/bench reads.
-- Latencies are wrk's own (microseconds, closed loop, not corrected for coordinated omission).
bench_threads = {}

function bench_report(summary, latency, extra)
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"mean":%.1f}%s}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
      latency.max, latency.mean, extra or ""))
end
