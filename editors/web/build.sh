#!/usr/bin/env bash
# Builds the checker page: editors/web/dist/年报检查.html, one file with the
# engine (report-lint-wasm) compiled to WebAssembly, gzipped and inlined as
# base64 (inline.py; the page inflates it with DecompressionStream), the
# wasm-bindgen glue, the script and the styles. It opens from file://
# and from any web server, and makes no request.
#
#   editors/web/build.sh            # prints the page's path on its last line
#
# Installs what it needs, each step skipped when already done: the
# wasm32-unknown-unknown target (rustup) and wasm-bindgen-cli of exactly
# the version of the wasm-bindgen crate in Cargo.lock.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
target_dir="${CARGO_TARGET_DIR:-$repo/target}"

if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "==> rustup target add wasm32-unknown-unknown" >&2
  rustup target add wasm32-unknown-unknown >&2
fi

want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
have="$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)"
if [ "$have" != "$want" ]; then
  echo "==> cargo install wasm-bindgen-cli $want (found: ${have:-none})" >&2
  # --locked first; a registry mirror that lacks one of its locked
  # dependencies still gets a working CLI from the newest compatible ones.
  cargo install --locked wasm-bindgen-cli --version "$want" >&2 \
    || cargo install wasm-bindgen-cli --version "$want" >&2
fi

echo "==> cargo build report-lint-wasm (wasm32, profile wasm)" >&2
cargo build --locked --profile wasm --target wasm32-unknown-unknown -p report-lint-wasm >&2
out="$target_dir/wasm-bindgen"
rm -rf "$out"
wasm-bindgen --target no-modules --no-typescript --out-dir "$out" \
  "$target_dir/wasm32-unknown-unknown/wasm/report_lint_wasm.wasm" >&2

mkdir -p "$here/dist"
page="$here/dist/年报检查.html"
python3 "$here/inline.py" \
  --template "$here/index.html" \
  --report-style "$repo/crates/report-lint-html/src/report.css" \
  --page-style "$here/style.css" \
  --bindgen "$out/report_lint_wasm.js" \
  --wasm "$out/report_lint_wasm_bg.wasm" \
  --app "$here/app.js" \
  --out "$page"
echo "==> $(du -h "$page" | cut -f1) $page" >&2
echo "$page"
