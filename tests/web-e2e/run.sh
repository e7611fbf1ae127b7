#!/usr/bin/env bash
# The checker page end to end in real Chromium, opened from file://.
#
#   tests/web-e2e/run.sh path/to/report-lint
#
# Builds the page first (editors/web/build.sh installs the wasm32 target and
# the matching wasm-bindgen-cli when missing), then installs what the test
# needs, each step skipped when already done: Debian's chromium and
# fonts-wqy-microhei (Chinese glyphs in screenshots), playwright-core
# (package-lock.json here). UPDATE_SCREENSHOTS=1 writes the screenshots to
# editors/web/images/. Closes with "N passed, N failed".
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="$(cd "$(dirname "${1:?usage: $0 BINARY}")" && pwd)/$(basename "$1")"
[ -x "$bin" ] || { echo "not an executable: $bin" >&2; exit 2; }

page="$("$repo/editors/web/build.sh" | tail -n 1)"
[ -f "$page" ] || { echo "the page was not built" >&2; exit 1; }

missing=()
for pkg in chromium fonts-wqy-microhei unzip; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
fi

export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
stamp="$here/node_modules/.report-lint-lock.sha256"
want="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> npm ci in tests/web-e2e" >&2
  (cd "$here" && npm ci >"$here/npm-ci.log" 2>&1) || { tail -n 40 "$here/npm-ci.log" >&2; exit 1; }
  echo "$want" >"$stamp"
fi

work="$(mktemp -d)"
args=(--page "$page" --binary "$bin" --repo "$repo" --work "$work")
if [ "${UPDATE_SCREENSHOTS:-}" = 1 ]; then
  args+=(--screenshots "$repo/editors/web/images")
fi
echo "==> page: $(du -h "$page" | cut -f1)" >&2
status=0
timeout 600 node "$here/e2e.mjs" "${args[@]}" || status=$?
if [ "$status" -eq 0 ] && [ "${KEEP_WORK:-}" != 1 ]; then
  rm -rf "$work"
else
  echo "kept $work" >&2
fi
exit "$status"
