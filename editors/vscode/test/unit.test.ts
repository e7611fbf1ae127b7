// Unit tests for the vscode-independent parts of the client.
// Run by scripts/build.sh: bundled with esbuild, executed with `node --test`.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { selectFixEdits } from "../src/fix-select";
import { relatedHints } from "../src/related-hint";
import { looksLikeReport, TITLE_PATTERN } from "../src/report-detect";
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
    assert.equal(resolveServerPath(base).source, "PATH");
    const bundled = fakeBinary(path.join(ext, "bin"));
    assert.equal(resolveServerPath(base).path, bundled, "bundled binary wins over PATH");
    assert.equal(resolveServerPath(base).source, "bundled");
    assert.equal(resolveServerPath({ ...base, env: {} }).path, bundled, "found without any PATH");
    const win = fakeBinary(path.join(ext, "bin"), "report-lint.exe");
    assert.equal(resolveServerPath({ ...base, env: {}, platform: "win32" }).path, win, "report-lint.exe on Windows");

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

test("a report is recognised by its title line", () => {
  const seed = fs.readFileSync(path.join(__dirname, "../../../fixtures/seeds/000_f866b5b8ecaa5ac0.txt"), "utf8");
  assert.equal(looksLikeReport(seed), true);
  assert.equal(looksLikeReport("\uFEFF\n\n某区2023年政府信息公开工作年度报告\n一、总体情况"), true);
  assert.equal(looksLikeReport("某市教育局2022年政府信息公開工作年度報告"), true, "traditional");
  assert.equal(looksLikeReport("会议记录\n一、总体情况\n二、主动公开政府信息情况"), false);
  assert.equal(looksLikeReport("x\n".repeat(25) + "某区2023年政府信息公开工作年度报告"), false, "only the first lines count");
  assert.equal(looksLikeReport("標題 | 某區2023年政府信息公開工作年度報(bào)告 |"), true, "pinyin debris");
  assert.ok(new RegExp(TITLE_PATTERN).test("国家统计局2024年政府信息公开工作年度报告"));
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "../package.json"), "utf8"));
  assert.equal(pkg.contributes.languages[0].firstLine, TITLE_PATTERN, "package.json has the same pattern");
  assert.equal(pkg.contributes.configurationDefaults["[gov-annual-report]"]["editor.wordWrap"], "on");
});

const r = (l1: number, c1: number, l2: number, c2: number) => ({
  start: { line: l1, character: c1 },
  end: { line: l2, character: c2 },
});

test("the edited cell of a balance finding gets a hint", () => {
  const uri = "file:///r.txt";
  const b001 = {
    range: r(20, 40, 20, 42),
    code: "B001",
    message: "行总计应为 4，实为 5",
    related: [
      { uri, range: r(20, 10, 20, 11), message: "自然人" },
      { uri, range: r(20, 14, 20, 15), message: "商业企业" },
    ],
  };
  const hints = relatedHints(uri, [b001], { line: 20, character: 14 });
  assert.equal(hints.length, 1);
  assert.deepEqual(hints[0].range, r(20, 14, 20, 15));
  assert.equal(hints[0].code, "B001");
  assert.deepEqual(hints[0].finding, b001.range);
  assert.match(hints[0].message, /商业企业.*行总计应为 4.*第 21 行/);
  assert.equal(relatedHints(uri, [b001], { line: 20, character: 41 }).length, 0, "not on the finding itself");
  assert.equal(relatedHints(uri, [b001], { line: 3, character: 0 }).length, 0, "an edit elsewhere");
  assert.equal(relatedHints(uri, [b001], undefined).length, 0, "no edit yet");
  assert.equal(relatedHints(uri, [{ ...b001, code: "N001" }], { line: 20, character: 14 }).length, 0, "balance findings only");
});

test("fix on save limited to rules takes their safe fixes without overlaps", () => {
  const uri = "file:///r.txt";
  const action = (code: string, range: ReturnType<typeof r>, preferred = true) => ({
    kind: "quickfix",
    isPreferred: preferred,
    diagnostics: [{ code }],
    edit: { changes: { [uri]: [{ range, newText: code }] } },
  });
  const actions = [
    action("N001", r(1, 0, 1, 2)),
    action("S004", r(2, 0, 2, 5)),
    action("N001", r(1, 1, 1, 3)),
    action("N001", r(5, 0, 5, 1), false),
    { kind: "quickfix", title: "disable", diagnostics: [{ code: "N001" }] },
  ];
  assert.deepEqual(selectFixEdits(uri, actions, ["N001"]), [{ range: r(1, 0, 1, 2), newText: "N001" }]);
  assert.deepEqual(selectFixEdits(uri, actions, ["s"]).map((e) => e.newText), ["S004"], "a prefix, any case");
  assert.deepEqual(selectFixEdits(uri, actions, ["N001", "S004"]).length, 2);
  assert.deepEqual(selectFixEdits(uri, actions, ["B"]), []);
});
