#!/usr/bin/env bash
# `make bench`: DeskBridge under load beside nginx proxy_cache and the upstream called directly,
# memory, startup and reload, then micro benchmarks; writes the Gateway and Micro sections of
# BENCHMARKS.md (between their markers), with the method beside every figure.
#
# `make bench-smoke` (BENCH_SMOKE=1): the same scripts in a few seconds — debug builds, 1 s per
# cell at 1 and 16 connections, a few micro iterations — reported to a temporary file, never to
# BENCHMARKS.md. It fails only when something did not start or a request failed, never on a figure.
#
# Installs wrk and nginx-light from Debian when missing. Every process it starts is stopped by its
# pid when it ends, Ctrl-C included.
#
# Environment:
#   BENCH_SMOKE=1            the smoke mode above
#   BENCH_SECONDS=8          seconds per load cell;   BENCH_ROUNDS=3   rounds per cell
#   BENCH_CONNECTIONS=16,64,256
#   BENCH_MARKDOWN=FILE      where to write the sections (default: BENCHMARKS.md; smoke: a temp file)
#   DESKBRIDGE_BINARY=FILE   measure this deskbridge executable instead of building one (its folder
#                            must hold deskbridge-sandbox too: the recorded upstream)
#   DESKBRIDGE_PACKAGE_PATH  the main package to build and measure (default: this checkout)
#   SWIFT=swift
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
package="${DESKBRIDGE_PACKAGE_PATH:-$repo}"
export DESKBRIDGE_PACKAGE_PATH="$package"   # read by Benchmarks/GatewayMicro/Package.swift
micro_package="$repo/Benchmarks/GatewayMicro"
swift="${SWIFT:-swift}"
smoke="${BENCH_SMOKE:-0}"
started_at=$(date +%s)

# nginx-light only when no nginx at all is there (nginx-core or full serve as well).
tools=(libcurl4-openssl-dev pkg-config)
command -v wrk >/dev/null 2>&1 || tools+=(wrk)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || tools+=(nginx-light)
"$repo/scripts/install-system-packages.sh" "${tools[@]}" >&2

results_dir="$micro_package/.build/bench-results"
mkdir -p "$results_dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
work="$(mktemp -d "${TMPDIR:-/tmp}/deskbridge-bench-run.XXXXXX")"
bench_pid=""
cleanup() {
    # The Python orchestrator stops what it started; this only ends the orchestrator itself.
    if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then kill -TERM "$bench_pid" 2>/dev/null || true; wait "$bench_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$smoke" = "1" ]; then
    configuration=debug
    markdown="${BENCH_MARKDOWN:-${TMPDIR:-/tmp}/deskbridge-bench-smoke.md}"
    micro_args=(--rounds 2 --round-ms 5 --warmup-ms 5)
    gateway_args=(--smoke)
    command_name="make bench-smoke"
    echo "bench: smoke mode (debug builds, 1 s per cell; figures are not meaningful)" >&2
else
    configuration=release
    markdown="${BENCH_MARKDOWN:-$repo/BENCHMARKS.md}"
    micro_args=(--rounds 9 --round-ms 200 --warmup-ms 300)
    gateway_args=(--seconds "${BENCH_SECONDS:-8}" --rounds "${BENCH_ROUNDS:-3}" --connections "${BENCH_CONNECTIONS:-16,64,256}")
    command_name="make bench"
fi

build_started=$(date +%s)
if [ -n "${DESKBRIDGE_BINARY:-}" ]; then
    gateway_binary="$DESKBRIDGE_BINARY"
elif [ "$configuration" = "debug" ]; then
    # `make test` has just built the main package in debug: this is an up-to-date check.
    "$swift" build --package-path "$package" --product deskbridge >&2
    "$swift" build --package-path "$package" --product deskbridge-sandbox >&2
    gateway_binary="$("$swift" build --package-path "$package" --show-bin-path)/deskbridge"
else
    # One release build serves both: the gateway (a product of the main package, built through the
    # micro package that depends on it) and the micro benchmarks.
    "$swift" build -c release --package-path "$micro_package" --product deskbridge >&2
    "$swift" build -c release --package-path "$micro_package" --product deskbridge-sandbox >&2
    gateway_binary="$("$swift" build -c release --package-path "$micro_package" --show-bin-path)/deskbridge"
fi
"$swift" build -c "$configuration" --package-path "$micro_package" --product GatewayMicroBenchmark >&2
micro_binary="$("$swift" build -c "$configuration" --package-path "$micro_package" --show-bin-path)/GatewayMicroBenchmark"
build_seconds=$(( $(date +%s) - build_started ))

gateway_json="$results_dir/gateway-$stamp.json"
micro_json="$results_dir/micro-$stamp.json"
status=0
python3 "$here/gateway_bench.py" --binary "$gateway_binary" --sandbox-binary "$(dirname "$gateway_binary")/deskbridge-sandbox" --build "$configuration" --adapters "$package/adapters" \
    --output "$gateway_json" --fixtures "$work/fixtures" "${gateway_args[@]}" &
bench_pid=$!
wait "$bench_pid" || status=$?
bench_pid=""

# The fleet on Redis (`shared:`): L1/L2/miss latencies and the upstream calls of three replicas.
fleet_json="$results_dir/fleet-$stamp.json"
"$repo/scripts/install-system-packages.sh" redis-server >&2
python3 "$here/fleet_bench.py" --binary "$gateway_binary" --sandbox-binary "$(dirname "$gateway_binary")/deskbridge-sandbox" \
    --build "$configuration" --adapters "$package/adapters" --output "$fleet_json" $( [ "$smoke" = "1" ] && echo --smoke ) || status=$?

# The upstream page the load run recorded is what the micro benchmarks map.
if [ -f "$work/fixtures/upstream-products-page.json" ]; then
    echo "bench: micro benchmarks" >&2
    "$micro_binary" --fixtures "$work/fixtures" --adapters "$package/adapters" --output "$micro_json" "${micro_args[@]}" || status=$?
else
    echo "bench: FAILED: no recorded upstream page, so no micro benchmarks" >&2
    status=1
fi

[ -f "$markdown" ] || : > "$markdown"
python3 "$here/report.py" --gateway "$gateway_json" --micro "$micro_json" --markdown "$markdown" \
    --build-seconds "$build_seconds" --command "$command_name" --fleet "$fleet_json" || status=$?

echo "bench: $( [ "$status" -eq 0 ] && echo ok || echo FAILED ) in $(( $(date +%s) - started_at )) s (build $build_seconds s); report: $markdown; raw figures: $results_dir" >&2
exit "$status"
