"""Noisy neighbours: one tenant's shop slow or down under load, another tenant's latency beside it.

A gateway serves two tenants: `demo` on nginx's replay of the recorded Shopify page (the calm
tenant) and `noisy` on a shop of this module's (slow: answers after `delay` seconds; down: nothing
listens). For each state of the noisy shop (calm, slow, down), wrk sends the noisy tenant 200
connections of distinct searches in the background while the calm tenant's hits and misses are
measured; the figures are compared with the calm state of the same run.
"""

import asyncio
import threading

from . import gateway, processes, signing, wrk

NOISY_WEBSITE = "ha-999"
NOISY_ROUTE = "/plugins/noisy/products"
NOISY_CONNECTIONS = 200


class SlowShop:
    """An HTTP/1.1 server on loopback that answers every request after `delay` seconds."""

    def __init__(self, delay):
        self.delay = delay
        self.port = processes.free_port()
        self._loop = asyncio.new_event_loop()
        started = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(started,), daemon=True)
        self._thread.start()
        started.wait(10)

    def _run(self, started):
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", self.port, backlog=1024))
        started.set()
        self._loop.run_forever()

    async def _serve(self, reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                if length:
                    await reader.readexactly(length)
                await asyncio.sleep(self.delay)
                body = b'{"data":null,"errors":[{"message":"slow shop"}]}'
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    def close(self):
        def stop():
            self._server.close()
            self._loop.stop()
        self._loop.call_soon_threadsafe(stop)
        self._thread.join(10)


def write_config(run, port, calm_port, noisy_port):
    """The benchmark's one-tenant config with the noisy tenant added."""
    path = gateway.write_config(run.path("noisy.yaml"), port, run.options.adapters, calm_port)
    with open(path, "a") as handle:
        handle.write(f"""  noisy:
    websites: [{NOISY_WEBSITE}]
    adapter: shopify
    upstream: http://127.0.0.1:{noisy_port}
    credentials:
      accessToken: {gateway.SHOPIFY_TOKEN}
    secret: {gateway.SECRET}
""")
    return path


def measure(run, ports, wrk_binary, hit_query, route, seconds, log):
    """Calm tenant's hit and miss figures with the noisy shop calm, slow and down."""
    slow_shop = SlowShop(delay=4.0)
    down_port = processes.free_port()  # nothing listens there: every connection is refused
    port = processes.free_port()
    results = {"method": {"seconds": seconds, "calm_tenant_connections": 16, "noisy_connections": NOISY_CONNECTIONS,
                          "slow_shop_delay_s": slow_shop.delay}}
    try:
        for state, noisy_port in (("calm", None), ("slow", slow_shop.port), ("down", down_port), ("calm-again", None)):
            config = write_config(run, port, ports["replay"], noisy_port or ports["replay"])
            process, _ = gateway.start(run.options.binary, config, port, run.path(f"noisy-{state}.log"))
            run.track(process)
            try:
                gateway.products_call(port, hit_query)
                noise = None
                if noisy_port is not None:
                    noise = _background_noise(run, wrk_binary, port, seconds * 2 + 4)
                figures = {"hit": _calm_hits(wrk_binary, port, route, hit_query, seconds),
                           "miss": _calm_misses(run, wrk_binary, port, route, hit_query, seconds, state)}
                if noise is not None:
                    noise.join()
                    figures["noisy_load"] = noise.figures
                figures["curl_handles"] = _curl_handles(port)
                results[state] = figures
                log(f"noisy neighbours, shop {state:10}: calm tenant hit p50 {figures['hit']['latency_us']['p50'] / 1000:.2f} ms "
                    f"p99 {figures['hit']['latency_us']['p99'] / 1000:.2f} ms errors {figures['hit']['failures']}; "
                    f"miss p50 {figures['miss']['latency_us']['p50'] / 1000:.2f} ms p99 {figures['miss']['latency_us']['p99'] / 1000:.2f} ms "
                    f"errors {figures['miss']['failures']}")
                for kind in ("hit", "miss"):
                    if figures[kind]["failures"]:
                        run.problem(f"noisy neighbours ({state}): the calm tenant's {kind}es failed: {figures[kind]['errors']}")
            finally:
                run.stop(process)
    finally:
        slow_shop.close()
    for kind in ("hit", "miss"):
        calm = results["calm"][kind]["latency_us"]["p99"]
        for state in ("slow", "down"):
            results[state][kind]["p99_vs_calm"] = results[state][kind]["latency_us"]["p99"] / calm if calm else None
    return results


def _calm_hits(wrk_binary, port, route, hit_query, seconds):
    return wrk.run(wrk_binary, f"http://127.0.0.1:{port}{route}?{hit_query}", 16, seconds, "fixed.lua",
                   [signing.signature(hit_query, gateway.SECRET)])


def _calm_misses(run, wrk_binary, port, route, hit_query, seconds, state):
    path = run.path(f"noisy-calm-misses-{state}.tsv")
    signing.write_unique_queries(path, route, hit_query, f"calm{state}", 20000 * seconds, gateway.SECRET)
    return wrk.run(wrk_binary, f"http://127.0.0.1:{port}/", 16, seconds, "cycle.lua", [path, 2])


def _background_noise(run, wrk_binary, port, seconds):
    """wrk on the noisy tenant in a thread; its figures land on the returned thread's `figures`."""
    path = run.path(f"noisy-queries-{port}-{seconds}.tsv")
    signing.write_unique_queries(path, NOISY_ROUTE, f"idWebsite={NOISY_WEBSITE}&limit=20", "noise", 20000, gateway.SECRET)
    thread = threading.Thread(daemon=True)
    thread.figures = None

    def noise():
        try:
            thread.figures = wrk.run(wrk_binary, f"http://127.0.0.1:{port}/", NOISY_CONNECTIONS, seconds, "cycle.lua", [path, 2],
                                     timeout="10s")
        except wrk.WrkFailed as error:
            thread.figures = {"error": str(error)}
    thread.run = noise
    thread.start()
    return thread


def _curl_handles(port):
    samples = gateway.metrics(port)
    return {name: gateway.total(samples, f"deskbridge_curl_{name}")
            for name in ("handles_idle", "handles_running", "handles_created_total", "handles_destroyed_total",
                         "handle_configuration_failures_total")}
