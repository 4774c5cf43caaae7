"""Records the gateway's upstream calls to the sandbox, to replay them under load.

The embedded sandbox simulates Shopify faithfully, rate limit included (a 2,000-point bucket
refilled at 100 points/s): under load it answers THROTTLED after a dozen product queries. So the
benchmark records real exchanges once, through this small proxy, and nginx replays the recorded
answer to every GraphQL POST during the load runs.
"""

import http.client
import http.server
import json
import re
import threading

_FORWARDED_HEADERS = ("content-type", "accept", "x-shopify-access-token")
_OPERATION = re.compile(r"\s*(?:query|mutation)\s+(\w+)")


class Exchange:
    """One upstream call as the gateway made it, and the sandbox's answer."""

    def __init__(self, path, request_headers, request_body, status, response_body):
        self.path = path
        self.request_headers = request_headers
        self.request_body = request_body
        self.status = status
        self.response_body = response_body

    @property
    def operation_name(self):
        """`Shop` for `query Shop { … }`: the adapter names its operations in the query text."""
        try:
            document = json.loads(self.request_body)
        except ValueError:
            return ""
        if document.get("operationName"):
            return document["operationName"]
        match = _OPERATION.match(document.get("query") or "")
        return match.group(1) if match else ""


class RecordingProxy:
    """Forwards every POST to the sandbox and keeps the exchange."""

    def __init__(self, sandbox_port):
        self.sandbox_port = sandbox_port
        self.exchanges = []
        self._lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802 (the standard library's name)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                headers = {k: v for k, v in self.headers.items() if k.lower() in _FORWARDED_HEADERS}
                connection = http.client.HTTPConnection("127.0.0.1", proxy.sandbox_port, timeout=10)
                connection.request("POST", self.path, body=body, headers=headers)
                answer = connection.getresponse()
                answer_body = answer.read()
                content_type = answer.getheader("Content-Type", "application/json")
                connection.close()
                with proxy._lock:
                    proxy.exchanges.append(Exchange(self.path, headers, body, answer.status, answer_body))
                self.send_response(answer.status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(answer_body)))
                self.end_headers()
                self.wfile.write(answer_body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def find(self, operation_name):
        with self._lock:
            for exchange in reversed(self.exchanges):
                if exchange.operation_name == operation_name:
                    return exchange
        raise RuntimeError(
            f"no recorded upstream call named {operation_name!r}; recorded: {[e.operation_name for e in self.exchanges]}")

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def replay_document(products, shop):
    """The products answer with the shop's fields added under `data.shop`.

    The gateway reads its `shop` context (currency, domain) and the products from the same
    GraphQL URL; one document holding both answers either call, so nginx can replay it as a
    static file whatever the request body says.
    """
    document = json.loads(products.response_body)
    shop_data = json.loads(shop.response_body)["data"]["shop"]
    document["data"]["shop"] = shop_data
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
