#!/usr/bin/env bash
# `make run`: the demo upstream (deskbridge-sandbox, a simulated Shopify on 127.0.0.1:8091) in the
# background, then the gateway in the foreground. Ctrl-C (or SIGTERM) stops the gateway, then the
# sandbox, by its pid.
set -euo pipefail
config="${1:-config.yaml}"
bin="$(swift build --show-bin-path)"

"$bin/deskbridge-sandbox" --host 127.0.0.1 --port "${DESKBRIDGE_SANDBOX_PORT:-8091}" &
sandbox_pid=$!
trap 'kill -TERM "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true' EXIT

# The gateway starts as soon as the sandbox answers (it would serve 503s until then).
for _ in $(seq 1 100); do
    kill -0 "$sandbox_pid" 2>/dev/null || { echo "deskbridge-sandbox did not start (is port 8091 taken?)" >&2; exit 1; }
    (exec 3<>/dev/tcp/127.0.0.1/"${DESKBRIDGE_SANDBOX_PORT:-8091}") 2>/dev/null && break
    sleep 0.1
done

"$bin/deskbridge" serve --config "$config" &
gateway_pid=$!
trap 'kill -TERM "$gateway_pid" 2>/dev/null || true; wait "$gateway_pid" 2>/dev/null || true; kill -TERM "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
wait "$gateway_pid"
