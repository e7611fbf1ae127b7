#!/usr/bin/env bash
# The Windows binary under Wine (Debian's wine64 8.0), compared with the
# Linux binary of the same commit:
#
#   tests/windows/run.sh dist/report-lint.exe dist/report-lint
#
# - `--version` names the same version, commit and rule packs;
# - `check --format json` on the seeds gives the same findings, with the
#   paths in Windows form (`seeds\000_….txt`);
# - `fix` on a copy writes the same bytes;
# - a folder and a file with Chinese names, a GBK ("ANSI") file and a CRLF
#   file are checked and fixed the same way (GBK stays GBK, CRLF stays CRLF).
#
# Installs wine64 and mingw-w64 when missing (needs root then). Wine 8.0
# lacks bcryptprimitives.dll; a stand-in (bcryptprimitives.c, built here) is
# put next to a COPY of the .exe in a temporary folder, never into dist/.
# Closes with "N passed, N failed"; exit status 0 only when all passed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
exe="$(abs "${1:?usage: $0 report-lint.exe LINUX-report-lint}")"
linux="$(abs "${2:?usage: $0 report-lint.exe LINUX-report-lint}")"

missing=()
command -v wine >/dev/null && [ -e /usr/lib/wine/wine64 ] || missing+=(wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(mingw-w64)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
fi

work="$(mktemp -d)"
trap 'wineserver -k >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/state"
cp "$exe" "$work/bin/report-lint.exe"
x86_64-w64-mingw32-gcc -O2 -shared -o "$work/bin/bcryptprimitives.dll" \
  "$here/bcryptprimitives.c" -ladvapi32
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
export XDG_STATE_HOME="$work/state"
echo "==> wineboot (first start creates the prefix)" >&2
wineboot --init >/dev/null 2>&1 || true

win() { wine "$work/bin/report-lint.exe" "$@"; }
lin() { "$linux" "$@"; }

passed=0 failed=0
check() {
  if [ "$2" = 0 ]; then passed=$((passed + 1)); echo "ok - $1"
  else failed=$((failed + 1)); echo "FAIL - $1${3:+: $3}"; fi
}
# From here on a failing command is a failed check, not the end of the run.
set +e

cd "$work"
mkdir seeds
cp "$repo"/fixtures/seeds/*.txt seeds/

# --- version ------------------------------------------------------------------
win --version >win-version.txt 2>&1 || true
lin --version >lin-version.txt 2>&1 || true
diff -u lin-version.txt win-version.txt >/dev/null; check "--version: same version, commit and rule packs ($(head -n1 win-version.txt | tr -d '\r'))" $?
grep -q "commit [0-9a-f]\{12\}" win-version.txt; check "--version names a commit" $?

# --- check: same JSON, Windows paths ----------------------------------------
win check --no-cache --format json seeds >win.json 2>win.err; ws=$?
lin check --no-cache --format json seeds >lin.json 2>lin.err; ls=$?
[ "$ws" = "$ls" ]; check "check seeds: same exit status ($ws)" $? "$(head -c 300 win.err)"
n=$(grep -o '"rule"' lin.json | wc -l)
[ "$n" -gt 0 ]; check "check seeds on Linux finds something ($n findings)" $?
grep -q 'seeds\\\\000_' win.json; check 'JSON paths use \ on Windows (seeds\000_…)' $? "$(grep -o '"[a-z_]*path[a-z_]*": *"[^"]*"' win.json | head -n 2)"
sed 's/\\\\/\//g' win.json | cmp -s - lin.json; check "check seeds: the same JSON as on Linux (separators aside)" $? \
  "$(sed 's/\\\\/\//g' win.json | diff - lin.json | head -n 5)"

win check --no-cache seeds >win.txt 2>&1 || true
grep -q 'seeds\\000_' win.txt; check 'text output names seeds\000_… on Windows' $?

# --- fix on a copy ------------------------------------------------------------
mkdir fix-win fix-lin
cp seeds/000_*.txt fix-win/a.txt; cp seeds/000_*.txt fix-lin/a.txt
win fix --no-cache fix-win/a.txt >/dev/null 2>win-fix.err; ws=$?
lin fix --no-cache fix-lin/a.txt >/dev/null 2>&1; ls=$?
[ "$ws" = "$ls" ]; check "fix: same exit status ($ws)" $? "$(head -c 300 win-fix.err)"
! cmp -s fix-win/a.txt seeds/000_*.txt; check "fix changed the Windows copy" $?
cmp -s fix-win/a.txt fix-lin/a.txt; check "fix: the same bytes as on Linux" $?

# --- Chinese names, GBK, CRLF ----------------------------------------------
mkdir -p 年报/win 年报/lin
for d in win lin; do
  cp seeds/004_*.txt "年报/$d/甲局 2023年度.txt"
  iconv -f UTF-8 -t GBK seeds/000_*.txt >"年报/$d/乙局（GBK）.txt"
  sed 's/$/\r/' seeds/000_*.txt >"年报/$d/丙局-CRLF.txt"
done
win check --no-cache --format json 年报/win >cn-win.json 2>cn-win.err || true
lin check --no-cache --format json 年报/lin >cn-lin.json 2>cn-lin.err || true
grep -q '年报\\\\win\\\\甲局 2023年度.txt' cn-win.json; check "a folder and file with Chinese names are checked, named in Windows form" $? "$(head -c 300 cn-win.err)"
grep -q '乙局（GBK）.txt' cn-win.json; check "the GBK file is checked" $?
grep -q '丙局-CRLF.txt' cn-win.json; check "the CRLF file is checked" $?
sed -e 's/\\\\/\//g' -e 's/年报\/win/年报\/lin/g' cn-win.json | cmp -s - cn-lin.json; check "Chinese names, GBK, CRLF: the same JSON as on Linux" $? \
  "$(sed -e 's/\\\\/\//g' -e 's/年报\/win/年报\/lin/g' cn-win.json | diff - cn-lin.json | head -n 5)"

win fix --no-cache 年报/win >/dev/null 2>&1 || true
lin fix --no-cache 年报/lin >/dev/null 2>&1 || true
for f in "甲局 2023年度.txt" "乙局（GBK）.txt" "丙局-CRLF.txt"; do
  cmp -s "年报/win/$f" "年报/lin/$f"; check "fix $f: the same bytes as on Linux" $?
done
! iconv -f UTF-8 -t UTF-8 "年报/win/乙局（GBK）.txt" >/dev/null 2>&1 && iconv -f GBK -t UTF-8 "年报/win/乙局（GBK）.txt" >/dev/null 2>&1
check "the fixed GBK file is still GBK" $?
! cmp -s "年报/win/乙局（GBK）.txt" <(iconv -f UTF-8 -t GBK seeds/000_*.txt); check "the GBK file was fixed" $?
[ "$(grep -vc $'\r$' "年报/win/丙局-CRLF.txt")" = 0 ]; check "the fixed CRLF file keeps CRLF on every line" $?
! cmp -s "年报/win/丙局-CRLF.txt" <(sed 's/$/\r/' seeds/000_*.txt); check "the CRLF file was fixed" $?

# Not shipped: the stand-in stays in the temporary folder.
[ ! -e "$(dirname "$exe")/bcryptprimitives.dll" ]; check "no bcryptprimitives.dll next to the shipped .exe" $?

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
