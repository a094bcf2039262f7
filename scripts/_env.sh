#!/usr/bin/env bash
# Shared by run.sh and test.sh: finds Python 3.12+, installs Debian packages that are
# missing, and syncs the virtualenv (.venv) from uv.lock. Sourced, not executed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

find_python() {
  local c
  for c in python3.13 python3.12 "$(command -v pyenv >/dev/null 2>&1 && echo "$(pyenv root)/versions/3.13"*/bin/python)" \
           "$HOME"/.pyenv/versions/3.13*/bin/python "$HOME"/.pyenv/versions/3.12*/bin/python \
           /usr/local/bin/python3.13 /usr/local/bin/python3.12 python3; do
    [ -n "$c" ] || continue
    if command -v "$c" >/dev/null 2>&1 || [ -x "$c" ]; then
      if "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
        command -v "$c" 2>/dev/null || echo "$c"
        return 0
      fi
    fi
  done
  return 1
}

PYTHON="$(find_python)" || {
  echo "Finsam Plan needs Python 3.12 or newer (Django 6.1). None was found:" >&2
  echo "  install one (e.g. 'pyenv install 3.13') or put python3.12/python3.13 on PATH." >&2
  exit 1
}

# apt_ensure PKG... installs the Debian packages that are not installed yet.
apt_ensure() {
  local missing=()
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

RUNTIME_DEBS=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext)

sync_venv() {
  # uv lives in its own small venv so that 'uv sync' never removes itself from .venv.
  if [ ! -x .tools/bin/uv ]; then
    "$PYTHON" -m venv .tools
    .tools/bin/pip install -q --disable-pip-version-check uv==0.13.9
  fi
  UV_PYTHON="$PYTHON" UV_PYTHON_DOWNLOADS=never .tools/bin/uv sync --frozen --quiet "$@"
}
