"""nginx from Debian in three roles, one master process with two workers (one per core here).

- replay: answers every POST under /admin/api/ with the recorded GraphQL document (a static file;
  nginx refuses POST to a file with 405, and `error_page 405 =200 $uri` serves the file instead).
  This is "the upstream" of every load run.
- origin: serves the exact plugin JSON bytes the gateway answers, as a static file.
- cache: proxy_cache in front of the origin, keyed by the request URI: its hits are the byte-level
  limit for a caching proxy serving the same answer.
"""

import os
import shutil
import subprocess

from .processes import Process, StartFailed, wait_until_ready


def binary():
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(found):
        raise StartFailed("nginx is not installed (scripts/bench/run.sh installs nginx-light)")
    return found


def version(nginx):
    out = subprocess.run([nginx, "-v"], capture_output=True, text=True)
    return (out.stderr or out.stdout).strip().split(":")[-1].strip()


def write_config(work, ports, workers):
    for folder in ("replay", "origin", "cache", "temp"):
        os.makedirs(os.path.join(work, folder), exist_ok=True)
    temp = os.path.join(work, "temp")
    config = f"""
worker_processes {workers};
daemon off;
master_process on;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    keepalive_requests 1000000;
    keepalive_timeout 300s;
    sendfile on;
    tcp_nopush off;
    tcp_nodelay on;
    client_body_temp_path {temp};
    proxy_temp_path {temp};
    fastcgi_temp_path {temp};
    uwsgi_temp_path {temp};
    scgi_temp_path {temp};
    proxy_cache_path {work}/cache levels=1:2 keys_zone=plugins:10m max_size=256m inactive=1h use_temp_path=off;

    server {{
        listen 127.0.0.1:{ports['replay']} backlog=4096;
        root {work}/replay;
        default_type application/json;
        client_body_buffer_size 64k;
        location /admin/api/ {{ error_page 405 =200 $uri; }}
        location = /nginx_status {{ stub_status; }}
    }}

    server {{
        listen 127.0.0.1:{ports['origin']};
        root {work}/origin;
        default_type application/json;
        access_log {work}/origin-access.log;
    }}

    server {{
        listen 127.0.0.1:{ports['cache']} backlog=4096;
        location / {{
            proxy_pass http://127.0.0.1:{ports['origin']};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_cache plugins;
            proxy_cache_key $request_uri;
            proxy_cache_valid 200 1h;
            proxy_ignore_headers Cache-Control Expires Set-Cookie;
            add_header X-Cache-Status $upstream_cache_status;
        }}
    }}
}}
"""
    path = os.path.join(work, "nginx.conf")
    with open(path, "w") as handle:
        handle.write(config)
    return path


def start(nginx, work, config_path, ports):
    process = Process("nginx", [nginx, "-c", config_path, "-p", work], os.path.join(work, "nginx.log"))
    try:
        wait_until_ready(process, f"http://127.0.0.1:{ports['replay']}/nginx_status", timeout=10)
    except BaseException:
        process.stop()
        raise
    return process


def origin_requests(work):
    """Requests the cache's origin received: each is a cache miss (or fill) of nginx."""
    try:
        with open(os.path.join(work, "origin-access.log")) as log:
            return sum(1 for _ in log)
    except OSError:
        return 0
