#!/usr/bin/env bash
# What report-lint finds in published PDFs and in the text people copy out of them.
#   tests/pdf-corpus/run.sh path/to/report-lint
#
# 1. installs what it needs, idempotently: python-docx 1.2.0, LibreOffice
#    (soffice), Chromium, a CJK font (fonts-wqy-microhei), poppler-utils (pdftotext; GPL,
#    used here only to make test inputs, never linked or shipped), and
#    pdfjs-dist (`npm ci` in tests/pdf-corpus when node_modules is missing;
#    needs node and npm);
# 2. fixtures/pdf is up to date (fixtures/pdf/generate.py --check);
# 3. generates a corpus of Word drafts with a fixed seed
#    (fixtures/docx/generate.py --corpus: both templates, simplified and
#    traditional, automatic numbering, tracked changes, 0–3 planted defects,
#    clean on about a third; oracle.json gives each draft's findings in Word terms);
# 4. the chain (fixtures/pdf/generate.py --convert): Word → PDF with LibreOffice
#    (one soffice call, tracked changes printed as accepted, footnotes not
#    printed), then `pdftotext -layout`, `pdftotext`, `pdftotext -raw`
#    (content-stream order) and pdf.js (tests/pdf-corpus/pdfjs-text.mjs: the
#    text Firefox's viewer extracts, content order too): WORK/corpus/pdf/X.pdf,
#    WORK/corpus/layout/X.txt, WORK/corpus/reading/X.txt, WORK/corpus/raw/X.txt,
#    WORK/corpus/pdfjs/X.txt;
#    and, for the drafts without automatic numbering, Word → web page →
#    PDF printed by Chromium (fixtures/pdf-browser/generate.py --convert):
#    WORK/corpus/browser/X.pdf;
# 5. `report-lint check --format json --no-cache --exit-zero --ignore Y FOLDER`
#    on each form's folder (and --format json-report, to tell which files were read);
# 6. the same on the committed fixtures/pdf files of each form;
# 7. tests/pdf-corpus/compare.py: recall per form and per defect class, extras,
#    false alarms on clean drafts (every error or warning of any code), files
#    not read, and each fixtures/pdf file against its .expected. Matching rules:
#    see compare.py. The message rules used for the text forms are themselves
#    checked on the Word drafts (where findings have both a message and a
#    location), so a reworded message shows up as such, not as lost recall.
#
# Targets (compare.py): recall ≥ 95% on .pdf (LibreOffice's and Chromium's) and on -layout text, ≥ 90% on
# reading-order, -raw and pdf.js text (in content order a table-三 cell left
# blank cannot be placed: its row is said unread), no error or warning on clean drafts,
# every file read, every fixture as expected; with the default count and
# seed, the figures README.md states about this corpus (a row per form) are
# the ones measured, whichever forms are enforced. Environment:
# PDF_CORPUS_RECALL_PDF (95), PDF_CORPUS_RECALL_BROWSER (95), PDF_CORPUS_RECALL_LAYOUT (95),
# PDF_CORPUS_RECALL_READING (90), PDF_CORPUS_RECALL_RAW (90),
# PDF_CORPUS_RECALL_PDFJS (90), PDF_CORPUS_CLEAN_NOISE (0),
# PDF_CORPUS_MAX_UNREAD (0);
# PDF_CORPUS_REPORT_ONLY=1 prints the numbers and exits 0;
# PDF_CORPUS_ENFORCE=pdf,browser,layout,reading,raw,pdfjs (default: all) names the forms
# whose targets fail the run, the others' numbers are printed only;
# PDF_CORPUS_COUNT (60), PDF_CORPUS_SEED (2022), PDF_CORPUS_KEEP=1 keeps the
# work folder (its path is printed), PDF_CORPUS_VERBOSE=1 lists every differing file.
# Exit 1 when a target is missed, 2 on a usage or setup error.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:?usage: $0 path/to/report-lint}"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
[ -x "$bin" ] || { echo "not an executable: $bin" >&2; exit 2; }
count="${PDF_CORPUS_COUNT:-60}"
seed="${PDF_CORPUS_SEED:-2022}"
jobs="$(nproc 2>/dev/null || echo 2)"

now() { date +%s%N; }
took() { local ms=$((($(now) - $1) / 1000000)); printf '   (%d.%01d s)\n' $((ms / 1000)) $((ms % 1000 / 100)); }
t_all=$(now)

echo "==> toolchain"
t0=$(now)
python3 -c 'import docx, sys; sys.exit(docx.__version__ != "1.2.0")' 2>/dev/null \
  || pip install -q python-docx==1.2.0 || { echo "cannot install python-docx" >&2; exit 2; }
apt_install() {  # PACKAGE...: apt-get install, with an update only when the first try fails
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null; } \
    || { echo "cannot install $*" >&2; exit 2; }
}
command -v soffice >/dev/null || apt_install libreoffice-writer-nogui
command -v chromium >/dev/null || apt_install chromium
fc-list :lang=zh 2>/dev/null | grep -q . || apt_install fonts-wqy-microhei
{ command -v pdftotext && command -v pdfinfo; } >/dev/null || apt_install poppler-utils
# pdfjs-dist for the pdf.js text (generate.py would run the same npm ci when it is missing)
if [ ! -f "$here/node_modules/pdfjs-dist/package.json" ]; then
  { command -v node && command -v npm; } >/dev/null || { echo "node and npm are needed for the pdf.js text (npm ci in $here)" >&2; exit 2; }
  (cd "$here" && npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false npm ci >"$here/npm-ci.log" 2>&1) \
    || { tail -n 40 "$here/npm-ci.log" >&2; echo "npm ci failed in $here" >&2; exit 2; }
fi
echo "   $(soffice --version 2>/dev/null | head -1); $(pdftotext -v 2>&1 | head -1); pdfjs-dist $(node -p 'require(process.argv[1]).version' "$here/node_modules/pdfjs-dist/package.json" 2>/dev/null) on node $(node --version); CJK fonts: $(fc-list :lang=zh family | cut -d, -f1 | sort -u | paste -sd, -)"
took "$t0"

work="$(mktemp -d "${TMPDIR:-/tmp}/pdf-corpus.XXXXXX")"
if [ "${PDF_CORPUS_KEEP:-}" = 1 ]; then
  echo "(keeping $work)"
else
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/results"
status=0

echo "==> fixtures/pdf up to date"
t0=$(now)
python3 "$root/fixtures/pdf/generate.py" --check || status=1
took "$t0"

echo "==> generating $count Word drafts (seed $seed)"
t0=$(now)
python3 "$root/fixtures/docx/generate.py" --corpus "$work/corpus/docx" --count "$count" --seed "$seed" || exit 2
took "$t0"

echo "==> Word → PDF → text"
t0=$(now)
python3 "$root/fixtures/pdf/generate.py" --convert "$work/corpus/docx" "$work/corpus" --jobs "$jobs" || status=1
echo "   $(ls "$work/corpus/pdf" | wc -l) PDFs ($(du -sh "$work/corpus/pdf" | cut -f1)), $(ls "$work/corpus/layout" | wc -l) -layout texts, $(ls "$work/corpus/reading" | wc -l) reading-order texts, $(ls "$work/corpus/raw" | wc -l) -raw texts, $(ls "$work/corpus/pdfjs" | wc -l) pdf.js texts"
took "$t0"

run_check() {  # NAME PATH...: json and json-report into WORK/results/NAME.*
  local name=$1; shift
  local out="$work/results/$name"
  "$bin" check --format json --no-cache --exit-zero --ignore Y "$@" >"$out.json" 2>"$out.err"
  local rc=$?
  echo "$rc" >"$out.rc"
  "$bin" check --format json-report --no-cache --exit-zero --ignore Y "$@" >"$out.report.json" 2>/dev/null
  local read failed
  read=$(python3 -c 'import json,sys
try: r=json.load(open(sys.argv[1]))
except Exception: r={}
print(len(r.get("files",[])), len(r.get("failures",[])))' "$out.report.json")
  printf '   %-18s exit %d; %s files read, %s failed' "$name" "$rc" ${read}
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
    printf '   (unexpected exit %d: %s)' "$rc" "$(tail -n 1 "$out.err")"
  fi
  echo
  [ -s "$out.json" ] && [ "$(head -c1 "$out.json")" = "[" ] || echo '[]' >"$out.json"
}

echo "==> Word → web page → PDF printed by Chromium (drafts without automatic numbering)"
t0=$(now)
python3 "$root/fixtures/pdf-browser/generate.py" --convert "$work/corpus/docx" "$work/corpus" --jobs "$jobs" || status=1
took "$t0"

echo "==> report-lint check on the Word drafts themselves (to test the message rules of the text forms)"
t0=$(now)
run_check corpus-docx "$work/corpus/docx"
took "$t0"

for form in pdf browser layout reading raw pdfjs; do
  echo "==> report-lint check --format json --no-cache --exit-zero --ignore Y corpus/$form/"
  t0=$(now)
  run_check "corpus-$form" "$work/corpus/$form"
  took "$t0"
done

echo "==> report-lint check on fixtures/pdf (each form)"
t0=$(now)
shopt -s nullglob
run_check fixtures-pdf "$root"/fixtures/pdf/*.pdf
run_check fixtures-layout "$root"/fixtures/pdf/*.layout.txt
run_check fixtures-reading "$root"/fixtures/pdf/*.reading.txt
run_check fixtures-raw "$root"/fixtures/pdf/*.raw.txt
run_check fixtures-pdfjs "$root"/fixtures/pdf/*.pdfjs.txt
shopt -u nullglob
took "$t0"

echo
t0=$(now)
# The README states the figures of the default corpus; they are checked then.
readme=()
[ "$count" = 60 ] && [ "$seed" = 2022 ] && readme=(--readme "$root/README.md")
python3 "$here/compare.py" "$work" --fixtures-dir "$root/fixtures/pdf" "${readme[@]}"
cmp=$?
[ "$cmp" -eq 0 ] || status=1
if [ "$cmp" -eq 0 ] && [ "${PDF_CORPUS_REPORT_ONLY:-}" = 1 ]; then status=0; fi
echo "   (comparison $(ms=$((($(now) - t0) / 1000000)); printf '%d.%01d s' $((ms / 1000)) $((ms % 1000 / 100))); whole run $(ms=$((($(now) - t_all) / 1000000)); printf '%d.%01d s' $((ms / 1000)) $((ms % 1000 / 100))))"

echo
if [ "$status" -eq 0 ]; then
  echo "pdf-corpus: PASS$([ "${PDF_CORPUS_REPORT_ONLY:-}" = 1 ] && echo ' (report only)')"
else
  echo "pdf-corpus: FAIL"
  [ "${PDF_CORPUS_KEEP:-}" = 1 ] || echo "(rerun with PDF_CORPUS_KEEP=1 to keep the PDFs, the texts and the tool's output)"
fi
exit "$status"
