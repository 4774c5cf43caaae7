#!/usr/bin/env bash
# Prepares the panel's browser tests: checks Debian's chromium and chromium-driver are installed and
# makes a Python virtual environment with selenium (requirements.txt) in <repo>/.build/panel-browser.
# Idempotent: when the venv matches requirements.txt it only says so. Prints the venv's python on
# its last line.
#
# Environment (optional): DESKBRIDGE_PANEL_BROWSER_HOME (default <repo>/.build/panel-browser),
# DESKBRIDGE_PYTHON (default python3).
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repository_dir=$(cd "$script_dir/../../.." && pwd)
home_dir=${DESKBRIDGE_PANEL_BROWSER_HOME:-$repository_dir/.build/panel-browser}
venv_dir=$home_dir/venv
python=${DESKBRIDGE_PYTHON:-python3}

fail() { echo "panel browser setup: ERROR: $*" >&2; exit 1; }

for tool in chromium chromedriver; do
  command -v "$tool" >/dev/null || fail "'$tool' not found: apt-get install chromium chromium-driver (or make system-packages)"
done
command -v "$python" >/dev/null || fail "'$python' not found: install Python 3 or set DESKBRIDGE_PYTHON"

mkdir -p "$home_dir"
if command -v flock >/dev/null; then
  exec 9>"$home_dir/setup.lock"
  flock -w 600 9 || fail "another setup still holds $home_dir/setup.lock"
fi

stamp=$( { "$python" -c 'import sys; print(sys.version, sys.executable)'; cat "$script_dir/requirements.txt"; } | sha256sum | cut -d' ' -f1)
if [ -x "$venv_dir/bin/python" ] && [ "$(cat "$venv_dir/.deskbridge-stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "$venv_dir/bin/python"
  exit 0
fi
"$python" -c 'import venv, ensurepip' 2>/dev/null || fail "$python cannot create virtual environments: apt-get install python3-venv"
rm -rf "$venv_dir"
"$python" -m venv "$venv_dir" >&2
PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv_dir/bin/python" -m pip install --quiet -r "$script_dir/requirements.txt" >&2 \
  || fail "pip could not install $script_dir/requirements.txt (is PyPI reachable?)"
echo "$stamp" >"$venv_dir/.deskbridge-stamp"
echo "$venv_dir/bin/python"
