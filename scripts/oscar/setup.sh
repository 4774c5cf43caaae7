#!/usr/bin/env bash
# Sets up the demo django-oscar shop for DeskBridge's integration tests:
#   1. a Python virtual environment with the pinned packages of requirements.txt,
#   2. a new SQLite shop (migrations, the demo API user, the generated catalog),
#   3. expected.json, what the tests should see through the API.
# Idempotent: when the venv and the shop match this folder's files (a stamp of their hashes),
# it only says so, in well under a second. Any failure stops it with a non-zero exit.
#
# Environment (all optional):
#   DESKBRIDGE_OSCAR_HOME  where the shop lives (default: <repo>/.build/oscar)
#   DESKBRIDGE_OSCAR_VENV  the virtual environment (default: $DESKBRIDGE_OSCAR_HOME/venv)
#   DESKBRIDGE_PYTHON      the Python that creates the venv (default: python3)
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repository_dir=$(cd "$script_dir/../.." && pwd)
home_dir=${DESKBRIDGE_OSCAR_HOME:-$repository_dir/.build/oscar}
venv_dir=${DESKBRIDGE_OSCAR_VENV:-$home_dir/venv}
python=${DESKBRIDGE_PYTHON:-python3}

say() { echo "oscar setup: $*"; }
fail() { echo "oscar setup: ERROR: $*" >&2; exit 1; }
trap 'echo "oscar setup: ERROR: the command on line $LINENO failed (exit $?); see above" >&2' ERR

mkdir -p "$home_dir"
home_dir=$(cd "$home_dir" && pwd)

# One setup at a time (two test processes may start together).
if command -v flock >/dev/null; then
  exec 9>"$home_dir/setup.lock"
  flock -w 900 9 || fail "another setup.sh still holds $home_dir/setup.lock after 15 minutes"
fi

export DESKBRIDGE_OSCAR_HOME="$home_dir"
export DJANGO_SETTINGS_MODULE=settings
export PYTHONPYCACHEPREFIX="$home_dir/pycache"  # keep __pycache__ out of the repository
export PYTHONWARNINGS="ignore:update is not implemented in this backend"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

# The stamps: what the venv and the shop were made from.
command -v "$python" >/dev/null || fail "'$python' not found: install Python 3 (3.8 to 3.12) or set DESKBRIDGE_PYTHON"
python_identity=$("$python" -c 'import sys; print(sys.version.replace("\n", " "), sys.executable)') \
  || fail "'$python' does not run"
venv_stamp=$( { echo "$python_identity"; cat "$script_dir/requirements.txt"; } | sha256sum | cut -d' ' -f1)
shop_stamp=$( { echo "$venv_stamp"; cd "$script_dir" && find . -type f \( -name '*.py' -o -name '*.txt' -o -name '*.sh' \) \
  -not -path '*/__pycache__/*' | LC_ALL=C sort | xargs sha256sum; } | sha256sum | cut -d' ' -f1)

venv_ready() {
  [ -x "$venv_dir/bin/python" ] && [ "$(cat "$venv_dir/.deskbridge-stamp" 2>/dev/null)" = "$venv_stamp" ]
}
shop_ready() {
  [ -s "$home_dir/shop.sqlite3" ] && [ -s "$home_dir/expected.json" ] \
    && [ "$(cat "$home_dir/shop.stamp" 2>/dev/null)" = "$shop_stamp" ]
}

if venv_ready && shop_ready; then
  say "up to date (shop in $home_dir, stamp ${shop_stamp:0:12})"
  exit 0
fi

started=$SECONDS

# 1. The virtual environment.
if venv_ready; then
  say "venv up to date: $venv_dir"
else
  say "creating the venv $venv_dir with $python_identity"
  "$python" -c 'import sys; sys.exit(0 if (3, 8) <= sys.version_info[:2] else 1)' \
    || fail "$python is too old: Django 4.2 needs Python 3.8 or newer (set DESKBRIDGE_PYTHON)"
  "$python" -c 'import sys; sys.exit(0 if sys.version_info[:2] <= (3, 12) else 1)' \
    || say "warning: Django 4.2 supports Python up to 3.12; trying $("$python" -V) anyway"
  if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
    fail "$python cannot create virtual environments (no venv/ensurepip module). On Debian/Ubuntu: apt-get install python3-venv (or set DESKBRIDGE_PYTHON to a Python that has it)"
  fi
  rm -rf "$venv_dir"
  "$python" -m venv "$venv_dir" || fail "'$python -m venv $venv_dir' failed. On Debian/Ubuntu: apt-get install python3-venv"
  say "installing the pinned packages (requirements.txt) from PyPI"
  "$venv_dir/bin/python" -m pip install --quiet -r "$script_dir/requirements.txt" \
    || fail "pip could not install scripts/oscar/requirements.txt (is PyPI reachable?)"
  echo "$venv_stamp" >"$venv_dir/.deskbridge-stamp"
  say "venv ready ($((SECONDS - started)) s)"
fi

# 2. The shop, built under temporary names and moved into place when complete.
say "building a new shop database (migrations, demo user, catalog)"
building_db="$home_dir/shop.sqlite3.building"
building_expected="$home_dir/expected.json.building"
rm -f "$building_db" "$building_expected" "$home_dir/shop.stamp"
step=$SECONDS
(
  cd "$script_dir"
  export DESKBRIDGE_OSCAR_DB="$building_db" DESKBRIDGE_OSCAR_FAST_WRITES=1
  "$venv_dir/bin/python" manage.py migrate --noinput -v 0 || fail "migrations failed"
  say "migrated ($((SECONDS - step)) s); loading the catalog and checking it through the API"
  "$venv_dir/bin/python" manage.py deskbridge_load_catalog --expected "$building_expected" \
    || fail "loading the catalog failed"
)
mv -f "$building_db" "$home_dir/shop.sqlite3"
mv -f "$building_expected" "$home_dir/expected.json"
echo "$shop_stamp" >"$home_dir/shop.stamp"
say "shop ready in $home_dir ($((SECONDS - started)) s in all): user deskbridge / deskbridge-demo"
say "start it with: scripts/oscar/serve.sh PORT"
