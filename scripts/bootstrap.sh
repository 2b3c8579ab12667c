#!/usr/bin/env bash
# Installs everything twinrig needs: the Debian packages of scripts/debian-packages.txt (when
# missing), the npm packages of package.json into node_modules, and a virtual environment .venv
# with the project (editable) and its development tools. Re-running it is cheap: each part
# reinstalls only when its list changed.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv
stamp=$venv/.installed

find_python() {
  local candidates=(python3.13 python3.12 python3)
  local root=${PYENV_ROOT:-$HOME/.pyenv}
  for dir in "$root"/versions/3.1[2-9]*/bin; do
    [ -x "$dir/python3" ] && candidates+=("$dir/python3")
  done
  for candidate in "${candidates[@]}"; do
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
      command -v "$candidate" || echo "$candidate"
      return 0
    fi
  done
  echo "twinrig needs Python >= 3.12; none found (tried: ${candidates[*]})" >&2
  return 1
}

if [ ! -x "$venv/bin/python" ]; then
  python=$(find_python)
  echo "bootstrap: creating $venv with $python"
  "$python" -m venv "$venv"
fi

if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "bootstrap: installing twinrig and its tools into $venv"
  log=$venv/install.log
  if ! "$venv/bin/python" -m pip install -e ".[dev]" >"$log" 2>&1; then
    grep -v "is ignored" "$log" | tail -30 >&2
    echo "bootstrap: pip install failed; the full log is $log" >&2
    exit 1
  fi
  touch "$stamp"
fi

# Debian packages: install the missing ones (needs root, as on CI and the developers' machines).
missing=()
while read -r package _; do
  [ -z "$package" ] || [ "${package:0:1}" = "#" ] && continue
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done <scripts/debian-packages.txt
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  apt_log=$venv/apt.log
  if ! { $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq &&
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
    tail -30 "$apt_log" >&2
    echo "bootstrap: apt-get failed; the full log is $apt_log" >&2
    exit 1
  fi
fi

# npm packages (the Allure 3 report generator): into node_modules, from package.json.
if [ -f package.json ] && { [ ! -f node_modules/.installed ] || [ package.json -nt node_modules/.installed ]; }; then
  command -v npm >/dev/null || { echo "bootstrap: npm is needed for the Allure report generator" >&2; exit 1; }
  echo "bootstrap: installing npm packages into node_modules"
  npm_log=$venv/npm.log
  if ! npm install --no-audit --no-fund --loglevel=error >"$npm_log" 2>&1; then
    tail -30 "$npm_log" >&2
    echo "bootstrap: npm install failed; the full log is $npm_log" >&2
    exit 1
  fi
  touch node_modules/.installed
fi
