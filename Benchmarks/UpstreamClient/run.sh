#!/usr/bin/env bash
# Benchmarks DeskBridge's libcurl client against AsyncHTTPClient on loopback.
#
# Starts nginx (one worker, keep-alive without a request cap) serving a 2 KB and a 200 KB JSON
# document, builds the benchmark in release mode and runs it: both clients alternate at
# concurrency 1, 16 and 64. Results go to stdout and to results-<date>.md beside this script.
#
# Environment: SECONDS_PER_ROUND (default 2), ROUNDS (3), CONCURRENCY (1,16,64),
# PACKAGE_DIR (the benchmark package to build; default: this folder).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
package_dir="${PACKAGE_DIR:-$here}"

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    echo "installing nginx (Debian package)…" >&2
    apt-get update -qq
    apt-get install -y -qq nginx-light || apt-get install -y -qq nginx
fi
if ! pkg-config --exists libcurl 2>/dev/null; then
    apt-get update -qq
    apt-get install -y -qq libcurl4-openssl-dev
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

work="$(mktemp -d /tmp/deskbridge-bench.XXXXXX)"
chmod 755 "$work"
cleanup() {
    if [ -f "$work/nginx.pid" ]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# Two JSON documents shaped like a catalog page: 2 KB and 200 KB.
python3 - "$work" <<'PY'
import json, sys
def document(size):
    items, index = [], 0
    while len(json.dumps({"products": items})) < size:
        items.append({"id": f"gid://shopify/Product/{1000 + index}", "title": f"Product {index}",
                      "price": f"{10 + index % 90}.90", "available": index % 3 != 0})
        index += 1
    text = json.dumps({"products": items})
    return text
for name, size in (("2k.json", 2 * 1024), ("200k.json", 200 * 1024)):
    with open(f"{sys.argv[1]}/{name}", "w") as handle:
        handle.write(document(size))
PY
chmod 644 "$work"/*.json

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 1000000;
    keepalive_timeout 300s;
    sendfile on;
    tcp_nodelay on;
    client_body_temp_path $work;
    proxy_temp_path $work;
    fastcgi_temp_path $work;
    uwsgi_temp_path $work;
    scgi_temp_path $work;
    server {
        listen 127.0.0.1:$port;
        root $work;
        default_type application/json;
    }
}
CONF
"$nginx_bin" -c "$work/nginx.conf" -p "$work"
for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$port/2k.json" -o /dev/null && break
    sleep 0.1
done

swift build -c release --package-path "$package_dir" >&2
binary="$(swift build -c release --package-path "$package_dir" --show-bin-path)/UpstreamClientBenchmark"

results="$here/results-$(date -u +%Y%m%dT%H%M%SZ).md"
{
    echo "# Upstream client benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "- machine: $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo "- libcurl: $(curl-config --version 2>/dev/null || echo unknown); server: $("$nginx_bin" -v 2>&1 | cut -d: -f2 | xargs), 1 worker, keep-alive"
    echo "- method: closed loop, each client alternately for ${ROUNDS:-3} rounds of ${SECONDS_PER_ROUND:-2} s per cell after a 0.5 s warm-up; release build"
    echo
    "$binary" --base "http://127.0.0.1:$port" --seconds "${SECONDS_PER_ROUND:-2}" --rounds "${ROUNDS:-3}" --concurrency "${CONCURRENCY:-1,16,64}"
} | tee "$results"
