"""The DeskBridge processes of a run: their config.yaml, start, metrics and admin calls."""

import re
import time

from .processes import Process, http, wait_until_ready

ADMIN_TOKEN = "bench-admin-token-0123456789"
SECRET = "bench-connector-secret"
SHOPIFY_TOKEN = "shpat_demo_token"
WEBSITE = "ha-123"
# cache.maxBytes and cache.pluginMaxBytes as config.yaml ships them (upstream answers, plugin answers).
DEFAULT_CACHE_BOUNDS = ("64MiB", "16MiB")


def write_config(path, port, adapters_dir, upstream_port, cache_bytes=DEFAULT_CACHE_BOUNDS[0],
                 plugin_cache_bytes=DEFAULT_CACHE_BOUNDS[1], products_ttl="60s"):
    """A config.yaml for one benchmark gateway: one tenant `demo` on the Shopify adapter.

    `upstream_port` is where the tenant's upstream listens (nginx's replay, or the recording
    proxy in front of deskbridge-sandbox).
    """
    text = f"""# Written by scripts/bench for one benchmark run.
server:
  host: 127.0.0.1
  port: {port}
  watchInterval: 0s
  drainTimeout: 2s
adapters: {adapters_dir}
cache:
  maxBytes: {cache_bytes}
  pluginMaxBytes: {plugin_cache_bytes}
admin:
  token: {ADMIN_TOKEN}

tenants:
  demo:
    websites: [{WEBSITE}]
    adapter: shopify
    upstream: http://127.0.0.1:{upstream_port}
    credentials:
      accessToken: {SHOPIFY_TOKEN}
    secret: {SECRET}
    ttl:
      products: {products_ttl}
      categories: 5m
"""
    with open(path, "w") as handle:
        handle.write(text)
    return path


def start(binary, config_path, port, log_path, name="gateway"):
    """Starts `deskbridge serve` and waits for 200 on /health; (process, seconds to ready)."""
    process = Process(name, [binary, "serve", "--config", config_path, "--log-level", "warning"], log_path)
    try:
        ready = wait_until_ready(process, f"http://127.0.0.1:{port}/health")
    except BaseException:
        process.stop()
        raise
    return process, ready


def start_sandbox(binary, port, log_path):
    """Starts deskbridge-sandbox (the simulated Shopify) and waits until it answers."""
    process = Process("sandbox", [binary, "--host", "127.0.0.1", "--port", str(port), "--shopify-access-token", SHOPIFY_TOKEN,
                                  "--log-level", "warning"], log_path)
    try:
        wait_until_ready(process, f"http://127.0.0.1:{port}/_sandbox/stats")
    except BaseException:
        process.stop()
        raise
    return process


# Greedy up to the last brace: label values hold braces ("/plugins/{tenant}/products").
_SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)$')
_LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def metrics(port):
    """Every sample of /metrics as a list of (name, labels dict, value)."""
    status, _, body = http("GET", f"http://127.0.0.1:{port}/metrics", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    if status != 200:
        raise RuntimeError(f"/metrics answered {status}")
    samples = []
    for line in body.decode().splitlines():
        if not line or line.startswith("#"):
            continue
        match = _SAMPLE.match(line)
        if match:
            labels = dict(_LABEL.findall(match.group(3) or ""))
            samples.append((match.group(1), labels, float(match.group(4))))
    return samples


def total(samples, name, **labels):
    """The sum of `name`'s samples whose labels include `labels`."""
    return sum(value for sample, sample_labels, value in samples
               if sample == name and all(sample_labels.get(k) == v for k, v in labels.items()))


def counters(port):
    """The figures that tell what a load run did inside the gateway."""
    samples = metrics(port)
    products = [(labels, value) for name, labels, value in samples
                if name == "deskbridge_http_requests_total" and "products" in labels.get("route", "")]
    return {
        "products_200": sum(value for labels, value in products if labels.get("status") == "200"),
        "products_not_200": sum(value for labels, value in products if labels.get("status") != "200"),
        "upstream_miss": total(samples, "deskbridge_upstream_calls_total", outcome="miss"),
        "upstream_hit": total(samples, "deskbridge_upstream_calls_total", outcome="hit"),
        "upstream_all": total(samples, "deskbridge_upstream_calls_total"),
        "plugin_cache_bytes": total(samples, "deskbridge_plugin_cache_bytes"),
        "plugin_cache_entries": total(samples, "deskbridge_plugin_cache_entries"),
        "upstream_cache_bytes": total(samples, "deskbridge_upstream_cache_bytes"),
        "upstream_cache_entries": total(samples, "deskbridge_upstream_cache_entries"),
        "upstream_cache_evictions": total(samples, "deskbridge_upstream_cache_evictions_total"),
        "plugin_cache_evictions": total(samples, "deskbridge_plugin_cache_evictions_total"),
    }


def delta(after, before):
    return {key: after[key] - before.get(key, 0) for key in after}


def products_call(port, query):
    """One signed products call: (status, X-DeskBridge-Cache header or None, body)."""
    from .signing import signature
    status, headers, body = http("GET", f"http://127.0.0.1:{port}/plugins/demo/products?{query}",
                                 headers={"x-iadvize-signature": signature(query, SECRET)})
    return status, headers.get("x-deskbridge-cache"), body


def timed_admin(port, method, path, repeat):
    """Seconds taken by each of `repeat` admin calls (bearer token), checking each answers 200."""
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        status, _, body = http(method, f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                               body=b"" if method == "POST" else None)
        durations.append(time.perf_counter() - started)
        if status != 200:
            raise RuntimeError(f"{method} {path} answered {status}: {body[:200]!r}")
        if path == "/admin/reload" and b'"reloaded":true' not in body:
            raise RuntimeError(f"reload did not succeed: {body[:300]!r}")
    return durations
