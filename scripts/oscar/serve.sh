#!/usr/bin/env bash
# Starts the demo django-oscar shop on 127.0.0.1:PORT in the foreground (gunicorn, 2 workers of
# 4 threads). PORT 0 lets the system choose: the log then says "Listening at: http://127.0.0.1:N".
#
#   scripts/oscar/serve.sh PORT [LOG_FILE]
#
# Run scripts/oscar/setup.sh first. Everything the server prints goes to LOG_FILE (default
# .build/oscar/logs/serve-PORT.log); on a terminal it is shown as well. See README.md for the
# environment variables (auth mode, throttling, ...).
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repository_dir=$(cd "$script_dir/../.." && pwd)
home_dir=${DESKBRIDGE_OSCAR_HOME:-$repository_dir/.build/oscar}
venv_dir=${DESKBRIDGE_OSCAR_VENV:-$home_dir/venv}

fail() { echo "oscar serve: ERROR: $*" >&2; exit 1; }

[ $# -ge 1 ] && [ $# -le 2 ] || fail "usage: $0 PORT [LOG_FILE]"
port=$1
[[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -le 65535 ] || fail "PORT must be a number from 0 to 65535, not '$port'"
log_file=${2:-$home_dir/logs/serve-$port.log}
mkdir -p "$(dirname "$log_file")" "$home_dir/run"

[ -x "$venv_dir/bin/gunicorn" ] || fail "no gunicorn in $venv_dir: run scripts/oscar/setup.sh first"
[ -f "$home_dir/shop.sqlite3" ] || fail "no shop database in $home_dir: run scripts/oscar/setup.sh first"

# Each server gets its own folder (throttle counters), named by this pid, which gunicorn keeps
# (exec). Folders of servers that are gone are removed.
for run in "$home_dir"/run/*; do
  [ -d "$run" ] || continue
  pid=${run##*/}
  if [[ "$pid" =~ ^[0-9]+$ ]] && ! kill -0 "$pid" 2>/dev/null; then rm -rf "$run"; fi
done
export DESKBRIDGE_OSCAR_RUN_DIR="$home_dir/run/$$"
mkdir -p "$DESKBRIDGE_OSCAR_RUN_DIR"
export DESKBRIDGE_OSCAR_HOME="$home_dir"
export DJANGO_SETTINGS_MODULE=settings
export PYTHONPYCACHEPREFIX="$home_dir/pycache"
export PYTHONUNBUFFERED=1
export PYTHONWARNINGS="ignore:update is not implemented in this backend"

echo "oscar serve: http://127.0.0.1:$port/api/ (auth: ${DESKBRIDGE_OSCAR_AUTH:-required}, throttle: ${DESKBRIDGE_OSCAR_THROTTLE:-off}), log: $log_file"
if [ -t 1 ]; then
  exec > >(tee -a "$log_file") 2>&1
else
  exec >>"$log_file" 2>&1
fi
cd "$script_dir"
exec "$venv_dir/bin/gunicorn" --config "$script_dir/gunicorn.conf.py" --bind "127.0.0.1:$port" wsgi:application
