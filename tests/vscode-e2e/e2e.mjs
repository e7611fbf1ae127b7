// End-to-end test of the report-lint VS Code extension in a real VS Code
// (code-server), driven through Debian's headless Chromium with playwright-core.
//
// Usage (run.sh prepares everything):
//   node e2e.mjs --code-server PATH --binary PATH --vsix PATH --work DIR [--screenshots DIR]
//
// Opens a copy of seed 000, waits for the N001 diagnostic in the Problems
// panel, takes the README's screenshots (squiggle.png, hover.png, quickfix.png
// into --screenshots, default WORK/screenshots), applies the
// quick-fix and checks that N001 disappears and the saved file says "2.";
// then a rule written in a workspace report-lint.toml (Z601, from an
// included rule file) shows in Problems.
// Prints one line per check and closes with "N passed, N failed".

import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const { values: opts } = parseArgs({
  options: {
    "code-server": { type: "string" },
    binary: { type: "string" },
    vsix: { type: "string" },
    work: { type: "string" },
    screenshots: { type: "string" },
    chromium: { type: "string", default: "/usr/bin/chromium" },
    // The .vsix bundles report-lint (a per-platform package): no
    // reportLint.path, and report-lint is not on PATH.
    bundled: { type: "boolean", default: false },
  },
});
for (const key of ["code-server", "binary", "vsix", "work"]) {
  if (!opts[key]) {
    console.error(`missing --${key}`);
    process.exit(2);
  }
}

const FIXTURE = path.resolve(import.meta.dirname, "../../fixtures/seeds/000_f866b5b8ecaa5ac0.txt");
const REPORT_NAME = "report-000.txt";
const STEP_TIMEOUT = 60_000;

const work = path.resolve(opts.work);
const screenshots = path.resolve(opts.screenshots ?? path.join(work, "screenshots"));

let passed = 0;
let failed = 0;
class Abort extends Error {}

function check(name, ok, detail) {
  if (ok) {
    passed += 1;
    console.log(`ok - ${name}`);
  } else {
    failed += 1;
    console.log(`FAIL - ${name}${detail ? `: ${detail}` : ""}`);
  }
  return ok;
}

function requireCheck(name, ok, detail) {
  if (!check(name, ok, detail)) {
    throw new Abort(name);
  }
}

// Runs `fn` (an async predicate or locator wait) and records the outcome.
async function step(name, fn, { required = true } = {}) {
  const started = Date.now();
  try {
    const detail = await fn();
    check(`${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`, true);
    return detail;
  } catch (error) {
    const message = String(error?.message ?? error).split("\n")[0];
    check(name, false, message);
    if (required) {
      throw new Abort(name);
    }
    return undefined;
  }
}

// The 1-based line of the second "1." sub-row under （六）其他處理 in table 三.
function secondNumberedOne(text) {
  const lines = text.split("\n");
  let inOther = false;
  let seen = 0;
  for (const [i, line] of lines.entries()) {
    if ((line.includes("其他處理") || line.includes("其他处理")) && line.includes("六")) {
      inOther = true;
      seen = 0;
    } else if (inOther && line.includes("七") && (line.includes("總計") || line.includes("总计"))) {
      inOther = false;
    } else if (inOther && line.startsWith("1.")) {
      seen += 1;
      if (seen === 2) {
        return { line: i + 1, text: line };
      }
    }
  }
  return undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Every descendant of `pid`, deepest first, read from /proc.
function descendants(pid) {
  const children = new Map();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // The process exited while we were looking.
    }
  }
  const result = [];
  const visit = (p) => {
    for (const child of children.get(p) ?? []) {
      visit(child);
      result.push(child);
    }
  };
  visit(pid);
  return result;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Stops code-server and everything it started (extension host, language
// server) by PID: TERM first, KILL whatever is left after a grace period.
async function killTree(pid) {
  const pids = [...descendants(pid), pid];
  for (const p of pids) {
    try {
      process.kill(p, "SIGTERM");
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && pids.some(alive)) {
    await sleep(100);
  }
  const left = [...new Set([...pids, ...descendants(pid)])].filter(alive);
  for (const p of left) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  return left.length;
}

async function waitForHttp(url, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`code-server exited with ${child.exitCode}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms`);
}

function markerRows(page) {
  return page.locator(".markers-panel .monaco-list-row");
}

async function waitUntil(predicate, what, timeoutMs = STEP_TIMEOUT) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await sleep(200);
  }
  throw new Error(`${what} after ${timeoutMs} ms`);
}

// Runs a command by its title from the command palette.
async function runCommand(page, title) {
  await page.keyboard.press("Control+Shift+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ timeout: STEP_TIMEOUT });
  await input.fill(`>${title}`);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor({ timeout: STEP_TIMEOUT });
  await page.keyboard.press("Enter");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: STEP_TIMEOUT });
}

// How many times the extension started the server, from its log channel.
function serverStarts(userData) {
  let count = 0;
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name === "report-lint.log") {
        count += fs.readFileSync(full, "utf8").split("\n").filter((l) => l.includes("[client] starting")).length;
      }
    }
  };
  visit(path.join(userData, "logs"));
  return count;
}

async function markersText(page) {
  return (await page.locator(".markers-panel").allInnerTexts()).join("\n");
}

// Settings of the code-server instance. reportLint.path is machine-scoped: a
// remote window such as code-server's reads it from the remote ("Machine")
// settings and ignores it in User settings. code-server reads User and Machine
// settings once at start; changes while it runs go to the workspace folder's
// .vscode/settings.json, which it watches (as a user editing them would).
class Settings {
  constructor(userData, workspace, binary) {
    this.userFile = path.join(userData, "User", "settings.json");
    this.machineFile = path.join(userData, "Machine", "settings.json");
    this.workspaceFile = path.join(workspace, ".vscode", "settings.json");
    this.workspace = {};
    this.user = {
      "security.workspace.trust.enabled": false,
      "workbench.startupEditor": "none",
      "update.mode": "none",
      "telemetry.telemetryLevel": "off",
      "workbench.tips.enabled": false,
      "workbench.enableExperiments": false,
      "workbench.secondarySideBar.defaultVisibility": "hidden",
      "extensions.ignoreRecommendations": true,
      "extensions.autoCheckUpdates": false,
      "extensions.autoUpdate": false,
      "chat.disableAIFeatures": true,
      "editor.minimap.enabled": false,
      "editor.stickyScroll.enabled": false,
      "editor.hover.delay": 150,
      "files.autoSave": "off",
      "window.restoreWindows": "none",
    };
    this.machine = opts.bundled ? {} : { "reportLint.path": binary };
  }

  write() {
    fs.writeFileSync(this.userFile, JSON.stringify(this.user, null, 2));
    fs.writeFileSync(this.machineFile, JSON.stringify(this.machine, null, 2));
  }

  setWorkspace(key, value) {
    if (value === undefined) {
      delete this.workspace[key];
    } else {
      this.workspace[key] = value;
    }
    if (Object.keys(this.workspace).length === 0) {
      // Leave no .vscode folder behind in the explorer (and the screenshots).
      fs.rmSync(path.dirname(this.workspaceFile), { recursive: true, force: true });
      return;
    }
    fs.mkdirSync(path.dirname(this.workspaceFile), { recursive: true });
    fs.writeFileSync(this.workspaceFile, JSON.stringify(this.workspace, null, 2));
  }
}

async function main() {
  const codeServer = path.resolve(opts["code-server"]);
  const binary = path.resolve(opts.binary);
  const vsix = path.resolve(opts.vsix);
  const userData = path.join(work, "user-data");
  const extensions = path.join(work, "extensions");
  const workspace = path.join(work, "workspace");
  const home = path.join(work, "home");
  for (const dir of [userData, extensions, workspace, home, screenshots, path.join(userData, "User"), path.join(userData, "Machine")]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  const reportPath = path.join(workspace, REPORT_NAME);
  fs.copyFileSync(FIXTURE, reportPath);
  const target = secondNumberedOne(fs.readFileSync(reportPath, "utf8"));
  requireCheck('fixture has a second "1." under （六）', target !== undefined);

  const settings = new Settings(userData, workspace, binary);
  settings.write();
  const configFile = path.join(work, "code-server.yaml");
  fs.writeFileSync(configFile, "auth: none\ncert: false\n");

  const env = {
    ...process.env,
    // With --bundled, nothing on PATH may answer to report-lint.
    PATH: opts.bundled
      ? (process.env.PATH ?? "").split(path.delimiter).filter((dir) => !fs.existsSync(path.join(dir, "report-lint"))).join(path.delimiter)
      : process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, ".config"),
    XDG_DATA_HOME: path.join(home, ".local/share"),
    XDG_CACHE_HOME: path.join(home, ".cache"),
  };
  const common = ["--config", configFile, "--user-data-dir", userData, "--extensions-dir", extensions];

  await step("extension installs from the .vsix", async () => {
    const result = spawnSync(codeServer, [...common, "--install-extension", vsix, "--force"], {
      env,
      encoding: "utf8",
      timeout: 120_000,
    });
    if (result.status !== 0) {
      throw new Error(`status ${result.status}: ${result.stderr || result.stdout}`);
    }
    const list = spawnSync(codeServer, [...common, "--list-extensions"], { env, encoding: "utf8" });
    if (!list.stdout.includes("report-lint.report-lint")) {
      throw new Error(`not listed: ${list.stdout}`);
    }
  });

  const port = await freePort();
  const log = fs.openSync(path.join(work, "code-server.log"), "w");
  const server = spawn(
    codeServer,
    [
      ...common,
      "--bind-addr",
      `127.0.0.1:${port}`,
      "--auth",
      "none",
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      "--ignore-last-opened",
      workspace,
    ],
    { env, stdio: ["ignore", log, log] },
  );
  let browser;
  try {
    const base = `http://127.0.0.1:${port}`;
    await step("code-server answers on 127.0.0.1", () => waitForHttp(`${base}/healthz`, STEP_TIMEOUT, server));

    browser = await chromium.launch({
      executablePath: opts.chromium,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, locale: "zh-CN" });
    try {
      await run(page, base, workspace, reportPath, target, settings, userData, extensions);
    } catch (error) {
      await page.screenshot({ path: path.join(work, "failure.png") }).catch(() => {});
      console.log(`# failure screenshot: ${path.join(work, "failure.png")}`);
      throw error;
    }
  } finally {
    if (browser) {
      await browser.close().catch(() => {});
    }
    const forced = await killTree(server.pid);
    check("code-server and its children stopped", !alive(server.pid), `${forced} needed SIGKILL`);
  }
}

// The extension's output channel, as written to its log file.
function extensionLog(userData) {
  let text = "";
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name === "report-lint.log") text += fs.readFileSync(full, "utf8");
    }
  };
  visit(path.join(userData, "logs"));
  return text;
}

function statusItem(page, text) {
  return page.locator(".part.statusbar .statusbar-item", { hasText: text }).first();
}

async function run(page, base, workspace, reportPath, target, settings, userData, extensions) {
  await step("workbench loads", async () => {
    await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: STEP_TIMEOUT });
    // The explorer lists the file once the remote file system is ready.
    await page
      .locator(`.explorer-folders-view .monaco-list-row[aria-label*="${REPORT_NAME}"], .explorer-folders-view :text("${REPORT_NAME}")`)
      .first()
      .waitFor({ timeout: STEP_TIMEOUT });
  });

  await step("file opens with Ctrl+P", async () => {
    await page.locator(".monaco-workbench").click({ position: { x: 700, y: 400 } }).catch(() => {});
    await page.keyboard.press("Control+P");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ timeout: STEP_TIMEOUT });
    await input.fill(REPORT_NAME);
    await page.locator(".quick-input-list .monaco-list-row", { hasText: REPORT_NAME }).first().waitFor({ timeout: STEP_TIMEOUT });
    await page.keyboard.press("Enter");
    await page.locator(`.tabs-container .tab[aria-label*="${REPORT_NAME}"]`).waitFor({ timeout: STEP_TIMEOUT });
    await page.locator(".editor-instance .monaco-editor .view-lines").waitFor({ timeout: STEP_TIMEOUT });
  });

  await step("Problems panel opens with Ctrl+Shift+M", async () => {
    await page.keyboard.press("Control+Shift+M");
    await page.locator(".markers-panel").waitFor({ timeout: STEP_TIMEOUT });
  });

  const n001Row = markerRows(page).filter({ hasText: "N001" }).first();
  await step("Problems lists an N001 entry", () => n001Row.waitFor({ timeout: STEP_TIMEOUT }));

  await step("the status item says the file is a report, with its counts", async () => {
    const item = statusItem(page, "年报：");
    await item.waitFor({ timeout: STEP_TIMEOUT });
    const text = await item.innerText();
    if (!/年报：[1-9]\d* 错误 \d+ 警告 \d+ 提示/.test(text)) throw new Error(`status item: ${text}`);
  });
  await step("the report gets its own language (word wrap on)", () =>
    statusItem(page, "政府信息公开年报").waitFor({ timeout: STEP_TIMEOUT }),
  );
  await step("the output channel logs the server version, the binary path and the configuration", async () => {
    await waitUntil(() => /server version: report-lint \d+\.\d+\.\d+ \(commit /.test(extensionLog(userData)), "no server version in the log");
    const log = extensionLog(userData);
    if (!log.includes("规则包：")) throw new Error("no rule packs in the log");
    if (!log.includes("configuration: {")) throw new Error("no configuration in the log");
    const binaryLine = log.split("\n").find((l) => l.includes("server binary: ")) ?? "";
    if (opts.bundled && !(binaryLine.includes(extensions) && binaryLine.includes("found in the extension"))) {
      throw new Error(`not the bundled binary: ${binaryLine}`);
    }
  });
  await step("clicking the status item opens the output channel", async () => {
    await statusItem(page, "年报：").click();
    await page.locator(".part.panel .monaco-editor .view-lines", { hasText: "server binary:" }).first().waitFor({ timeout: STEP_TIMEOUT });
    // Back to Problems for the rest of the test.
    await page.keyboard.press("Control+Shift+M");
    await page.locator(".markers-panel").waitFor({ timeout: STEP_TIMEOUT });
  });
  const rowText = await n001Row.innerText();
  check(`N001 entry points at line ${target.line}`, rowText.includes(`Ln ${target.line}`) || rowText.includes(`${target.line}`), rowText.replace(/\n/g, " | "));
  check("N001 entry has a Chinese message", /[\u4e00-\u9fff]/.test(rowText), rowText);
  const n001Count = await markerRows(page).filter({ hasText: "N001" }).count();
  check("exactly one N001 entry", n001Count === 1, `${n001Count} entries`);

  // Put the cursor on the diagnostic: Go to Line in the editor.
  await step("cursor moves to the diagnostic", async () => {
    await page.locator(".editor-instance .monaco-editor .view-lines").click();
    await page.keyboard.press("Control+G");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ timeout: STEP_TIMEOUT });
    await input.fill(`:${target.line}:1`);
    await page.keyboard.press("Enter");
    await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: STEP_TIMEOUT });
  });

  const squiggle = page.locator(
    ".editor-instance .monaco-editor .view-overlays .squiggly-error, " +
      ".editor-instance .monaco-editor .view-overlays .squiggly-warning, " +
      ".editor-instance .monaco-editor .view-overlays .squiggly-info",
  );
  await step("a squiggle is drawn in the editor", () => squiggle.first().waitFor({ timeout: STEP_TIMEOUT }));
  await sleep(300);
  await page.screenshot({ path: path.join(screenshots, "squiggle.png") });

  // Pick the squiggle on the target line: the one whose box is on the cursor's row.
  const cursorBox = await page.locator(".editor-instance .monaco-editor .cursor").first().boundingBox();
  let hoverBox;
  for (const candidate of await squiggle.all()) {
    const box = await candidate.boundingBox();
    if (box && cursorBox && Math.abs(box.y + box.height / 2 - (cursorBox.y + cursorBox.height / 2)) < cursorBox.height) {
      hoverBox = box;
      break;
    }
  }
  requireCheck("the squiggle is on the diagnostic's line", hoverBox !== undefined);
  await step("hover shows the diagnostic", async () => {
    await page.mouse.move(hoverBox.x + hoverBox.width / 2, hoverBox.y + 2);
    await page.mouse.move(hoverBox.x + hoverBox.width / 2 + 1, hoverBox.y + hoverBox.height / 2);
    await page.locator(".monaco-hover:visible", { hasText: "N001" }).first().waitFor({ timeout: STEP_TIMEOUT });
  });
  await sleep(300);
  await page.screenshot({ path: path.join(screenshots, "hover.png") });
  await page.keyboard.press("Escape");
  await page.mouse.move(5, 400);

  // reportLint.severityThreshold = error hides the warnings (the client
  // filters in its diagnostics middleware) and keeps the N001 error.
  const warnings = () => markerRows(page).filter({ has: page.locator(".codicon-warning") });
  const errors = () => markerRows(page).filter({ has: page.locator(".codicon-error") });
  const warningCount = await warnings().count();
  if (warningCount === 0) {
    console.log("# skip severity threshold: the report has no warning-level findings");
  } else {
    await step(`severityThreshold "error" hides the ${warningCount} warnings`, async () => {
      settings.setWorkspace("reportLint.severityThreshold", "error");
      await waitUntil(async () => (await warnings().count()) === 0 && (await n001Row.count()) === 1, "warnings still listed");
      if ((await errors().count()) === 0) throw new Error("errors were hidden too");
    });
    await step("default severityThreshold shows them again", async () => {
      settings.setWorkspace("reportLint.severityThreshold", undefined);
      await waitUntil(async () => (await warnings().count()) === warningCount && (await n001Row.count()) === 1, "warnings not back");
    });
  }

  await step("command \"report-lint: 重启语言服务器\" restarts and re-lints", async () => {
    const before = serverStarts(userData);
    await runCommand(page, "report-lint: 重启语言服务器");
    await waitUntil(() => serverStarts(userData) > before, "no new server start in the extension log");
    await n001Row.waitFor({ timeout: STEP_TIMEOUT });
  });

  await step("quick-fix menu offers the N001 fix (Ctrl+.)", async () => {
    // Back to the diagnostic, with the focus in the editor (Go to Line).
    await page.keyboard.press("Control+G");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ timeout: STEP_TIMEOUT });
    await input.fill(`:${target.line}:1`);
    await page.keyboard.press("Enter");
    await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: STEP_TIMEOUT });
    await page.keyboard.press("Control+.");
    await page.locator(".action-widget .monaco-list-row", { hasText: "2" }).first().waitFor({ timeout: STEP_TIMEOUT });
  });
  const fixRow = page.locator(".action-widget .monaco-list-row.action", { hasText: "2" }).first();
  await sleep(200);
  await page.screenshot({ path: path.join(screenshots, "quickfix.png") });
  await step("quick-fix applies", async () => {
    await fixRow.click();
    await fixRow.waitFor({ state: "hidden", timeout: STEP_TIMEOUT });
  });

  await step("N001 disappears from Problems", () =>
    page.waitForFunction(
      () => {
        const panel = document.querySelector(".markers-panel");
        return panel !== null && !panel.innerText.includes("N001");
      },
      undefined,
      { timeout: STEP_TIMEOUT, polling: 200 },
    ),
  );

  await step("saved file has \"2.\" on the fixed line", async () => {
    // Focus is back in the editor after the quick-fix menu closes.
    await page.keyboard.press("Control+S");
    const deadline = Date.now() + STEP_TIMEOUT;
    let line = "";
    while (Date.now() < deadline) {
      line = fs.readFileSync(reportPath, "utf8").split("\n")[target.line - 1];
      if (line === `2${target.text.slice(1)}`) {
        return;
      }
      await sleep(200);
    }
    throw new Error(`line ${target.line} is ${JSON.stringify(line)}`);
  });
  await page.screenshot({ path: path.join(work, "fixed.png") });
  const remaining = await markersText(page);
  console.log(`# Problems after the fix: ${remaining.replace(/\s+/g, " ").slice(0, 300)}`);

  await step("undo brings N001 back", async () => {
    await page.keyboard.press("Control+Z");
    await n001Row.waitFor({ timeout: STEP_TIMEOUT });
  });

  await step("command \"report-lint: 修复本文件全部可安全修复的问题\" fixes N001", async () => {
    await runCommand(page, "report-lint: 修复本文件全部可安全修复的问题");
    await n001Row.waitFor({ state: "detached", timeout: STEP_TIMEOUT });
    await page.keyboard.press("Control+S");
    await waitUntil(
      () => fs.readFileSync(reportPath, "utf8").split("\n")[target.line - 1] === `2${target.text.slice(1)}`,
      "file not fixed on disk",
    );
  });

  await declarativeRule(page, workspace, reportPath);

  await untitled(page);

  await step("a missing binary gives a Chinese error with a settings button", async () => {
    settings.setWorkspace("reportLint.path", path.join(path.dirname(reportPath), "no-such-report-lint"));
    const toast = page.locator(".notifications-toasts .notification-list-item", { hasText: "未找到 report-lint 可执行文件" });
    await toast.first().waitFor({ timeout: STEP_TIMEOUT });
    await toast.first().getByRole("button", { name: "打开设置" }).click();
    // Machine-scoped: in code-server's remote window it is on the Remote tab.
    await page
      .locator(".settings-editor .setting-item-contents", { hasText: /Report Lint:\s*Path/ })
      .first()
      .waitFor({ timeout: STEP_TIMEOUT });
  });
  const toasts = await page.locator(".notifications-toasts .notification-list-item", { hasText: "未找到 report-lint" }).count();
  check("the missing binary is reported once, not in a loop", toasts <= 1, `${toasts} notifications`);
}

// A rule written in configuration, not in Rust: the workspace gets a
// report-lint.toml that includes the example rule file rules/provincial.toml
// (as rules/本省规则.toml); its Z601 (part 六 says nothing of 工作要点) shows
// up in Problems for the open report, on the part's heading, without a
// restart. Editing the included file alone takes effect too (the server
// watches every .toml). The files are removed afterwards.
async function declarativeRule(page, workspace, reportPath) {
  const rulesDir = path.join(workspace, "rules");
  const ruleFile = path.join(rulesDir, "本省规则.toml");
  const config = path.join(workspace, "report-lint.toml");
  const heading = fs.readFileSync(reportPath, "utf8").split("\n").findIndex((l) => l.trim().startsWith("六、")) + 1;
  requireCheck("the report has a part 六 heading", heading > 0);
  const z601 = markerRows(page).filter({ hasText: "Z601" }).first();
  await step("no Z601 before the workspace has a report-lint.toml", async () => {
    if ((await z601.count()) !== 0) throw new Error("Z601 listed already");
  });
  await step("a rule from the workspace's report-lint.toml (an included rule file) shows in Problems", async () => {
    fs.mkdirSync(rulesDir, { recursive: true });
    fs.copyFileSync(path.resolve(import.meta.dirname, "../../rules/provincial.toml"), ruleFile);
    fs.writeFileSync(config, 'include = ["rules/本省规则.toml"]\n');
    await z601.waitFor({ timeout: STEP_TIMEOUT });
  });
  const rowText = await z601.innerText();
  check("the Z601 entry has the rule's message", rowText.includes("第六部分应报告落实上级年度政务公开工作要点情况"), rowText.replace(/\n/g, " | "));
  check(`the Z601 entry points at the part 六 heading (line ${heading})`, rowText.includes(`Ln ${heading}`) || rowText.includes(`[${heading},`) || rowText.includes(`(${heading},`), rowText.replace(/\n/g, " | "));
  await step("editing only the included rule file takes effect (Z601 goes)", async () => {
    // Part 六's heading itself says 六: the rule is satisfied.
    const text = fs.readFileSync(ruleFile, "utf8");
    fs.writeFileSync(ruleFile, text.replace('must-mention = "工作要点"', 'must-mention = "六"'));
    await z601.waitFor({ state: "detached", timeout: STEP_TIMEOUT });
  });
  fs.rmSync(config, { force: true });
  fs.rmSync(rulesDir, { recursive: true, force: true });
}

// Ctrl+N: an untitled document is not checked while it does not look like a
// report (and the status item says why), and is checked once a report is
// pasted into it.
async function untitled(page) {
  await step("Ctrl+N opens an untitled document", async () => {
    await page.keyboard.press("Control+N");
    await page.locator('.tabs-container .tab[aria-label*="Untitled-1"]').waitFor({ timeout: STEP_TIMEOUT });
    await page.locator(".editor-instance .monaco-editor .view-lines").first().click();
  });
  await step("an untitled note: the status item says it is not a report and why", async () => {
    await page.keyboard.insertText("会议记录\n一、总体情况\n略。\n");
    const item = statusItem(page, "不是年报");
    await item.waitFor({ timeout: STEP_TIMEOUT });
    // Its accessible label carries the reason (the tooltip says the same).
    await waitUntil(async () => {
      const labels = await page.locator(".part.statusbar [aria-label*='不是年报']").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
      return labels.some((l) => l.includes("标题") && l.includes("找到 1 个"));
    }, "no reason in the status item");
  });
  await step("a report pasted into it is checked (N001 in Problems, the status counts it)", async () => {
    await page.locator(".editor-instance .monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText(fs.readFileSync(FIXTURE, "utf8"));
    await markerRows(page).filter({ hasText: "N001" }).first().waitFor({ timeout: STEP_TIMEOUT });
    await statusItem(page, "年报：").waitFor({ timeout: STEP_TIMEOUT });
    // VS Code names an untitled document's group in Problems by its first
    // line; report-000.txt has no N001 any more (fixed above).
    const firstLine = fs.readFileSync(FIXTURE, "utf8").split("\n")[0].trim().slice(0, 8);
    const rows = await markersText(page);
    if (!rows.includes(firstLine)) throw new Error(`no group for the untitled document: ${rows.slice(0, 200)}`);
    const tab = await page.locator(".tabs-container .tab.active").getAttribute("aria-label");
    if (!tab?.includes("Untitled-1")) throw new Error(`the active tab is ${tab}`);
  });
  // Leave it without saving.
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.press("Control+W");
  await page.locator(".monaco-dialog-box button, .dialog-buttons button", { hasText: /不保存|Don't Save/ }).first().click({ timeout: 5000 }).catch(() => {});
}

const started = Date.now();
try {
  await main();
} catch (error) {
  if (!(error instanceof Abort)) {
    check("test script runs without error", false, error?.stack ?? String(error));
  }
}
console.log(`# total ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${screenshots}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
