#!/usr/bin/env bash
# Installs everything twinrig needs into .venv: finds a Python >= 3.12, creates the virtual
# environment, installs the project (editable) with its development tools. Re-running it is
# cheap: it reinstalls only when pyproject.toml changed.
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
