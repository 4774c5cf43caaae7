"""gunicorn settings of the demo shop (serve.sh passes the bind address).

Environment: DESKBRIDGE_OSCAR_WORKERS (default 2), DESKBRIDGE_OSCAR_THREADS (default 4),
DESKBRIDGE_OSCAR_WATCH_PID (stop the shop when that process is gone: the test runner passes
its own pid so that a crashed test run leaves no server behind).
"""

import os
import signal
import threading
import time

worker_class = "gthread"
workers = int(os.environ.get("DESKBRIDGE_OSCAR_WORKERS", "2"))
threads = int(os.environ.get("DESKBRIDGE_OSCAR_THREADS", "4"))
timeout = 30
graceful_timeout = 5
keepalive = 5
accesslog = "-"
errorlog = "-"
loglevel = "info"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'

# A launcher may hand over a blocked signal mask (a process started from a libdispatch thread,
# such as Foundation's Process in the Swift tests, blocks SIGTERM, SIGINT, SIGHUP...). gunicorn
# would then never see SIGTERM and could only be killed. Unblock everything, before gunicorn
# installs its handlers and forks its workers.
signal.pthread_sigmask(signal.SIG_SETMASK, set())


def _watch(pid):
    while True:
        time.sleep(1)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            print(f"oscar shop: process {pid} is gone, stopping", flush=True)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        except PermissionError:
            pass  # it exists, owned by someone else


def when_ready(server):
    watched = os.environ.get("DESKBRIDGE_OSCAR_WATCH_PID", "").strip()
    if watched.isdigit():
        threading.Thread(target=_watch, args=(int(watched),), daemon=True, name="watch-parent").start()
