#!/usr/bin/env bash
# End-to-end test of report-lint on Word drafts.
#   tests/docx-corpus/run.sh path/to/report-lint
#
# 1. fixtures/docx is up to date (generate.py --check);
# 2. generates a corpus of varied Word drafts with a fixed seed (both templates,
#    simplified and traditional, automatic numbering, tracked changes, split
#    runs, full-width digits, 0–3 planted defects, clean on at least a quarter)
#    and checks it with `check --format json --no-cache --exit-zero DIR`;
# 3. checks every committed fixtures/docx/*.docx against its .expected (one file
#    per run: the 2019 and 2021 drafts of the same agency would pair up for Y001);
# 4. compares with the oracle (tests/docx-corpus/compare.py): every planted
#    finding reported (same code, location.text starting with the expected
#    place), no other finding of the oracle's codes, no error or warning of any
#    code on clean drafts; with `--format json-report`, every draft read as a
#    report of its template and year, and on clean drafts every table identity
#    actually checked;
# 5. only on failure, a diagnosis: the drafts read by readback.py (an independent
#    Python reader) and linted as text, to tell generator bugs from reader bugs.
#
# Environment: DOCX_CORPUS_COUNT (60), DOCX_CORPUS_SEED (2022),
# DOCX_CORPUS_KEEP=1 keeps the temporary folder (its path is printed).
# Exit 1 on any missed, extra or unexpected finding; 2 on a usage error.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:?usage: $0 path/to/report-lint}"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
[ -x "$bin" ] || { echo "not an executable: $bin" >&2; exit 2; }
count="${DOCX_CORPUS_COUNT:-60}"
seed="${DOCX_CORPUS_SEED:-2022}"

# exactly 1.2.0: fixtures/docx/generate.py --check compares the XML python-docx writes
python3 -c 'import docx, sys; sys.exit(docx.__version__ != "1.2.0")' 2>/dev/null \
  || pip install -q python-docx==1.2.0 || { echo "cannot install python-docx" >&2; exit 2; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/docx-corpus.XXXXXX")"
if [ "${DOCX_CORPUS_KEEP:-}" = 1 ]; then
  echo "(keeping $tmp)"
else
  trap 'rm -rf "$tmp"' EXIT
fi
status=0
now() { date +%s%N; }
took() { local ms=$((($(now) - $1) / 1000000)); printf '   (%d.%01d s)\n' $((ms / 1000)) $((ms % 1000 / 100)); }

echo "==> fixtures/docx up to date"
t0=$(now)
python3 "$root/fixtures/docx/generate.py" --check || status=1
took "$t0"

echo "==> generating $count drafts (seed $seed)"
t0=$(now)
python3 "$root/fixtures/docx/generate.py" --corpus "$tmp/corpus" --count "$count" --seed "$seed" || exit 1
took "$t0"

run_check() {  # FORMAT OUT PATH...
  local format=$1 out=$2; shift 2
  "$bin" check --format "$format" --no-cache --exit-zero "$@" >"$out" 2>"$out.err"
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "   report-lint check --format $format exited with $rc on $*:" >&2
    sed 's/^/     /' "$out.err" | tail -n 20 >&2
    status=1
    [ -s "$out" ] || echo '[]' >"$out"
  fi
}

echo "==> report-lint check --format json --no-cache --exit-zero <corpus>"
t0=$(now)
run_check json "$tmp/corpus.json" "$tmp/corpus"
took "$t0"
run_check json-report "$tmp/corpus-report.json" "$tmp/corpus"
[ "$(head -c1 "$tmp/corpus-report.json")" = "{" ] || echo '{"files": []}' >"$tmp/corpus-report.json"

echo "==> report-lint check on each fixtures/docx/*.docx"
t0=$(now)
mkdir -p "$tmp/fixtures"
python3 "$root/fixtures/docx/generate.py" --meta "$tmp/fixtures/meta.json" || status=1
for f in "$root"/fixtures/docx/*.docx; do
  name="$(basename "$f" .docx)"
  run_check json "$tmp/fixtures/$name.json" "$f"
  run_check json-report "$tmp/fixtures/$name.report.json" "$f"
  [ "$(head -c1 "$tmp/fixtures/$name.report.json")" = "{" ] || echo '{"files": []}' >"$tmp/fixtures/$name.report.json"
done
took "$t0"

echo
python3 "$here/compare.py" --label "corpus (seed $seed)" --oracle "$tmp/corpus/oracle.json" \
  --meta "$tmp/corpus/meta.json" --findings "$tmp/corpus.json" --report "$tmp/corpus-report.json" || status=1
echo
fixture_findings=()
fixture_reports=()
for f in "$tmp"/fixtures/*.report.json; do
  fixture_reports+=("$f")
  fixture_findings+=("${f%.report.json}.json")
done
python3 "$here/compare.py" --label "fixtures/docx" --expected-dir "$root/fixtures/docx" \
  --meta "$tmp/fixtures/meta.json" --findings "${fixture_findings[@]}" --report "${fixture_reports[@]}" || status=1

if [ "$status" -ne 0 ]; then
  # Diagnostic only: an independent reader of the drafts (readback.py) turns each
  # into one-cell-per-line text and lints it with the same binary's text reader.
  # If that agrees with the oracle where the Word reader does not, the Word reader
  # is at fault; if it disagrees too, suspect the generator or a rule change.
  echo
  echo "==> diagnosis: the same drafts read by tests/docx-corpus/readback.py and linted as text"
  python3 "$here/readback.py" "$bin" "$tmp/corpus" --oracle "$tmp/corpus/oracle.json" | grep -v '^ok ' | sed 's/^/   /'
  python3 "$here/readback.py" "$bin" "$root/fixtures/docx" | grep -v '^ok ' | sed 's/^/   /'
fi

echo
if [ "$status" -eq 0 ]; then
  echo "docx-corpus: PASS"
else
  echo "docx-corpus: FAIL"
  [ "${DOCX_CORPUS_KEEP:-}" = 1 ] || echo "(rerun with DOCX_CORPUS_KEEP=1 to keep the drafts and the tool's output)"
fi
exit "$status"
