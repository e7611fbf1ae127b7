#!/usr/bin/env bash
# LSP smoke test with pytest-lsp (an independent client built on pygls).
#   tests/lsp-client/run.sh path/to/report-lint
# Creates tests/lsp-client/.venv on first use; pytest prints the summary line.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="${1:?usage: $0 BINARY [PYTEST ARGS...]}"; shift
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
[ -x "$bin" ] || { echo "not an executable: $bin" >&2; exit 2; }

venv="$here/.venv"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> creating $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
  echo "$want" >"$stamp"
fi

cd "$here"
REPORT_LINT_BIN="$bin" exec "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
