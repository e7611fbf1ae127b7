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
