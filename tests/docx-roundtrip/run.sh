#!/usr/bin/env bash
# Proves that the Word copies written by `report-lint annotate` open cleanly.
#   tests/docx-roundtrip/run.sh path/to/report-lint
#
# For each fixtures/docx/*.docx: annotate it, read the copy back with
# python-docx (one report-lint comment per finding, holding its rule code),
# re-annotate the copy (comments replaced, not doubled), compare the zip
# entries that must not change, and keep a comment by another author; then
# convert all copies with LibreOffice to .odt (annotations by report-lint
# counted) and to .pdf (non-empty). Details in roundtrip.py.
#
# DOCX_ROUNDTRIP_KEEP=1 keeps the temporary folder (its path is printed).
# Exit 1 on any failure, 2 on a usage error.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:?usage: $0 path/to/report-lint}"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
[ -x "$bin" ] || { echo "not an executable: $bin" >&2; exit 2; }

python3 -c 'import docx, sys; sys.exit(tuple(map(int, docx.__version__.split(".")[:2])) < (1, 2))' 2>/dev/null \
  || pip install -q python-docx==1.2.0 || { echo "cannot install python-docx" >&2; exit 2; }
command -v soffice >/dev/null \
  || (apt-get update && apt-get install -y libreoffice-writer-nogui fonts-wqy-microhei) \
  || { echo "cannot install LibreOffice" >&2; exit 2; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/docx-roundtrip.XXXXXX")"
if [ "${DOCX_ROUNDTRIP_KEEP:-}" = 1 ]; then
  echo "(keeping $tmp)"
else
  trap 'rm -rf "$tmp"' EXIT
fi

python3 "$here/roundtrip.py" "$bin" "$root/fixtures/docx" "$tmp"
