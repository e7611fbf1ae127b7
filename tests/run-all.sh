#!/usr/bin/env bash
# Runs every test of the project: the Rust test suite (unit, snapshot, CLI and
# language-server tests), then the end-to-end tests with real editor clients.
# Installs what it needs (apt, npm, pip) idempotently. Used by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_INCREMENTAL=0 CARGO_TERM_COLOR=never
# The PDF corpus enforces its targets on .pdf files and on `pdftotext -layout`
# text; reading-order text (pdftotext without -layout) is measured and
# reported (see tests/pdf-corpus/run.sh).
export PDF_CORPUS_ENFORCE="${PDF_CORPUS_ENFORCE:-pdf,layout}"

stage_pass=0
stage_fail=0
run_stage() {
  local name=$1; shift
  echo "::: $name"
  if "$@"; then
    stage_pass=$((stage_pass + 1))
  else
    echo "::: $name FAILED"
    stage_fail=$((stage_fail + 1))
  fi
}

run_stage "cargo test" cargo test --workspace --locked --no-fail-fast
cargo build --locked -p report-lint-cli
bin="$PWD/target/debug/report-lint"
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
if [ -x editors/vscode/scripts/build.sh ]; then
  vsix=""
  if vsix=$(editors/vscode/scripts/build.sh | tail -n 1) && [ -f "$vsix" ]; then
    stage_pass=$((stage_pass + 1))
    if [ -x tests/vscode-e2e/run.sh ]; then
      run_stage "tests/vscode-e2e" tests/vscode-e2e/run.sh "$bin" "$vsix"
    fi
  else
    echo "::: editors/vscode build FAILED"
    stage_fail=$((stage_fail + 1))
  fi
fi

echo "stages: $stage_pass passed, $stage_fail failed"
[ "$stage_fail" -eq 0 ]
