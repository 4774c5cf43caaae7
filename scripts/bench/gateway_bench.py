#!/usr/bin/env python3
"""DeskBridge under load, side by side with nginx; memory, startup and reload. Writes JSON.

Started by scripts/bench/run.sh (which builds the gateway and installs wrk and nginx). Every
process started here is stopped here, by its pid, whatever happens (Ctrl-C included).
"""

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchlib import gateway, nginx, noisy, processes, recording, signing, wrk  # noqa: E402

ROUTE = "/plugins/demo/products"
# The cached call: the first 20 active products, as the Desk asks for them.
HIT_QUERY = f"idWebsite={gateway.WEBSITE}&limit=20"
# The recorded upstream page, kept for the micro benchmarks (Benchmarks/GatewayMicro reads it).
FIXTURE_NAME = "upstream-products-page.json"
SYSTEMS = ("gateway-hit", "nginx-hit", "direct", "gateway-miss")
# Small cache bounds for the smoke run, so that a second of a debug build reaches evictions.
SMOKE_CACHE_BOUNDS = ("8MiB", "2MiB")


class Run:
    """Everything one benchmark run started, so that all of it is stopped at the end."""

    def __init__(self, options):
        self.options = options
        self.work = tempfile.mkdtemp(prefix="deskbridge-bench.")
        os.chmod(self.work, 0o755)  # nginx workers (user www-data or nobody) read files in it
        self.started = []
        self.problems = []   # what failed: the run exits non-zero when there is any
        self.notes = []      # checks that did not hold (figures stay in the report)
        self.results = {"smoke": options.smoke}

    def track(self, process):
        self.started.append(process)
        return process

    def stop_all(self):
        for process in reversed(self.started):
            process.stop(signal.SIGTERM)  # nginx: fast shutdown, the master stops its workers
        self.started.clear()

    def stop(self, process):
        process.stop()
        if process in self.started:
            self.started.remove(process)

    def problem(self, text):
        print(f"bench: FAILED: {text}", file=sys.stderr)
        self.problems.append(text)

    def note(self, text):
        print(f"bench: note: {text}", file=sys.stderr)
        self.notes.append(text)

    def path(self, name):
        return os.path.join(self.work, name)


def log(text):
    print(f"bench: {text}", file=sys.stderr, flush=True)


# MARK: Recording


def record_upstream(run):
    """Records the gateway's Shop and Products GraphQL calls against deskbridge-sandbox."""
    options = run.options
    sandbox_port, port = processes.free_port(), processes.free_port()
    proxy = recording.RecordingProxy(sandbox_port)
    try:
        config = gateway.write_config(run.path("record.yaml"), port, options.adapters, proxy.port)
        signing.check_against_cli(options.binary, config, "demo", HIT_QUERY, gateway.SECRET)
        sandbox = run.track(gateway.start_sandbox(options.sandbox_binary, sandbox_port, run.path("sandbox.log")))
        recorder, _ = gateway.start(options.binary, config, port, run.path("record.log"), name="recording gateway")
        run.track(recorder)
        status, _, body = gateway.products_call(port, HIT_QUERY)
        if status != 200:
            raise processes.StartFailed(f"the recording call {HIT_QUERY} answered {status}: {body[:300]!r}")
        run.stop(recorder)
        run.stop(sandbox)
    finally:
        proxy.close()
    shop = proxy.find("Shop")
    # The adapter asks Shopify for pages of 50: one Products call answers limit=20 and limit=50 alike.
    products = proxy.find("Products")
    replay = recording.replay_document(products, shop)
    if options.fixtures:
        os.makedirs(options.fixtures, exist_ok=True)
        with open(os.path.join(options.fixtures, FIXTURE_NAME), "wb") as handle:
            handle.write(replay)
    target = os.path.join(run.work, "replay", products.path.lstrip("/").split("?")[0])
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(replay)
    with open(run.path("products-request.json"), "wb") as handle:
        handle.write(products.request_body)
    os.chmod(target, 0o644)
    run.results["payload"] = {
        "upstream_request_path": products.path,
        "upstream_request_bytes": len(products.request_body),
        "upstream_answer_bytes": len(products.response_body),
        "upstream_answer_products": products.response_body.count(b'"handle"'),
        "replay_document_bytes": len(replay),
        "sandbox_answer_status": products.status,
    }
    return products


# MARK: Gateway processes


def gateway_config(run, name, port, ports, **cache):
    return gateway.write_config(run.path(name), port, run.options.adapters, ports["replay"], **cache)


def measure_startups(run, ports, count):
    """Seconds from exec to the first 200 on /health, for `count` fresh processes."""
    durations = []
    for index in range(count):
        port = processes.free_port()
        config = gateway_config(run, f"startup-{index}.yaml", port, ports)
        process, ready = gateway.start(run.options.binary, config, port, run.path(f"startup-{index}.log"))
        run.track(process)
        durations.append(ready)
        run.stop(process)
    return durations


def start_main_gateway(run, ports):
    port = processes.free_port()
    config = gateway_config(run, "gateway.yaml", port, ports)
    process, ready = gateway.start(run.options.binary, config, port, run.path("gateway.log"))
    run.track(process)
    memory = {"at_ready": processes.memory_kib(process.pid)}
    time.sleep(0.5 if run.options.smoke else 2.0)
    memory["idle"] = processes.memory_kib(process.pid)
    return process, port, ready, memory


def prepare_answers(run, port, ports):
    """Fills the plugin cache with the hit query, checks it hits, and gives nginx the same bytes."""
    status, cache_state, first = gateway.products_call(port, HIT_QUERY)
    status2, cache_state2, body = gateway.products_call(port, HIT_QUERY)
    if status != 200 or status2 != 200:
        raise processes.StartFailed(f"the products route answered {status}/{status2}: {first[:300]!r}")
    if cache_state2 != "hit":
        run.problem(f"the second identical call was not a cache hit (X-DeskBridge-Cache: {cache_state2!r})")
    if first != body:
        run.note("the first (miss) and second (hit) answers differ")
    origin_file = os.path.join(run.work, "origin", ROUTE.lstrip("/"))
    os.makedirs(os.path.dirname(origin_file), exist_ok=True)
    with open(origin_file, "wb") as handle:
        handle.write(body)
    os.chmod(origin_file, 0o644)
    for folder in (os.path.join(run.work, "origin"), os.path.join(run.work, "origin", "plugins"), os.path.dirname(origin_file)):
        os.chmod(folder, 0o755)

    # A miss with a unique search text gets the same 20 products (the replay ignores the search).
    miss_query = signing.unique_query(HIT_QUERY, "check", 0)
    status, miss_state, miss_body = gateway.products_call(port, miss_query)
    if status != 200 or miss_state is not None:
        run.problem(f"a unique query answered {status} with X-DeskBridge-Cache {miss_state!r} (expected 200, none)")
    if miss_body != body:
        run.note("the unique-query answer differs from the cached answer's bytes")

    url = f"http://127.0.0.1:{ports['cache']}{ROUTE}?{HIT_QUERY}"
    signature = {"x-iadvize-signature": signing.signature(HIT_QUERY, gateway.SECRET)}
    processes.http("GET", url, headers=signature)
    status, headers, nginx_body = processes.http("GET", url, headers=signature)
    if status != 200 or headers.get("x-cache-status") != "HIT":
        run.problem(f"nginx proxy_cache answered {status}, X-Cache-Status {headers.get('x-cache-status')!r} (expected HIT)")
    if nginx_body != body:
        run.problem("nginx's cached answer differs from the gateway's")
    run.results["payload"]["plugin_answer_bytes"] = len(body)
    run.results["payload"]["plugin_answer_products"] = body.count(b'"productUrl"')
    return body


# MARK: Load


class RSSSampler:
    """Samples the gateway's RSS every 100 ms while the load runs."""

    def __init__(self, pid):
        self.pid = pid
        self.current_max = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self):
        while not self._stop.wait(0.1):
            rss = processes.memory_kib(self.pid).get("VmRSS", 0)
            self.current_max = max(self.current_max, rss)

    def take_max(self):
        value, self.current_max = self.current_max, processes.memory_kib(self.pid).get("VmRSS", 0)
        return max(value, self.current_max)

    def stop(self):
        self._stop.set()
        self._thread.join()


class Cells:
    """Runs each system at each connection count, alternating systems within a round."""

    def __init__(self, run, port, ports, upstream_path, wrk_binary):
        self.run, self.port, self.ports = run, port, ports
        self.upstream_path = upstream_path
        self.wrk = wrk_binary
        self.hit_signature = signing.signature(HIT_QUERY, gateway.SECRET)
        self.miss_rate_estimate = 4000.0
        self.miss_files = 0

    def unique_queries_file(self, seconds, connections):
        self.miss_files += 1
        count = int(self.miss_rate_estimate * seconds * 1.6) + 50 * connections + 2000
        path = self.run.path(f"unique-{self.miss_files}.tsv")
        signing.write_unique_queries(path, ROUTE, HIT_QUERY, f"r{self.miss_files}", count, gateway.SECRET)
        return path, count

    def one(self, system, connections, seconds):
        threads = min(2, connections)  # wrk needs a connection per thread; two threads for two cores
        if system == "gateway-hit":
            return wrk.run(self.wrk, f"http://127.0.0.1:{self.port}{ROUTE}?{HIT_QUERY}", connections, seconds, "fixed.lua",
                           [self.hit_signature], threads=threads)
        if system == "nginx-hit":
            return wrk.run(self.wrk, f"http://127.0.0.1:{self.ports['cache']}{ROUTE}?{HIT_QUERY}", connections, seconds,
                           "fixed.lua", [self.hit_signature], threads=threads)
        if system == "direct":
            return wrk.run(self.wrk, f"http://127.0.0.1:{self.ports['replay']}{self.upstream_path}", connections, seconds,
                           "post.lua", [self.run.path("products-request.json"), gateway.SHOPIFY_TOKEN], threads=threads)
        if system == "gateway-miss":
            path, count = self.unique_queries_file(seconds, connections)
            figures = wrk.run(self.wrk, f"http://127.0.0.1:{self.port}/", connections, seconds, "cycle.lua", [path, threads],
                              threads=threads)
            figures["unique_queries_available"] = count
            self.miss_rate_estimate = max(self.miss_rate_estimate, figures["rps"])
            os.remove(path)
            return figures
        raise ValueError(system)


def check_cell(run, system, figures, before, after, origin_delta):
    """What the counters say the run did; a problem when requests failed."""
    check = {}
    if figures["failures"]:
        run.problem(f"{system} at {figures['connections']} connections: {figures['errors']} (non-2xx or socket errors)")
    if system.startswith("gateway"):
        moved = gateway.delta(after, before)
        answered = max(moved["products_200"], 1)
        check = {
            "gateway_answers_200": moved["products_200"],
            "gateway_answers_not_200": moved["products_not_200"],
            "upstream_calls_per_answer": moved["upstream_miss"] / answered,
        }
        if system == "gateway-hit" and moved["upstream_miss"] > 0:
            run.note(f"gateway-hit at {figures['connections']}: {moved['upstream_miss']:.0f} upstream calls (expected 0)")
        if system == "gateway-miss":
            if figures.get("wraps"):
                run.note(f"gateway-miss at {figures['connections']}: the unique queries ran out ({figures['wraps']} wraps)")
            if moved["upstream_miss"] < 0.98 * moved["products_200"]:
                run.note(f"gateway-miss at {figures['connections']}: only {moved['upstream_miss']:.0f} upstream calls for "
                         f"{moved['products_200']:.0f} answers")
    if system == "nginx-hit":
        check = {"origin_requests": origin_delta}
        if origin_delta:
            run.note(f"nginx-hit at {figures['connections']}: {origin_delta} requests reached the origin (expected 0)")
    return check


def rss_under_hit_load(run, port, process, wrk_binary):
    """Peak RSS while the fresh gateway serves cache hits at the highest connection count, before
    any miss run fills its caches: the process's own cost under load, caches aside."""
    connections = max(run.options.connections)
    sampler = RSSSampler(process.pid)
    try:
        gateway.products_call(port, HIT_QUERY)
        figures = wrk.run(wrk_binary, f"http://127.0.0.1:{port}{ROUTE}?{HIT_QUERY}", connections, min(5, run.options.seconds),
                          "fixed.lua", [signing.signature(HIT_QUERY, gateway.SECRET)], threads=min(2, connections))
    finally:
        sampler.stop()
    if figures["failures"]:
        run.problem(f"hit load for RSS at {connections} connections: {figures['errors']}")
    return {"connections": connections, "rps": figures["rps"], "peak_kib": sampler.take_max()}


def load_plan(connections):
    """(connections, systems) cells: one connection first, for the latency a miss adds without
    queueing (only the miss and the direct call), then every system at each asked count."""
    return [(1, ("direct", "gateway-miss"))] + [(count, SYSTEMS) for count in connections]


def run_load(run, port, ports, process, upstream_path, wrk_binary):
    options = run.options
    cells = Cells(run, port, ports, upstream_path, wrk_binary)
    sampler = RSSSampler(process.pid)
    results = []
    peaks = {}
    try:
        for connections, systems in load_plan(options.connections):
            if options.warmup > 0:
                for system in systems:
                    log(f"warm-up {system} at {connections} connections")
                    cells.one(system, connections, options.warmup)
            for round_index in range(options.rounds):
                order = systems if round_index % 2 == 0 else tuple(reversed(systems))
                for system in order:
                    if system == "gateway-hit":
                        gateway.products_call(port, HIT_QUERY)  # the miss runs may have evicted the entry
                    before = gateway.counters(port) if system.startswith("gateway") else {}
                    origin_before = nginx.origin_requests(run.work)
                    sampler.take_max()
                    cpu_before = processes.cpu_seconds(process.pid)
                    figures = cells.one(system, connections, options.seconds)
                    cpu_used = processes.cpu_seconds(process.pid) - cpu_before
                    rss_max = sampler.take_max()
                    if system.startswith("gateway") and figures["requests"]:
                        # The gateway's own CPU time per answer (user + system), wrk and nginx excluded.
                        figures["gateway_cpu_us_per_request"] = cpu_used * 1e6 / figures["requests"]
                    after = gateway.counters(port) if system.startswith("gateway") else {}
                    figures["check"] = check_cell(run, system, figures, before, after, nginx.origin_requests(run.work) - origin_before)
                    figures.update(system=system, round=round_index + 1, gateway_rss_max_kib=rss_max, load_average=os.getloadavg()[0])
                    results.append(figures)
                    key = "hit" if system == "gateway-hit" else "miss" if system == "gateway-miss" else "other"
                    peaks[key] = max(peaks.get(key, 0), rss_max)
                    log(f"{system:13} c={connections:<4} round {round_index + 1}: {figures['rps']:9.0f} req/s  "
                        f"p50 {figures['latency_us']['p50'] / 1000:7.3f} ms  p99 {figures['latency_us']['p99'] / 1000:7.3f} ms  "
                        f"failures {figures['failures']}"
                        + (f"  gateway CPU {figures['gateway_cpu_us_per_request']:.0f} µs/answer" if "gateway_cpu_us_per_request" in figures else ""))
    finally:
        sampler.stop()
    return results, peaks


def summarize(results, connections):
    """Per system and connection count: the median of the rounds."""
    table = []
    for count in [1] + connections:
        for system in SYSTEMS:
            rounds = [r for r in results if r["system"] == system and r["connections"] == count]
            if not rounds:
                continue
            table.append({
                "system": system, "connections": count, "rounds": len(rounds),
                "rps": statistics.median(r["rps"] for r in rounds),
                "p50_ms": statistics.median(r["latency_us"]["p50"] for r in rounds) / 1000,
                "p99_ms": statistics.median(r["latency_us"]["p99"] for r in rounds) / 1000,
                "rps_range": [min(r["rps"] for r in rounds), max(r["rps"] for r in rounds)],
                "failures": sum(r["failures"] for r in rounds),
                "bytes_per_response": statistics.median(r["bytes_per_response"] for r in rounds),
                "upstream_calls_per_answer": statistics.median(r["check"].get("upstream_calls_per_answer", 0) for r in rounds)
                if system.startswith("gateway") else None,
                "gateway_cpu_us_per_request": statistics.median(r["gateway_cpu_us_per_request"] for r in rounds)
                if all("gateway_cpu_us_per_request" in r for r in rounds) else None,
            })
    ratios = []
    for count in [1] + connections:
        row = {s["system"]: s for s in table if s["connections"] == count}
        if not {"gateway-miss", "direct"} <= row.keys():
            continue
        ratio = {
            "connections": count,
            "miss_p50_overhead_ms": row["gateway-miss"]["p50_ms"] - row["direct"]["p50_ms"],
            "miss_p99_overhead_ms": row["gateway-miss"]["p99_ms"] - row["direct"]["p99_ms"],
        }
        if {"gateway-hit", "nginx-hit"} <= row.keys() and row["nginx-hit"]["rps"]:
            ratio["hit_throughput_ratio"] = row["gateway-hit"]["rps"] / row["nginx-hit"]["rps"]
        ratios.append(ratio)
    return table, ratios


# MARK: Memory bound, reload


def fill_bounded_cache(run, ports, wrk_binary):
    """A fresh gateway fed unique queries until both caches evict: do the bounds, and RSS, hold?

    The full run uses the shipped bounds (64 MiB upstream, 16 MiB plugin answers), so the RSS
    figure is the one a production process reaches; the smoke run small ones, to reach evictions
    in a second or two of a debug build.
    """
    options = run.options
    port = processes.free_port()
    bounds = SMOKE_CACHE_BOUNDS if options.smoke else gateway.DEFAULT_CACHE_BOUNDS
    config = gateway_config(run, "bounded.yaml", port, ports, cache_bytes=bounds[0], plugin_cache_bytes=bounds[1])
    process, _ = gateway.start(options.binary, config, port, run.path("bounded.log"), name="bounded gateway")
    run.track(process)
    samples = [{"unique_queries": 0, **gateway.counters(port), **processes.memory_kib(process.pid)}]
    sent = 0
    steps, seconds, per_step = (2, 1, 2000) if options.smoke else (12, 3, 30000)
    for step in range(steps):
        path = run.path(f"fill-{step}.tsv")
        signing.write_unique_queries(path, ROUTE, HIT_QUERY, f"f{step}", per_step, gateway.SECRET)
        figures = wrk.run(wrk_binary, f"http://127.0.0.1:{port}/", 16, seconds, "cycle.lua", [path, 2])
        os.remove(path)
        if figures["failures"]:
            run.problem(f"bounded-cache fill step {step}: {figures['errors']}")
        sent += figures.get("distinct", figures["requests"])
        sample = {"unique_queries": sent, **gateway.counters(port), **processes.memory_kib(process.pid)}
        samples.append(sample)
        log(f"fill: {sent} unique queries, upstream cache {sample['upstream_cache_bytes'] / 2**20:.1f} MiB, "
            f"plugin cache {sample['plugin_cache_bytes'] / 2**20:.1f} MiB, RSS {sample.get('VmRSS', 0) / 1024:.0f} MiB")
        # Full: both caches evict, and one more step shows the size and RSS staying put.
        if len(samples) > 3 and samples[-2]["upstream_cache_evictions"] > 0 and samples[-2]["plugin_cache_evictions"] > 0:
            break
    time.sleep(1)
    settled = {**gateway.counters(port), **processes.memory_kib(process.pid)}
    limits = {"upstream": parse_size(bounds[0]), "plugin": parse_size(bounds[1])}
    held = all(s["upstream_cache_bytes"] <= limits["upstream"] and s["plugin_cache_bytes"] <= limits["plugin"]
               for s in samples + [settled])
    full = samples[-1]["upstream_cache_evictions"] > 0 and samples[-1]["plugin_cache_evictions"] > 0
    if not held:
        run.note("a cache's bytes gauge went past its bound")
    if not full and not options.smoke:
        run.note("the bounded-cache run ended before both caches evicted")
    run.stop(process)
    return {"bounds": list(bounds), "limits_bytes": limits, "held": held, "full": full, "samples": samples,
            "settled": settled, "seconds_per_step": seconds}


def parse_size(text):
    units = {"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}
    for unit, factor in units.items():
        if text.endswith(unit):
            return int(text[:-len(unit)]) * factor
    return int(text)


def measure_reload(run, port):
    repeat = 2 if run.options.smoke else 10
    status = gateway.timed_admin(port, "GET", "/admin/status", repeat)
    reload = gateway.timed_admin(port, "POST", "/admin/reload", repeat)
    return {"repeat": repeat, "status_ms": [d * 1000 for d in status], "reload_ms": [d * 1000 for d in reload]}


# MARK: Main


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as info:
            memory_gib = int(info.readline().split()[1]) / (1 << 20)
    except OSError:
        memory_gib = 0
    return {"arch": platform.machine(), "cores": os.cpu_count(), "cpu": model, "memory_gib": round(memory_gib, 1),
            "kernel": platform.release(), "load_average_start": os.getloadavg()}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", required=True, help="the deskbridge executable")
    parser.add_argument("--sandbox-binary", required=True, help="the deskbridge-sandbox executable (the recorded upstream)")
    parser.add_argument("--build", default="release", help="the build configuration of --binary, for the report")
    parser.add_argument("--adapters", required=True, help="the adapters directory")
    parser.add_argument("--output", required=True, help="where to write the results (JSON)")
    parser.add_argument("--fixtures", help="a folder to write the recorded upstream answers to (for the micro benchmarks)")
    parser.add_argument("--smoke", action="store_true", help="a few seconds in all; only failures matter")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--connections", default="16,64,256")
    parser.add_argument("--keep-work", action="store_true", help="leave the temporary folder (configs, logs) in place")
    options = parser.parse_args()
    options.connections = [int(c) for c in options.connections.split(",")]
    options.adapters = os.path.abspath(options.adapters)  # the configs are written in a temporary folder
    if options.smoke:
        options.seconds, options.rounds, options.warmup, options.connections = 1, 1, 0, [16]

    run = Run(options)
    # SIGTERM (and SIGINT, already KeyboardInterrupt) unwind through `finally`, which stops everything.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    try:
        wrk_binary, nginx_binary = wrk.binary(), nginx.binary()
        results = run.results
        results["machine"] = machine()
        results["tools"] = {"wrk": wrk.version(wrk_binary), "nginx": nginx.version(nginx_binary), "build": options.build}
        results["method"] = {"seconds": options.seconds, "rounds": options.rounds, "warmup": options.warmup,
                             "connections": options.connections, "wrk_threads": 2, "nginx_workers": 2}
        log(f"load average at start: {results['machine']['load_average_start']}")

        log("recording the upstream answers from deskbridge-sandbox")
        products = record_upstream(run)

        ports = {"replay": processes.free_port(), "origin": processes.free_port(), "cache": processes.free_port()}
        config = nginx.write_config(run.work, ports, workers=2)
        run.track(nginx.start(nginx_binary, run.work, config, ports))
        status, _, replayed = processes.http("POST", f"http://127.0.0.1:{ports['replay']}{products.path}",
                                             headers={"Content-Type": "application/json"}, body=products.request_body)
        if status != 200 or b'"products"' not in replayed:
            raise processes.StartFailed(f"nginx's replay answered {status}: {replayed[:200]!r}")

        log("startup times")
        results["startup_s"] = measure_startups(run, ports, 1 if options.smoke else 5)
        process, port, ready, memory = start_main_gateway(run, ports)
        results["startup_s"].append(ready)
        prepare_answers(run, port, ports)
        memory["after_first_calls"] = processes.memory_kib(process.pid)

        log("RSS under cache-hit load, caches nearly empty")
        memory["hit_load_fresh"] = rss_under_hit_load(run, port, process, wrk_binary)
        log("load")
        cells, peaks = run_load(run, port, ports, process, products.path, wrk_binary)
        results["cells"] = cells
        results["summary"], results["ratios"] = summarize(cells, options.connections)
        memory["peak_during_hit_runs_kib"] = peaks.get("hit", 0)
        memory["peak_during_miss_runs_kib"] = peaks.get("miss", 0)
        memory["after_load"] = processes.memory_kib(process.pid)
        memory["caches_after_load"] = gateway.counters(port)
        results["memory"] = memory

        log("reload")
        results["reload"] = measure_reload(run, port)
        run.stop(process)

        log("cache bound")
        results["bounded_cache"] = fill_bounded_cache(run, ports, wrk_binary)

        log("noisy neighbours")
        results["noisy_neighbours"] = noisy.measure(run, ports, wrk_binary, HIT_QUERY, ROUTE, 1 if options.smoke else options.seconds, log)
    except (processes.StartFailed, wrk.WrkFailed, RuntimeError, OSError, subprocess.SubprocessError) as error:
        run.problem(str(error))
    finally:
        run.stop_all()
        run.results["problems"] = run.problems
        run.results["notes"] = run.notes
        run.results["elapsed_s"] = time.monotonic() - started
        with open(options.output, "w") as handle:
            json.dump(run.results, handle, indent=1)
        if options.keep_work or run.problems:
            log(f"configs and logs kept in {run.work}")
        else:
            shutil.rmtree(run.work, ignore_errors=True)
    log(f"done in {run.results['elapsed_s']:.0f} s; results in {options.output}")
    return 1 if run.problems else 0


if __name__ == "__main__":
    sys.exit(main())
