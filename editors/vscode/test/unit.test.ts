// Unit tests for the vscode-independent parts of the client.
// Run by scripts/build.sh: bundled with esbuild, executed with `node --test`.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { resolveServerPath } from "../src/server-path";
import { keepDiagnostic, parseThreshold } from "../src/severity";

test("threshold parsing falls back to info", () => {
  assert.equal(parseThreshold("error"), "error");
  assert.equal(parseThreshold("warning"), "warning");
  assert.equal(parseThreshold("info"), "info");
  assert.equal(parseThreshold("verbose"), "info");
  assert.equal(parseThreshold(undefined), "info");
});

test("threshold drops only less severe diagnostics", () => {
  const [error, warning, information, hint] = [0, 1, 2, 3];
  assert.deepEqual(
    [error, warning, information, hint].map((s) => keepDiagnostic(s, "info")),
    [true, true, true, true],
  );
  assert.deepEqual(
    [error, warning, information, hint].map((s) => keepDiagnostic(s, "warning")),
    [true, true, false, false],
  );
  assert.deepEqual(
    [error, warning, information, hint].map((s) => keepDiagnostic(s, "error")),
    [true, false, false, false],
  );
});

function fakeBinary(dir: string, name = "report-lint"): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, "#!/bin/sh\n");
  fs.chmodSync(file, 0o755);
  return file;
}

test("server path lookup order", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "report-lint-path-"));
  try {
    const ext = path.join(root, "ext");
    const onPath = fakeBinary(path.join(root, "pathdir"));
    const base = {
      configured: "",
      extensionPath: ext,
      workspaceFolder: root,
      env: { PATH: path.join(root, "pathdir") },
      platform: "linux" as NodeJS.Platform,
    };

    assert.equal(resolveServerPath(base).path, onPath, "PATH is the fallback");
    const bundled = fakeBinary(path.join(ext, "bin"));
    assert.equal(resolveServerPath(base).path, bundled, "bundled binary wins over PATH");

    const custom = fakeBinary(path.join(root, "custom"));
    assert.equal(resolveServerPath({ ...base, configured: custom }).path, custom);
    assert.equal(resolveServerPath({ ...base, configured: "custom/report-lint" }).path, custom);
    assert.equal(resolveServerPath({ ...base, configured: "${workspaceFolder}/custom/report-lint" }).path, custom);

    const missing = resolveServerPath({ ...base, configured: path.join(root, "nope") });
    assert.equal(missing.path, undefined, "a wrong explicit path is not replaced by PATH");
    assert.deepEqual(missing.tried, [path.join(root, "nope")]);

    fs.writeFileSync(path.join(root, "pathdir", "not-exec"), "");
    assert.equal(resolveServerPath({ ...base, configured: "not-exec" }).path, undefined);
    assert.equal(resolveServerPath({ ...base, configured: "report-lint" }).path, onPath);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
