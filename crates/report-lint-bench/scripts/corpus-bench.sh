#!/usr/bin/env bash
# Measures `report-lint check` on a generated corpus and prints a Markdown
# table (the one in crates/report-lint-bench/README.md):
#
#   crates/report-lint-bench/scripts/corpus-bench.sh [COUNT] [SIZES]
#
# COUNT defaults to 3000; SIZES is `real` (5–20 KB reports, as published;
# the default) or `large` (20–100 KB).
#
# - the whole corpus with `--format json`, wall and CPU seconds averaged
#   over runs, with and without cross-year comparison (`--ignore Y`),
#   without the result cache (`--no-cache`: every file parsed and linted),
#   then again with the cache filled by a first run (nothing changed since),
#   against `rg -c 总计` over the same folder (a floor: reading every byte
#   once);
# - one report, process start to exit, without and with the cache;
# - peak memory for a tenth of the corpus and for all of it (it should not
#   grow with the number of files).
#
# Needs cargo and python3; installs hyperfine and ripgrep with apt-get when
# they are missing (falls back to /usr/bin/time without hyperfine).
set -euo pipefail
cd "$(dirname "$0")/../../.."

count=${1:-3000}
sizes=${2:-real}
small=$((count / 10))

have() { command -v "$1" >/dev/null 2>&1; }
if { ! have hyperfine || ! have rg; } && have apt-get; then
  apt-get install -y hyperfine ripgrep >/dev/null 2>&1 ||
    { apt-get update >/dev/null 2>&1 && apt-get install -y hyperfine ripgrep >/dev/null 2>&1; } ||
    echo "could not install hyperfine/ripgrep; continuing without" >&2
fi

cargo build --release --quiet -p report-lint-cli -p report-lint-bench --bins
target=${CARGO_TARGET_DIR:-$PWD/target}
lint=$target/release/report-lint
corpus=$target/release/report-lint-corpus

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$corpus" --count "$count" --sizes "$sizes" --out "$work/all"
"$corpus" --count "$small" --sizes "$sizes" --out "$work/tenth"
bytes=$(du -sb "$work/all" | cut -f1)
# The largest report (`sed` reads all of `ls`: no SIGPIPE).
one=$work/all/$(ls -S "$work/all" | sed -n 1p)
one_bytes=$(stat -c %s "$one")

# Wall and CPU seconds and peak RSS (KB) of one command, via /usr/bin/time.
measure() {
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
  cat "$work/time"
}

if have hyperfine; then
  # Mean wall, user and system seconds of a command over several runs
  # (exit codes ignored: `check` exits 1 when it finds an error). CPU time
  # is averaged too: on a shared machine one run says little.
  timed() {
    local runs=$1
    shift
    hyperfine --style none --warmup 1 --runs "$runs" -i --export-json "$work/h.json" "$*" >/dev/null 2>&1
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["mean"], r["user"], r["system"])' "$work/h.json"
  }
else
  timed() {
    shift
    measure bash -c "$*" | cut -d' ' -f1-3
  }
fi

cold="$lint check --format json --no-cache"
read -r check_wall check_user check_sys <<<"$(timed 3 "$cold $work/all > /dev/null")"
read -r _ noy_user noy_sys <<<"$(timed 3 "$cold --ignore Y $work/all > /dev/null")"
read -r _ _ _ check_rss <<<"$(measure $cold "$work/all")"
read -r _ _ _ tenth_rss <<<"$(measure $cold "$work/tenth")"
if have rg; then
  read -r rg_wall _ <<<"$(timed 5 "rg -c 总计 $work/all > /dev/null")"
else
  rg_wall=""
fi
read -r one_wall _ <<<"$(timed 30 "$cold $one > /dev/null")"
# A first run fills the cache; the runs measured find every result there.
warm="$lint check --format json --cache-dir $work/cache"
$warm "$work/all" >/dev/null 2>&1 || true
read -r warm_wall _ <<<"$(timed 5 "$warm $work/all > /dev/null")"
read -r one_warm _ <<<"$(timed 30 "$warm $one > /dev/null")"

python3 - "$count" "$bytes" "$check_wall" "$check_user" "$check_sys" "$check_rss" \
  "$small" "$tenth_rss" "$rg_wall" "$one_bytes" "$one_wall" "$noy_user" "$noy_sys" \
  "$warm_wall" "$one_warm" <<'EOF'
import sys
(count, nbytes, wall, user, sys_, rss, small, tenth_rss, rg, one_bytes, one_wall,
 noy_user, noy_sys, warm_wall, one_warm) = sys.argv[1:]
count, nbytes, small = int(count), int(nbytes), int(small)
wall, cpu = float(wall), float(user) + float(sys_)
noy_cpu = float(noy_user) + float(noy_sys)
mb = nbytes / 1e6
warm_wall = float(warm_wall)
rows = [
    ("corpus", f"{count} reports, {mb:.0f} MB", ""),
    ("`report-lint check --format json --no-cache DIR`, wall", f"{wall:.2f} s ({mb / wall:.1f} MB/s)", ""),
    ("same, per core (MB ÷ CPU seconds)", f"{mb / cpu:.1f} MB/s", "≥ 50 MB/s"),
    ("same, CPU per report", f"{cpu / count * 1000:.2f} ms", ""),
    ("same with `--ignore Y` (no cross-year comparison), per core", f"{mb / noy_cpu:.1f} MB/s", ""),
    ("`report-lint check --format json DIR` again, results cached, wall", f"{warm_wall:.3f} s", ""),
]
if rg:
    rows.append(("`rg -c 总计 DIR`, wall", f"{float(rg):.3f} s", ""))
    rows.append(("check ÷ rg, without the cache", f"{wall / float(rg):.0f}×", "≤ 5×"))
    rows.append(("check ÷ rg, results cached", f"{warm_wall / float(rg):.1f}×", "≤ 5×"))
rows += [
    (f"one report ({int(one_bytes) // 1024} KB), process start → exit, without the cache",
     f"{float(one_wall) * 1000:.1f} ms", "< 20 ms"),
    ("same, result cached", f"{float(one_warm) * 1000:.1f} ms", "< 20 ms"),
    (f"peak RSS, {small} files", f"{int(tenth_rss) / 1024:.0f} MB", "flat in files"),
    (f"peak RSS, {count} files", f"{int(rss) / 1024:.0f} MB", "flat in files"),
]
print("| measurement | result | target |")
print("|---|---|---|")
for row in rows:
    print("| " + " | ".join(row) + " |")
EOF
