"""Small tools for DeskBridge's benchmark (scripts/bench/bench.py): processes it starts and always
stops, HTTP calls, iAdvize signatures, Prometheus text, and /proc figures (RSS, CPU time)."""

import hashlib
import hmac
import http.client
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.parse

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sign(payload, secret):
    """The x-iadvize-signature value: HMAC-SHA256 of the raw query string (or body)."""
    data = payload.encode() if isinstance(payload, str) else payload
    return "sha256=" + hmac.new(secret.encode(), data, hashlib.sha256).hexdigest()


# MARK: processes


class Processes:
    """Every process the benchmark starts, stopped (TERM, then KILL) by `stop_all`, in reverse order."""

    def __init__(self):
        self.started = []  # (name, Popen)
        self.lock = threading.Lock()

    def start(self, name, argv, log_path, env=None, cwd=None):
        handle = open(log_path, "ab")
        process = subprocess.Popen(argv, stdout=handle, stderr=subprocess.STDOUT, env=env, cwd=cwd, stdin=subprocess.DEVNULL)
        handle.close()
        with self.lock:
            self.started.append((name, process))
        return process

    def stop(self, process, timeout=10):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        with self.lock:
            self.started = [(n, p) for (n, p) in self.started if p is not process]

    def stop_all(self):
        with self.lock:
            started = list(reversed(self.started))
        for _, process in started:
            try:
                self.stop(process, timeout=8)
            except Exception:  # noqa: BLE001 — keep stopping the others
                pass


# MARK: HTTP


class Client:
    """One keep-alive HTTP/1.1 connection to 127.0.0.1:port."""

    def __init__(self, port, timeout=30):
        self.port = port
        self.timeout = timeout
        self.connection = None

    def request(self, method, path, headers=None, body=None):
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.connection.request(method, path, body=body, headers=headers or {})
                response = self.connection.getresponse()
                data = response.read()
                return response.status, {k.lower(): v for k, v in response.getheaders()}, data
            except (http.client.HTTPException, ConnectionError, OSError):
                self.close()
                if attempt == 2:
                    raise
        raise RuntimeError("unreachable")

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def http_get(port, path, headers=None, timeout=10):
    client = Client(port, timeout)
    try:
        return client.request("GET", path, headers)
    finally:
        client.close()


def wait_for_http(port, path, deadline_seconds, process=None, interval=0.005):
    """Polls until `path` answers 200; returns the seconds waited. Raises if the process died."""
    started = time.perf_counter()
    while True:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with status {process.returncode} before {path} answered")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return time.perf_counter() - started
        except (OSError, http.client.HTTPException):
            pass
        if time.perf_counter() - started > deadline_seconds:
            raise RuntimeError(f"127.0.0.1:{port}{path} did not answer 200 within {deadline_seconds} s")
        time.sleep(interval)


def wait_for_file(path, deadline_seconds, process=None):
    started = time.time()
    while not os.path.exists(path):
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with status {process.returncode} before writing {path}")
        if time.time() - started > deadline_seconds:
            raise RuntimeError(f"{path} not written within {deadline_seconds} s")
        time.sleep(0.05)
    with open(path) as handle:
        return handle.read().strip()


# MARK: Prometheus text


def parse_metrics(text):
    """{(name, frozenset(labels)): value} from Prometheus' text format."""
    values = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        try:
            head, value = line.rsplit(" ", 1)
            number = float(value)
        except ValueError:
            continue
        if "{" in head:
            name, rest = head.split("{", 1)
            labels = []
            for part in rest.rstrip("}").split(","):
                if "=" in part:
                    key, raw = part.split("=", 1)
                    labels.append((key.strip(), raw.strip().strip('"')))
            values[(name, frozenset(labels))] = number
        else:
            values[(head, frozenset())] = number
    return values


def metric(values, name, **labels):
    """The sum of `name` over every series whose labels include `labels`."""
    wanted = set(labels.items())
    return sum(v for (n, ls), v in values.items() if n == name and wanted <= set(ls))


# MARK: /proc


def rss_kib(pid):
    """(VmRSS, VmHWM) of a process in KiB."""
    rss = peak = 0
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1])
    return rss, peak


def cpu_seconds(pids):
    """User + system CPU seconds of the processes (threads included)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total / CLOCK_TICKS


def children(pid):
    """Direct children of `pid` (nginx's workers)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(entry))
        except (OSError, IndexError, ValueError):
            pass
    return found


class RSSSampler:
    """Samples a process's RSS every `interval` seconds in a thread while `active` is set."""

    def __init__(self, pid, interval=0.25):
        self.pid = pid
        self.interval = interval
        self.samples = []  # (label, rss KiB)
        self.label = None
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stopping.wait(self.interval):
            label = self.label
            if label is None:
                continue
            try:
                self.samples.append((label, rss_kib(self.pid)[0]))
            except OSError:
                return

    def stop(self):
        self.stopping.set()
        self.thread.join(2)

    def values(self, prefix):
        return [value for label, value in self.samples if label.startswith(prefix)]


def quoted(value):
    return urllib.parse.quote(value, safe="")


def load_json_lines(text, prefix=""):
    rows = []
    for line in text.splitlines():
        if line.startswith(prefix):
            try:
                rows.append(json.loads(line[len(prefix):]))
            except json.JSONDecodeError:
                pass
    return rows
