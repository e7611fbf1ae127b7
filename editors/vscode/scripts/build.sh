#!/usr/bin/env bash
# Builds the VS Code extension: install dev dependencies (only when the lock
# file changed), typecheck, unit-test, bundle and package. Prints the path of
# the .vsix as the last line of output.
#
#   editors/vscode/scripts/build.sh [--with-binary PATH] [--target PLATFORM]
#
# --with-binary copies a report-lint binary into the package (bin/report-lint,
# or bin/report-lint.exe when PATH ends in .exe), which the extension uses
# when reportLint.path is not set. --target (linux-x64, win32-x64, …) makes a
# platform-specific package (`vsce package --target`), which VS Code installs
# only on that platform; without it the package is universal.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

binary=""
target=""
while [ $# -gt 0 ]; do
  case "$1" in
    --with-binary) binary="${2:?--with-binary needs a path}"; shift 2 ;;
    --target) target="${2:?--target needs a platform}"; shift 2 ;;
    *) echo "usage: $0 [--with-binary PATH] [--target PLATFORM]" >&2; exit 2 ;;
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
  name=report-lint
  case "$binary" in *.exe) name=report-lint.exe ;; esac
  cp "$binary" "bin/$name"
  chmod 755 "bin/$name"
fi

version="$(node -p 'require("./package.json").version')"
out="dist/report-lint-${version}${target:+-$target}.vsix"
echo "==> package${target:+ for $target}" >&2
rm -f "$out"
# `vsce package` runs the vscode:prepublish script, which bundles dist/extension.js.
npx --no-install vsce package --no-dependencies --allow-missing-repository \
  --no-rewrite-relative-links ${target:+--target "$target"} --out "$out" </dev/null >&2
rm -rf bin

echo "$PWD/$out"
