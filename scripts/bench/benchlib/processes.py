"""Processes the benchmark starts: free ports, start and stop by pid, readiness, memory."""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

# Loopback calls never go through a proxy, whatever the environment says.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class StartFailed(Exception):
    """A process the benchmark needs did not start or did not become ready."""


def free_port():
    """A TCP port free on 127.0.0.1 now (the kernel's pick; a small race, fine on a bench box)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http(method, url, headers=None, body=None, timeout=10.0):
    """(status, headers as a lower-cased dict, body bytes); HTTP errors are answers too."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


class Process:
    """One child process, stopped by its own pid (never by name)."""

    def __init__(self, name, argv, log_path, env=None):
        self.name = name
        self.log_path = log_path
        self._log = open(log_path, "ab")
        self.started_at = time.monotonic()
        self.popen = subprocess.Popen(argv, stdout=self._log, stderr=subprocess.STDOUT, env=env, stdin=subprocess.DEVNULL)

    @property
    def pid(self):
        return self.popen.pid

    def alive(self):
        return self.popen.poll() is None

    def log_tail(self, lines=20):
        try:
            with open(self.log_path, "rb") as handle:
                return b"\n".join(handle.read().splitlines()[-lines:]).decode("utf-8", "replace")
        except OSError:
            return ""

    def stop(self, sig=signal.SIGTERM, grace=10.0):
        """Signals the process, waits up to `grace` seconds, then kills it. Returns the exit code."""
        if self.alive():
            try:
                self.popen.send_signal(sig)
                self.popen.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self._log.close()
        return self.popen.returncode


def wait_until_ready(process, url, timeout=30.0, interval=0.002):
    """Polls `url` until it answers 200; the seconds from the process's start to that answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not process.alive():
            raise StartFailed(f"{process.name} exited with {process.popen.returncode}:\n{process.log_tail()}")
        try:
            status, _, _ = http("GET", url, timeout=1.0)
            if status == 200:
                return time.monotonic() - process.started_at
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(interval)
    raise StartFailed(f"{process.name} did not answer 200 on {url} within {timeout:.0f} s:\n{process.log_tail()}")


def memory_kib(pid):
    """VmRSS and VmHWM (peak RSS) of `pid` in KiB, read from /proc/<pid>/status."""
    figures = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    figures[key] = int(value.split()[0])
    except OSError:
        pass
    return figures


def cpu_seconds(pid):
    """User plus system CPU time `pid` has used so far, in seconds (/proc/<pid>/stat)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            # The command name (field 2) may hold spaces: count fields after its closing parenthesis.
            fields = stat.read().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
