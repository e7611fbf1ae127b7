#!/usr/bin/env bash
# Runs every test of the project: the Rust test suite (unit, snapshot, CLI and
# language-server tests), then the end-to-end tests with real editor clients.
# Installs what it needs (apt, npm, pip) idempotently. Used by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_INCREMENTAL=0 CARGO_TERM_COLOR=never
# The PDF corpus enforces its targets on .pdf files (LibreOffice's and those
# Chromium prints from the web page), `pdftotext -layout` text
# and content-order text (`pdftotext -raw`, and the text pdf.js, Firefox's
# viewer, extracts); reading-order text (pdftotext without -layout) is
# measured and reported (see tests/pdf-corpus/run.sh).
export PDF_CORPUS_ENFORCE="${PDF_CORPUS_ENFORCE:-pdf,browser,layout,raw,pdfjs}"

stage_pass=0
stage_fail=0
run_stage() {
  local name=$1; shift
  echo "::: $name"
  if "$@"; then
    stage_pass=$((stage_pass + 1))
    last_stage_passed=1
  else
    last_stage_passed=0
    echo "::: $name FAILED"
    stage_fail=$((stage_fail + 1))
  fi
}

run_stage "cargo test" cargo test --workspace --locked --no-fail-fast
# Lints: clippy's warnings are errors, and no unsafe code (the workspace
# forbids it in Cargo.toml; clippy compiles every target, so it is checked
# here as well).
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
run_stage "cargo clippy" cargo clippy --workspace --all-targets --locked -- -D warnings
run_stage "cargo fmt" cargo fmt --all --check
cargo build --locked -p report-lint-cli
bin="${CARGO_TARGET_DIR:-$PWD/target}/debug/report-lint"
for stage in tests/lsp-client tests/nvim tests/docx-corpus tests/docx-roundtrip tests/pdf-corpus; do
  if [ -x "$stage/run.sh" ]; then
    run_stage "$stage" "$stage/run.sh" "$bin"
  fi
done
# The checker page: tests/web-e2e builds it (WebAssembly) and drives it in
# Chromium; the CLI is built again afterwards, now embedding the page, and
# `report-lint web` must write exactly that page.
if [ -x tests/web-e2e/run.sh ]; then
  run_stage "tests/web-e2e" tests/web-e2e/run.sh "$bin"
  web_page="editors/web/dist/年报检查.html"
  if [ -f "$web_page" ]; then
    cargo build --locked -p report-lint-cli
    web_out="$(mktemp -d)"
    run_stage "report-lint web" bash -c '"$1" web -o "$2/年报检查.html" && cmp "$2/年报检查.html" "$3"' _ "$bin" "$web_out" "$web_page"
    rm -rf "$web_out"
  fi
fi

# The release artefacts (scripts/dist.sh: static Linux and Windows binaries,
# the three .vsix files, which also typechecks and unit-tests the extension),
# then each one exercised: the static binary against the debug build, the
# Windows binary under Wine, the Linux .vsix in code-server with its own
# binary (no reportLint.path, report-lint not on PATH).
same_as_debug() {
  local a b
  a="$(mktemp)" b="$(mktemp)"
  "$1" check --no-cache --format json fixtures/seeds >"$a" || true
  "$bin" check --no-cache --format json fixtures/seeds >"$b" || true
  local s=0
  cmp -s "$a" "$b" && [ -s "$a" ] || s=1
  file -b "$1" | grep -q "statically linked\|static-pie linked" || s=1
  rm -f "$a" "$b"
  return "$s"
}
run_stage "scripts/dist.sh" scripts/dist.sh
if [ "$last_stage_passed" = 1 ]; then
  run_stage "dist/report-lint: static, same JSON as the debug build" same_as_debug dist/report-lint
  run_stage "tests/windows (report-lint.exe under Wine)" tests/windows/run.sh dist/report-lint.exe dist/report-lint
  vsix="$(ls dist/report-lint-*-linux-x64.vsix 2>/dev/null | head -n 1)"
  run_stage "tests/vscode-e2e (linux-x64 .vsix, bundled binary)" tests/vscode-e2e/run.sh dist/report-lint "$vsix" --bundled
else
  echo "::: tests/windows and tests/vscode-e2e not run: scripts/dist.sh FAILED (counted as failures)"
  stage_fail=$((stage_fail + 3))
fi

echo "stages: $stage_pass passed, $stage_fail failed"
[ "$stage_fail" -eq 0 ]
