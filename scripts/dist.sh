#!/usr/bin/env bash
# Builds the release artefacts into dist/, from Linux:
#
#   report-lint          Linux x86-64, static (musl), stripped
#   report-lint.exe      Windows x86-64 (GNU target, mingw-w64), stripped
#   年报检查.html         the checker page, when editors/web/dist/ has it
#   report-lint-V-linux-x64.vsix   VS Code extension with report-lint inside
#   report-lint-V-win32-x64.vsix   VS Code extension with report-lint.exe inside
#   report-lint-V.vsix             VS Code extension without a binary (PATH or reportLint.path)
#   SHA256SUMS           sha256sum of every file above
#
#   scripts/dist.sh [--no-vsix]
#
# Installs what it needs when missing (rustup targets; as root, the Debian
# packages mingw-w64 and musl-tools). Honours CARGO_TARGET_DIR. Prints the
# artefacts' checksums at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"

vsix=1
case "${1:-}" in
  "") ;;
  --no-vsix) vsix=0 ;;
  *) echo "usage: $0 [--no-vsix]" >&2; exit 2 ;;
esac

linux_target=x86_64-unknown-linux-musl
windows_target=x86_64-pc-windows-gnu

# --- tools ------------------------------------------------------------------
missing=()
command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(mingw-w64)
command -v musl-gcc >/dev/null || missing+=(musl-tools)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "dist.sh: missing Debian packages: ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 2
  fi
  echo "==> apt-get install ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
fi
installed="$(rustup target list --installed)"
for target in "$linux_target" "$windows_target"; do
  grep -qx "$target" <<<"$installed" || { echo "==> rustup target add $target" >&2; rustup target add "$target" >&2; }
done

# --- binaries ---------------------------------------------------------------
target_dir="${CARGO_TARGET_DIR:-$repo/target}"
export CARGO_INCREMENTAL=0
# Stripped: no symbols, no line tables (the release profile keeps line
# tables for backtraces during development).
export CARGO_PROFILE_RELEASE_STRIP=symbols CARGO_PROFILE_RELEASE_DEBUG=0
# C code (mimalloc) for each target, and the linker of the Windows target.
export CC_x86_64_unknown_linux_musl=musl-gcc
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
# The commit for --version, also when the build runs outside git's view.
REPORT_LINT_COMMIT="$(git -C "$repo" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
export REPORT_LINT_COMMIT

for target in "$linux_target" "$windows_target"; do
  echo "==> cargo build --release --target $target" >&2
  # -C target-feature=+crt-static: musl links statically by default; the
  # Windows binary then needs no MinGW runtime DLLs next to it.
  RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static" \
    cargo build --release --locked --target "$target" -p report-lint-cli >&2
done

rm -rf dist
mkdir -p dist
cp "$target_dir/$linux_target/release/report-lint" dist/report-lint
cp "$target_dir/$windows_target/release/report-lint.exe" dist/report-lint.exe
chmod 755 dist/report-lint dist/report-lint.exe

# Refuse artefacts that are not what they claim to be.
file -b dist/report-lint | grep -q "ELF 64-bit.*x86-64.*static" \
  || { echo "dist/report-lint is not a static x86-64 ELF: $(file -b dist/report-lint)" >&2; exit 1; }
file -b dist/report-lint | grep -q "not stripped" \
  && { echo "dist/report-lint is not stripped" >&2; exit 1; }
file -b dist/report-lint.exe | grep -q "PE32+ executable.*x86-64" \
  || { echo "dist/report-lint.exe is not a PE32+ x86-64 executable: $(file -b dist/report-lint.exe)" >&2; exit 1; }
if x86_64-w64-mingw32-objdump -h dist/report-lint.exe | grep -q "\.debug_"; then
  echo "dist/report-lint.exe has debug sections" >&2
  exit 1
fi
# Only system DLLs: nothing from MinGW has to be shipped next to it.
if x86_64-w64-mingw32-objdump -p dist/report-lint.exe | grep "DLL Name" | grep -Eiq "libgcc|libwinpthread|libstdc"; then
  echo "dist/report-lint.exe needs MinGW runtime DLLs" >&2
  exit 1
fi

# --- checker page -----------------------------------------------------------
page="editors/web/dist/年报检查.html"
if [ -f "$page" ]; then
  cp "$page" dist/
else
  echo "==> no $page yet: the checker page is not included" >&2
fi

# --- VS Code extensions -----------------------------------------------------
if [ "$vsix" = 1 ]; then
  for spec in "linux-x64:dist/report-lint" "win32-x64:dist/report-lint.exe" "universal:"; do
    platform="${spec%%:*}" binary="${spec#*:}"
    args=()
    [ -n "$binary" ] && args+=(--with-binary "$repo/$binary")
    [ "$platform" != universal ] && args+=(--target "$platform")
    echo "==> VS Code extension ($platform)" >&2
    out="$(editors/vscode/scripts/build.sh "${args[@]}" | tail -n 1)"
    cp "$out" dist/
  done
fi

(cd dist && sha256sum -- * | grep -v ' SHA256SUMS$' >SHA256SUMS)
echo "==> dist/" >&2
cat dist/SHA256SUMS
