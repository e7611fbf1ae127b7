#!/usr/bin/env bash
# Measures `report-lint check` on a folder of Word drafts against the same
# reports as text, and prints a Markdown table (the one in
# crates/report-lint-bench/README.md):
#
#   crates/report-lint-bench/scripts/docx-bench.sh [COUNT]    # default 1000
#
# - COUNT drafts made by fixtures/docx/generate.py --corpus (python-docx:
#   both templates, both scripts, merged cells, automatic numbering,
#   tracked changes, planted defects);
# - the same reports as text: each draft's text view (`view --plain`);
# - `check --format json --no-cache --ignore Y` over each folder, wall and
#   CPU seconds averaged over runs (hyperfine), and the ratio;
# - peak memory over the drafts.
#
# Needs cargo, python3 and pip; installs python-docx, hyperfine with
# pip/apt-get when they are missing.
set -euo pipefail
cd "$(dirname "$0")/../../.."

count=${1:-1000}
have() { command -v "$1" >/dev/null 2>&1; }
python3 -c 'import docx' 2>/dev/null || pip install --quiet python-docx==1.2.0
if ! have hyperfine && have apt-get; then
  apt-get install -y hyperfine >/dev/null 2>&1 ||
    { apt-get update >/dev/null 2>&1 && apt-get install -y hyperfine >/dev/null 2>&1; } ||
    echo "could not install hyperfine; continuing without" >&2
fi

cargo build --release --quiet -p report-lint-cli
lint=$PWD/target/release/report-lint

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 fixtures/docx/generate.py --corpus "$work/docx" --count "$count" --seed 1 >/dev/null
rm -f "$work/docx/oracle.json"
mkdir -p "$work/text"
for draft in "$work"/docx/*.docx; do
  base=$(basename "$draft" .docx)
  "$lint" view --plain "$draft" >"$work/text/$base.txt"
done
docx_bytes=$(du -sb "$work/docx" | cut -f1)
text_bytes=$(du -sb "$work/text" | cut -f1)

measure() {
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
  # After "Command exited with non-zero status 1" when it found errors.
  tail -n 1 "$work/time"
}
if have hyperfine; then
  timed() {
    hyperfine --style none --warmup 1 --runs 5 -i --export-json "$work/h.json" "$1" >/dev/null 2>&1
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["mean"], r["user"] + r["system"])' "$work/h.json"
  }
else
  timed() { measure bash -c "$1" | awk '{print $1, $2 + $3}'; }
fi

check="$lint check --format json --no-cache --ignore Y"
read -r docx_wall docx_cpu <<<"$(timed "$check $work/docx > /dev/null")"
read -r text_wall text_cpu <<<"$(timed "$check $work/text > /dev/null")"
read -r _ _ _ docx_rss <<<"$(measure $check "$work/docx")"
# `sed` reads all of `ls`: no SIGPIPE under pipefail.
one=$(ls "$work"/docx/*.docx | sed -n 1p)
read -r one_wall _ <<<"$(timed "$check $one > /dev/null")"

python3 - "$count" "$docx_bytes" "$text_bytes" "$docx_wall" "$docx_cpu" "$text_wall" "$text_cpu" "$docx_rss" "$one_wall" <<'PY'
import sys
n, db, tb = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
dw, dc, tw, tc, rss, one = (float(x) for x in sys.argv[4:])
mb = lambda b: b / 1e6
print(f"| measure | Word drafts | same reports as text |")
print(f"|---|---|---|")
print(f"| {n} files, size | {mb(db):.1f} MB | {mb(tb):.1f} MB |")
print(f"| `check --no-cache --ignore Y`, wall | {dw:.2f} s | {tw:.2f} s |")
print(f"| same, CPU (both cores) | {dc:.2f} s | {tc:.2f} s |")
print(f"| ratio, wall / CPU | {dw / tw:.1f}× / {dc / tc:.1f}× | 1× |")
print(f"| CPU per file | {dc / n * 1000:.2f} ms | {tc / n * 1000:.2f} ms |")
print(f"| peak memory | {rss / 1024:.0f} MB | |")
print(f"| one draft, process start to exit | {one * 1000:.1f} ms | |")
PY
