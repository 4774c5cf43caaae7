"""Runs wrk with one of the scripts in scripts/bench/lua and reads the line its done() prints."""

import json
import os
import shutil
import subprocess

LUA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lua")


class WrkFailed(Exception):
    pass


def binary():
    found = shutil.which("wrk")
    if not found:
        raise WrkFailed("wrk is not installed (scripts/bench/run.sh installs it)")
    return found


def version(wrk):
    out = subprocess.run([wrk, "-v"], capture_output=True, text=True)
    first = (out.stdout or out.stderr).strip().splitlines()
    return first[0].split(" Copyright")[0] if first else "wrk"


def run(wrk, url, connections, seconds, script, args=(), threads=2, timeout="5s"):
    """One wrk run; the figures of its BENCH_JSON line plus requests/s and failures."""
    argv = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", timeout,
            "-s", os.path.join(LUA_DIR, script), url]
    if args:
        argv += ["--", *[str(a) for a in args]]
    env = dict(os.environ, BENCH_LUA_DIR=LUA_DIR)
    out = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=seconds + 60)
    for line in out.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            figures = json.loads(line[len("BENCH_JSON "):])
            break
    else:
        raise WrkFailed(f"wrk printed no figures (exit {out.returncode}):\n{out.stdout}\n{out.stderr}")
    seconds_run = figures["duration_us"] / 1e6
    figures["rps"] = figures["requests"] / seconds_run if seconds_run > 0 else 0.0
    figures["failures"] = sum(figures["errors"].values())
    figures["bytes_per_response"] = figures["bytes"] / figures["requests"] if figures["requests"] else 0
    figures["connections"] = connections
    figures["threads"] = threads
    return figures
