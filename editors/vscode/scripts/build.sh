#!/usr/bin/env bash
# Builds the VS Code extension: install dev dependencies (only when the lock
# file changed), typecheck, unit-test, bundle and package. Prints the path of
# the .vsix as the last line of output.
#
#   editors/vscode/scripts/build.sh [--with-binary PATH]
#
# --with-binary copies a report-lint binary into the package (bin/report-lint),
# which the extension uses when reportLint.path is not set.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

binary=""
while [ $# -gt 0 ]; do
  case "$1" in
    --with-binary) binary="${2:?--with-binary needs a path}"; shift 2 ;;
    *) echo "usage: $0 [--with-binary PATH]" >&2; exit 2 ;;
  esac
done

# The user's npmrc may set nodedir for native builds; nothing here is native.
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

stamp=node_modules/.report-lint-lock.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> npm ci" >&2
  npm ci --no-audit --no-fund >&2
  echo "$want" >"$stamp"
fi

echo "==> typecheck" >&2
npx --no-install tsc --noEmit >&2

echo "==> unit tests" >&2
npm run --silent test:unit >&2

rm -rf bin
if [ -n "$binary" ]; then
  echo "==> bundling binary $binary" >&2
  mkdir -p bin
  cp "$binary" bin/report-lint
  chmod 755 bin/report-lint
fi

version="$(node -p 'require("./package.json").version')"
out="dist/report-lint-${version}.vsix"
echo "==> package" >&2
rm -f "$out"
# `vsce package` runs the vscode:prepublish script, which bundles dist/extension.js.
npx --no-install vsce package --no-dependencies --allow-missing-repository \
  --no-rewrite-relative-links --out "$out" </dev/null >&2

echo "$PWD/$out"
