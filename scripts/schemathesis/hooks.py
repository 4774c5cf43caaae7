"""Schemathesis hooks for DeskBridge (scripts/schemathesis/run.sh loads them via SCHEMATHESIS_HOOKS).

- Signs every call that carries the placeholder signature run.sh adds, as iAdvize does: `x-iadvize-signature: sha256=<HMAC-SHA256>` keyed with the
  tenant's connector secret, over the raw query string (GET) or the raw body (POST, PUT), computed
  on the request exactly as it goes on the wire (the prepared request), so that a generated query
  or body is never refused for its signature alone.
- Gives the panel API a fresh iAdvize JWT (HS256, iss iadvize, aud the tenant's app URL) and the
  operations routes the admin token.
- Sends most calls to the configured tenant, website, bound operator and bot: random names would
  only ever reach the 404 and 403 refusals. One value in eight is sent as generated.
"""
import base64
import hashlib
import hmac
import json
import os
import time
import zlib
from urllib.parse import urlsplit

import requests
import schemathesis

SECRET = os.environ["DESKBRIDGE_SCHEMATHESIS_SECRET"]
ADMIN_TOKEN = os.environ["DESKBRIDGE_SCHEMATHESIS_ADMIN_TOKEN"]
TENANT = os.environ.get("DESKBRIDGE_SCHEMATHESIS_TENANT", "demo")
WEBSITE = os.environ.get("DESKBRIDGE_SCHEMATHESIS_WEBSITE", "ha-123")
# An operator bound to a bot in run.sh's configuration, and that bot.
OPERATOR = os.environ.get("DESKBRIDGE_SCHEMATHESIS_OPERATOR", "op-1")
BOT = os.environ.get("DESKBRIDGE_SCHEMATHESIS_BOT", "catalog-assistant")
PANEL_AUDIENCE = os.environ["DESKBRIDGE_SCHEMATHESIS_PANEL_AUDIENCE"]
# What run.sh sends in x-iadvize-signature and Authorization, replaced here by a valid credential.
PLACEHOLDER = "unsigned"


def _keep_generated(value) -> bool:
    """Deterministic (no salted hash): one value in eight is sent as generated."""
    return zlib.crc32(repr(value).encode()) % 8 == 0


@schemathesis.hook
def map_path_parameters(ctx, path_parameters):
    if path_parameters and "tenant" in path_parameters and not _keep_generated(path_parameters["tenant"]):
        path_parameters["tenant"] = TENANT
    if path_parameters and "idOperator" in path_parameters and not _keep_generated(path_parameters["idOperator"]):
        path_parameters["idOperator"] = OPERATOR
    return path_parameters


@schemathesis.hook
def map_body(ctx, body):
    if isinstance(body, dict):
        if "idOperator" in body and not _keep_generated(body["idOperator"]):
            body["idOperator"] = OPERATOR
        external = body.get("external")
        if isinstance(external, dict) and "idBot" in external and not _keep_generated(external["idBot"]):
            external["idBot"] = BOT
    return body


@schemathesis.hook
def map_query(ctx, query):
    if query and "idOperator" in query and not _keep_generated(query["idOperator"]):
        query["idOperator"] = OPERATOR
    if query and "idWebsite" in query and not _keep_generated(query["idWebsite"]):
        query["idWebsite"] = WEBSITE
    return query


def _jwt(audience: str) -> str:
    def part(value: bytes) -> str:
        return base64.urlsafe_b64encode(value).rstrip(b"=").decode()

    now = int(time.time())
    header = part(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = part(json.dumps({"iss": "iadvize", "sub": "op-schemathesis", "aud": audience, "iat": now, "exp": now + 60}).encode())
    signature = hmac.new(SECRET.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    return f"{header}.{claims}.{part(signature)}"


_send = requests.Session.send


def _signed_send(self, request, **kwargs):
    url = urlsplit(request.url)
    # Only the placeholders run.sh sends are replaced: the ignored_auth check's calls without a
    # credential, or with a wrong one, go as they are and must be refused.
    signature, authorization = request.headers.get("x-iadvize-signature"), request.headers.get("Authorization")
    if signature == PLACEHOLDER and url.path.startswith(("/plugins/", "/bots/")):
        if request.method in ("GET", "HEAD"):
            payload = url.query.encode()
        else:
            body = request.body or b""
            payload = body.encode() if isinstance(body, str) else body
        digest = hmac.new(SECRET.encode(), payload, hashlib.sha256).hexdigest()
        request.headers["x-iadvize-signature"] = "sha256=" + digest
    elif authorization == "Bearer " + PLACEHOLDER and "/api/" in url.path and url.path.startswith("/panel/"):
        request.headers["Authorization"] = "Bearer " + _jwt(PANEL_AUDIENCE)
    elif authorization == "Bearer " + PLACEHOLDER and url.path.startswith(("/admin/", "/metrics")):
        request.headers["Authorization"] = "Bearer " + ADMIN_TOKEN
    return _send(self, request, **kwargs)


# Signing needs the bytes exactly as sent, which exist only once requests has prepared the call.
requests.Session.send = _signed_send
