#!/usr/bin/env python3
"""The fleet on Redis (`shared:`), measured: a plugin answer's latency as an L1 hit (this replica's
memory), an L2 hit (another replica built it: this replica's memory is cold, Redis is warm) and a
miss (the shop is called), and the upstream calls that N replicas make for the same load with
and without Redis. Writes a JSON of figures; report.py's `fleet` section renders it.

Starts a real redis-server, deskbridge-sandbox and the gateways itself, and stops each by its pid.
"""

import argparse
import concurrent.futures
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import gateway  # noqa: E402
from benchlib.processes import Process, free_port, http  # noqa: E402


def start_redis(work):
    port = free_port()
    process = Process("redis", ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                      os.path.join(work, "redis.log"))
    deadline = time.time() + 10
    import socket
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as connection:
                connection.sendall(b"PING\r\n")
                if connection.recv(16).startswith(b"+PONG"):
                    return process, port
        except OSError:
            time.sleep(0.02)
    process.stop()
    raise RuntimeError("redis-server did not start")


def start_replicas(args, work, count, sandbox_port, redis_port, prefix):
    """`count` gateways on one shop; with `redis_port`, sharing it under `prefix`."""
    replicas = []
    for index in range(count):
        port = free_port()
        path = gateway.write_config(os.path.join(work, f"{prefix}-{index}.yaml"), port, args.adapters, sandbox_port,
                                    products_ttl="1h")
        if redis_port:
            with open(path, "a") as handle:
                handle.write(f'shared: {{ url: "redis://127.0.0.1:{redis_port}", keyPrefix: "{prefix}:" }}\n')
        process, _ = gateway.start(args.binary, path, port, os.path.join(work, f"{prefix}-{index}.log"), name=f"{prefix}-{index}")
        replicas.append((process, port))
    return replicas


def shop_requests(sandbox_port):
    _, _, body = http("GET", f"http://127.0.0.1:{sandbox_port}/_sandbox/stats")
    return json.loads(body)["requests"]["shopify"]


def timed_call(port, query, expected_label):
    started = time.perf_counter()
    status, label, _ = gateway.products_call(port, query)
    elapsed = time.perf_counter() - started
    if status != 200 or label != expected_label:
        raise RuntimeError(f"{query} on :{port} answered {status} with X-DeskBridge-Cache {label}, expected {expected_label}")
    return elapsed * 1000


def summary(samples):
    ordered = sorted(samples)
    return {"count": len(ordered), "p50_ms": statistics.median(ordered),
            "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]}


def tiers(args, work, sandbox_port, redis_port):
    """Sequential calls, one at a time: misses on A, then L2 hits on B, then L1 hits on B."""
    replicas = start_replicas(args, work, 2, sandbox_port, redis_port, "tiers")
    try:
        (_, a), (_, b) = replicas
        queries = [f"idWebsite={gateway.WEBSITE}&limit=20&searchQuery=fleet{n}" for n in range(args.queries)]
        timed_call(a, "idWebsite=ha-123&limit=20&searchQuery=warmup", None)  # the shop's context, once
        miss = [timed_call(a, query, None) for query in queries]
        l2 = [timed_call(b, query, "hit") for query in queries]
        l1 = [timed_call(b, query, "hit") for query in queries]
        return {"miss": summary(miss), "l2_hit": summary(l2), "l1_hit": summary(l1)}
    finally:
        for process, _ in replicas:
            process.stop()


def upstream_calls(args, work, sandbox_port, redis_port, count):
    """The same load on `count` replicas: every query sent to every replica, all at once."""
    prefix = f"load-{'shared' if redis_port else 'alone'}-{count}"
    replicas = start_replicas(args, work, count, sandbox_port, redis_port, prefix)
    try:
        before = shop_requests(sandbox_port)
        queries = [f"idWebsite={gateway.WEBSITE}&limit=20&searchQuery={prefix}-{n}" for n in range(args.queries)]
        calls = [(port, query) for query in queries for _, port in replicas]
        with concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool:
            statuses = list(pool.map(lambda call: gateway.products_call(*call)[0], calls))
        failed = sum(1 for status in statuses if status != 200)
        return {"replicas": count, "shared": bool(redis_port), "plugin_calls": len(calls), "failed": failed,
                "shop_requests": shop_requests(sandbox_port) - before}
    finally:
        for process, _ in replicas:
            process.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--sandbox-binary", required=True)
    parser.add_argument("--adapters", required=True)
    parser.add_argument("--build", default="release")
    parser.add_argument("--output", required=True)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    args.adapters = os.path.abspath(args.adapters)
    # The sandbox shop's cost bucket (2,000 points, 100 restored a second) holds about 35 searches:
    # more would make the tiers' misses wait for the shared bucket, which is not what they measure.
    args.queries = 10 if args.smoke else 30
    if not shutil.which("redis-server"):
        raise SystemExit("fleet bench: redis-server is missing (apt-get install redis-server)")
    work = tempfile.mkdtemp(prefix="deskbridge-fleet-bench.")
    sandbox_port = free_port()
    sandbox = gateway.start_sandbox(args.sandbox_binary, sandbox_port, os.path.join(work, "sandbox.log"))
    redis, redis_port = start_redis(work)
    try:
        figures = {"build": args.build, "queries": args.queries, "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                   "tiers": tiers(args, work, sandbox_port, redis_port),
                   "load": [upstream_calls(args, work, sandbox_port, port, 3) for port in (None, redis_port)]}
    finally:
        redis.stop()
        sandbox.stop()
        shutil.rmtree(work, ignore_errors=True)
    with open(args.output, "w") as handle:
        json.dump(figures, handle, indent=2)
    failed = sum(run["failed"] for run in figures["load"])
    print(f"fleet bench: {json.dumps(figures)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
