#!/usr/bin/env bash
# Runs the Neovim end-to-end test against a report-lint binary.
#   tests/nvim/run.sh path/to/report-lint
# Installs Debian's neovim (0.7.2) when nvim is missing. Closes with
# "N passed, N failed"; exit status 0 only when every check passed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="${1:?usage: $0 BINARY}"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
[ -x "$bin" ] || { echo "not an executable: $bin" >&2; exit 2; }

if ! command -v nvim >/dev/null 2>&1; then
  echo "==> installing neovim" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq neovim >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq neovim >/dev/null; }
fi
echo "==> $(nvim --version | head -n1)" >&2

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for d in config data state cache runtime; do mkdir -p "$tmp/xdg/$d"; done
export XDG_CONFIG_HOME="$tmp/xdg/config" XDG_DATA_HOME="$tmp/xdg/data" \
  XDG_STATE_HOME="$tmp/xdg/state" XDG_CACHE_HOME="$tmp/xdg/cache" XDG_RUNTIME_DIR="$tmp/xdg/runtime"

mkdir -p "$tmp/work"
cp "$repo/fixtures/seeds/000_f866b5b8ecaa5ac0.txt" "$tmp/work/report.txt"
export REPORT_LINT_BIN="$bin" REPORT_LINT_REPORT="$tmp/work/report.txt"

status=0
timeout 180 nvim --headless -u NONE -i NONE --noplugin -n \
  -c "luafile $here/check.lua" </dev/null || status=$?

if [ "$status" -ne 0 ]; then
  log="$XDG_CACHE_HOME/nvim/lsp.log"
  if [ -s "$log" ]; then
    echo "--- tail of the Neovim LSP log ---" >&2
    tail -n 40 "$log" >&2
  fi
  if [ "$status" -eq 124 ]; then
    echo "nvim timed out" >&2
    echo "0 passed, 1 failed"
  fi
fi
exit "$status"
