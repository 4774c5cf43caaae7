"""iAdvize signatures for the benchmark's queries, and files of unique signed queries.

The gateway checks `x-iadvize-signature: sha256=<hex HMAC-SHA256 of the raw query string>` with
the connector's secret. The benchmark computes it here (many thousand queries a second) and checks
once, at start, that `deskbridge sign` gives the same value for the same query.
"""

import hashlib
import hmac
import subprocess


def signature(query, secret):
    return "sha256=" + hmac.new(secret.encode(), query.encode(), hashlib.sha256).hexdigest()


def check_against_cli(binary, config_path, tenant, query, secret):
    """Raises when `deskbridge sign` and this module disagree on `query`'s signature."""
    answer = subprocess.run(
        [binary, "sign", "--config", config_path, "--tenant", tenant, query],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    mine = signature(query, secret)
    if answer.split()[-1] != mine:
        raise RuntimeError(f"signature mismatch: deskbridge sign gave {answer!r}, the benchmark computed {mine!r}")


def unique_query(base_query, prefix, index):
    """`base_query` with a search text no other query of the run uses (so no cache can answer it)."""
    return f"{base_query}&searchQuery={prefix}q{index:07d}"


def write_unique_queries(path, route, base_query, prefix, count, secret):
    """Writes `count` lines "<route>?<query>\\t<signature>" with distinct search texts."""
    with open(path, "w") as handle:
        for index in range(count):
            query = unique_query(base_query, prefix, index)
            handle.write(f"{route}?{query}\t{signature(query, secret)}\n")
