// The checker page in real Chromium, opened from file://: every request it
// makes is recorded and refused (none may leave the page); each kind of
// file is loaded and the findings shown are compared with the command
// line's JSON for the same file; fixes and Word comments are downloaded
// and compared with `report-lint fix` / checked, one unsafe fix chosen on
// its own; a report-lint.toml is given to the page and its findings
// compared with `check --config`; two years are compared; the page's size
// and time to ready are held to a budget; screenshots are taken. Prints
// "N passed, N failed"; exit 0 only if all passed.
import { chromium } from "playwright-core";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith("--")) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
  }, []));
const { page: pagePath, binary, repo, work } = args;
const screenshots = args.screenshots || work;

let passed = 0, failed = 0;
function check(name, ok, detail) {
  if (ok) { passed++; console.log("ok   " + name); }
  else { failed++; console.log("FAIL " + name + (detail ? "\n     " + detail : "")); }
}

/** `report-lint check --format json` for a file, run in its folder so the path is its name. */
function cliFindings(file, extra = []) {
  const run = spawnSync(binary, ["check", "--no-cache", "--format", "json", ...extra, path.basename(file)],
    { cwd: path.dirname(file), encoding: "utf8" });
  if (run.status !== 0 && run.status !== 1) throw new Error("report-lint: " + run.stderr);
  return JSON.parse(run.stdout);
}

/** `text` with `edits` (ranges in 1-based lines and columns of Unicode
 *  scalar values, as `check --format json` gives them) applied. */
function applyJsonEdits(text, edits) {
  const lines = text.split("\n").map((l) => Array.from(l));
  const offset = ({ line, column }) =>
    lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  const chars = Array.from(text);
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    chars.splice(offset(e.range.start), offset(e.range.end) - offset(e.range.start), ...Array.from(e.replacement));
  }
  return chars.join("");
}

function summary(findings) {
  return findings.map((f) => [f.rule, f.severity, f.range.start.line, f.message].join(" | "));
}

const fixtures = [
  "fixtures/layouts/markdown-converter/defective-2021.md",
  "fixtures/layouts/cell-pipe/defective-2021.txt",
  "fixtures/docx/defective-2021.docx",
  "fixtures/html/report-2021.html",
  "fixtures/pdf/defective-2021.pdf",
  "fixtures/edge/tables-as-images.txt",
].map((f) => path.join(repo, f));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--font-render-hinting=none"],
});
const pageUrl = pathToFileURL(pagePath).href;
const requests = [];
try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 768 } });
  // Every request is recorded; anything but the page itself is refused.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    return url === pageUrl ? route.continue() : route.abort();
  });
  context.on("request", (request) => requests.push(request.url()));
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));

  const opened = Date.now();
  await page.goto(pageUrl);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30000 });
  const readyMs = await page.evaluate(() => performance.now());
  console.log(`info page ready after ${Math.round(readyMs)} ms (navigation + wasm instantiation; wall ${Date.now() - opened} ms)`);
  // The budgets: a page small enough to mail around, ready at once.
  const pageBytes = fs.statSync(pagePath).size;
  console.log(`info page size ${pageBytes} bytes (${(pageBytes / 1e6).toFixed(2)} MB)`);
  check("the page is under 3.5 MB", pageBytes <= 3.5e6, `${pageBytes} bytes`);
  check("the page is ready in under 1 s", readyMs < 1000, `${Math.round(readyMs)} ms`);

  const rules = JSON.parse(execFileSync(binary, ["rule", "--format", "json"], { encoding: "utf8" }));
  const ruleCount = Array.isArray(rules) ? rules.length : Object.keys(rules).length;
  check("every rule is registered in WebAssembly", Number(await page.getAttribute("body", "data-rules")) === ruleCount,
    `page ${await page.getAttribute("body", "data-rules")}, CLI ${ruleCount}`);

  // --- Each kind of file: the findings shown are the CLI's ---------------
  for (const file of fixtures) {
    const name = path.basename(file);
    await page.setInputFiles("#files-input", file);
    await page.waitForSelector(`#view article[data-path="${name}"]`, { timeout: 30000 });
    const shown = await page.$$eval("#view li.finding", (items) => items.map((li) => ({
      rule: li.dataset.rule, severity: li.dataset.severity,
      line: Number(li.querySelector("a.at").textContent.replace(/\D/g, "")),
      message: li.querySelector(".msg").textContent,
    })));
    const embedded = JSON.parse(await page.$eval("#view script.findings-json", (s) => s.textContent));
    const cli = cliFindings(file);
    const ms = await page.getAttribute("#view", "data-ms");
    console.log(`info ${name}: ${shown.length} findings, checked in ${ms} ms`);
    const shownText = shown.map((f) => [f.rule, f.severity, f.line, f.message].join(" | "));
    check(`${name}: findings shown equal the CLI's`, JSON.stringify(shownText) === JSON.stringify(summary(cli)),
      `page:\n${shownText.join("\n")}\ncli:\n${summary(cli).join("\n")}`);
    check(`${name}: the page's JSON equals check --format json`, JSON.stringify(embedded) === JSON.stringify(cli));
    const marks = await page.$$eval("#view mark.f", (m) => m.length);
    check(`${name}: findings are marked in the text`, cli.length === 0 || marks > 0);
    const checksLine = await page.$("#view .checks");
    check(`${name}: the 核对 line is shown`, checksLine !== null || cli.length === 0);
  }
  const statuses = await page.$$eval("#file-list li", (items) => items.map((li) => li.textContent));
  check("several files give a list with a status each", statuses.length === fixtures.length, statuses.join(" / "));

  // --- Filters ---------------------------------------------------------------
  await page.click('#file-list button[data-index="2"]');
  await page.uncheck('.sev-filter[value="error"]');
  const visibleErrors = await page.$$eval('#view li.finding[data-severity="error"]:not(.hidden)', (l) => l.length);
  check("the severity filter hides errors", visibleErrors === 0);
  await page.check('.sev-filter[value="error"]');
  const firstRule = await page.$eval("#view li.finding", (li) => li.dataset.rule);
  await page.selectOption("#rule-filter", firstRule);
  const otherRules = await page.$$eval("#view li.finding:not(.hidden)", (l) => l.filter((li) => li.dataset.rule !== li.ownerDocument.getElementById("rule-filter").value).length);
  check("the rule filter shows one rule", otherRules === 0);
  await page.selectOption("#rule-filter", "");

  // --- Rule documentation and a finding's place, by keyboard -----------------
  await page.focus("#view li.finding a.at");
  await page.keyboard.press("Enter");
  check("a finding's place is highlighted", (await page.$$("#view mark.current")).length > 0);
  await page.click("#view li.finding a.doc");
  const doc = await page.textContent("#rule-doc-text");
  const headings = await page.$$eval("#rule-doc-text h3", (h) => h.length);
  check("a rule's documentation opens, rendered: headings, no Markdown marks",
    (await page.isVisible("#rule-doc")) && headings > 0 && !doc.includes("##"), doc.slice(0, 80));
  // The README's picture: a Word draft with a rule's documentation open.
  if (screenshots) await page.screenshot({ path: path.join(screenshots, "web-word.png") });
  await page.keyboard.press("Escape");
  check("Escape closes the documentation", !(await page.isVisible("#rule-doc")));

  // --- Fixes: the downloaded file is `report-lint fix`'s ---------------------
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "web-e2e-fix-"));
  for (const [index, file] of [[1, fixtures[1]], [2, fixtures[2]]]) {
    const name = path.basename(file);
    await page.click(`#file-list button[data-index="${index}"]`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#fix-download")]);
    const got = path.join(tmp, "page-" + name);
    await download.saveAs(got);
    const copy = path.join(tmp, name);
    fs.copyFileSync(file, copy);
    spawnSync(binary, ["fix", "--no-cache", copy], { encoding: "utf8" });
    if (name.endsWith(".docx")) {
      const view = (f) => execFileSync(binary, ["view", "--plain", f], { encoding: "utf8" });
      check(`${name}: the fixed Word file reads as report-lint fix's`, view(got) === view(copy));
      check(`${name}: the fix changed something`, view(got) !== view(file));
    } else {
      check(`${name}: the fixed file is byte for byte report-lint fix's`, fs.readFileSync(got).equals(fs.readFileSync(copy)));
      check(`${name}: the fix changed something`, !fs.readFileSync(got).equals(fs.readFileSync(file)));
    }
  }
  // The annotated copy of a Word file has report-lint's comments.
  await page.click('#file-list button[data-index="2"]');
  const [annotated] = await Promise.all([page.waitForEvent("download"), page.click("#annotate-download")]);
  const annotatedPath = path.join(tmp, "annotated.docx");
  await annotated.saveAs(annotatedPath);
  const bytes = fs.readFileSync(annotatedPath);
  check("the annotated copy is a Word file named .批注.docx",
    bytes.subarray(0, 2).toString() === "PK" && annotated.suggestedFilename().endsWith(".批注.docx"),
    annotated.suggestedFilename());
  const cliAnnotated = path.join(tmp, "cli.docx");
  spawnSync(binary, ["annotate", fixtures[2], "-o", cliAnnotated], { encoding: "utf8", env: { ...process.env, SOURCE_DATE_EPOCH: "0" } });
  const comments = (f) => (execFileSync("unzip", ["-p", f, "word/comments.xml"], { encoding: "utf8" }).match(/<w:comment /g) || []).length;
  try {
    check("the annotated copy has one comment per finding, as report-lint annotate", comments(annotatedPath) === comments(cliAnnotated) && comments(cliAnnotated) > 0,
      `${comments(annotatedPath)} vs ${comments(cliAnnotated)}`);
  } catch (e) {
    check("the annotated copy has comments", false, e.message);
  }

  // --- One unsafe fix, chosen on its own --------------------------------------
  // Seed 004 has three unsafe fixes (H005: delete a line of website chrome)
  // and no safe one; the second is ticked. The file downloaded must be the
  // original with exactly that fix's edits, as report-lint's JSON gives
  // them, and report-lint must still find the other two.
  {
    const seed = path.join(repo, "fixtures/seeds/004_7595553dd3c74eb9.txt");
    const name = path.basename(seed);
    const cli = cliFindings(seed);
    const unsafe = cli.map((f, id) => ({ f, id })).filter(({ f }) => f.fixes.some((x) => x.applicability === "unsafe"));
    check(`${name}: three unsafe fixes, no safe one`, unsafe.length === 3 &&
      !cli.some((f) => f.fixes.some((x) => x.applicability === "safe")), `${unsafe.length}`);
    await page.setInputFiles("#files-input", seed);
    await page.waitForSelector(`#view article[data-path="${name}"]`);
    const offered = await page.$$eval("#unsafe-list input.unsafe-fix", (b) => b.map((x) => Number(x.value)));
    check(`${name}: each unsafe fix is offered`, JSON.stringify(offered) === JSON.stringify(unsafe.map((u) => u.id)),
      `${offered} vs ${unsafe.map((u) => u.id)}`);
    const pick = unsafe[1];
    // By keyboard: the list opens and the box is ticked with the space bar.
    await page.focus("#unsafe-title");
    await page.keyboard.press("Enter");
    await page.focus(`#unsafe-list input[value="${pick.id}"]`);
    await page.keyboard.press(" ");
    const ticked = await page.$$eval("#unsafe-list input:checked", (b) => b.length);
    check(`${name}: one unsafe fix ticked by keyboard`, ticked === 1, `${ticked}`);
    if (screenshots) await page.screenshot({ path: path.join(screenshots, "web-fixes.png") });
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#fix-download")]);
    const got = path.join(tmp, "page-chosen-" + name);
    await download.saveAs(got);
    const expected = applyJsonEdits(fs.readFileSync(seed, "utf8"), pick.f.fixes.find((x) => x.applicability === "unsafe").edits);
    check(`${name}: the file has exactly the chosen fix`, fs.readFileSync(got, "utf8") === expected);
    const left = cliFindings(got).filter((f) => f.fixes.some((x) => x.applicability === "unsafe")).map((f) => f.message);
    const others = unsafe.filter((u) => u !== pick).map((u) => u.f.message);
    check(`${name}: the two fixes not chosen are still to make`, JSON.stringify(left) === JSON.stringify(others),
      `${left.join(" / ")}`);
  }

  // --- Pasted text ----------------------------------------------------------
  const pasted = fs.readFileSync(fixtures[1], "utf8");
  await page.click(".paste summary");
  await page.fill("#paste-text", pasted);
  await page.click("#paste-check");
  await page.waitForSelector('#view article[data-path="粘贴的文字.txt"]');
  const pastedCount = await page.$$eval("#view li.finding", (l) => l.length);
  const stdin = spawnSync(binary, ["check", "--no-cache", "--format", "json", "-", "--stdin-filename", "粘贴的文字.txt"], { input: pasted, encoding: "utf8" });
  check("pasted text gives the CLI's findings", pastedCount === JSON.parse(stdin.stdout).length, `${pastedCount}`);

  // --- Two years side by side -------------------------------------------------
  const previous = path.join(repo, "fixtures/real/2023-平潭综合实验区-crawler.txt");
  const current = path.join(repo, "fixtures/real/2024-平潭综合实验区-crawler.txt");
  await page.setInputFiles("#previous-input", previous);
  await page.setInputFiles("#files-input", current);
  await page.waitForSelector("#cross article", { timeout: 30000 });
  const crossShown = await page.$$eval("#cross li.finding", (l) => l.map((li) => li.dataset.rule + " " + li.querySelector(".msg").textContent));
  const cliCross = cliFindings(current, ["--previous", previous]).filter((f) => f.rule.startsWith("Y"))
    .map((f) => f.rule + " " + f.message);
  check("cross-year findings equal check --previous", JSON.stringify(crossShown) === JSON.stringify(cliCross),
    `page ${crossShown.join(" / ")}; cli ${cliCross.join(" / ")}`);

  // --- Phone and print --------------------------------------------------------
  await page.click('#file-list button[data-index="0"]');
  
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check("no sideways scrolling on a phone", overflow <= 1, `${overflow}px wider`);
  if (screenshots) await page.screenshot({ path: path.join(screenshots, "web-phone.png") });
  // The unsafe fixes listed (seed 004, its list still open) fit too.
  await page.click('#file-list button[data-index="6"]');
  const listed = await page.isVisible("#unsafe-list input.unsafe-fix");
  const fixesOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check("no sideways scrolling on a phone with unsafe fixes listed", listed && fixesOverflow <= 1,
    `listed ${listed}, ${fixesOverflow}px wider`);
  await page.emulateMedia({ media: "print" });
  check("printing hides the controls", !(await page.isVisible("#tools")));
  await page.emulateMedia({ media: "screen" });

  check("no script error on the page", errors.length === 0, errors.join("\n"));
  await context.close();

  // --- Every fixture: the page's findings are the CLI's ------------------------
  // One file at a time in a fresh page, so the list does not grow; the
  // embedded JSON is compared, which holds every field of every finding.
  const everyContext = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await everyContext.route("**/*", (route) => {
    const url = route.request().url();
    return url === pageUrl ? route.continue() : route.abort();
  });
  everyContext.on("request", (request) => requests.push(request.url()));
  const everyPage = await everyContext.newPage();
  await everyPage.goto(pageUrl);
  await everyPage.waitForSelector("body[data-ready=true]", { timeout: 30000 });
  const all = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(txt|md|html|docx|pdf)$/.test(entry.name) && !/^(README|SOURCES)\.md$/.test(entry.name)) all.push(full);
    }
  };
  walk(path.join(repo, "fixtures"));
  all.sort();
  const differing = [];
  for (const [i, file] of all.entries()) {
    await everyPage.setInputFiles("#files-input", file);
    const name = path.basename(file).replace(/"/g, '\\"');
    await everyPage.waitForSelector(`#file-list li:nth-child(${i + 1})`, { timeout: 30000 });
    await everyPage.click(`#file-list button[data-index="${i}"]`);
    await everyPage.waitForSelector(`#view article[data-path="${name}"]`, { timeout: 30000 });
    const script = await everyPage.$("#view script.findings-json");
    const embedded = script ? JSON.parse(await script.textContent()) : null;
    if (JSON.stringify(embedded) !== JSON.stringify(cliFindings(file))) differing.push(path.relative(repo, file));
  }
  check(`every fixture (${all.length}): the page's findings equal check --format json`, differing.length === 0,
    differing.join("\n"));
  await everyContext.close();

  // --- A report-lint.toml: the page's findings are check --config's ----------
  // One declarative rule (part 六 must mention 信息处理费), an ignore and a
  // severity: on seed 002 the rule fires (its part 六 has no 信息处理费),
  // on cell-pipe/defective-2021.txt it is silent; each has a finding of
  // an ignored rule and a C001 raised to error. The
  // configuration survives a reload; a bad one is refused with its line
  // and the one in force stays; "恢复默认配置" goes back to the defaults.
  const configContext = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 768 } });
  await configContext.route("**/*", (route) => {
    const url = route.request().url();
    return url === pageUrl ? route.continue() : route.abort();
  });
  configContext.on("request", (request) => requests.push(request.url()));
  const configPage = await configContext.newPage();
  const configErrors = [];
  configPage.on("pageerror", (e) => configErrors.push(e.message));
  await configPage.goto(pageUrl);
  await configPage.waitForSelector("body[data-ready=true]", { timeout: 30000 });
  const configPath = path.join(work, "report-lint.toml");
  fs.writeFileSync(configPath, [
    "# 本省要求（端到端测试用）",
    'ignore = ["N001", "H005"]',
    "",
    "[severity]",
    'C001 = "error"',
    "",
    "[[rule]]",
    'code = "Z101"',
    'name = "fee-in-part-six"',
    'severity = "warning"',
    'message = "第六部分应写明信息处理费的收取情况"',
    'help = "按本省通知，第六部分须写明**信息处理费**的收取情况。<b>不是标记</b>"',
    'scope = "part 6"',
    'must-mention = "信息处理费"',
    "",
  ].join("\n"));
  const configured = [[path.join(repo, "fixtures/seeds/002_15591ca887b75754.txt"), true], [fixtures[1], false]];
  async function shownFindings(p, file) {
    const name = path.basename(file);
    await p.setInputFiles("#files-input", file);
    await p.waitForSelector(`#view article[data-path="${name}"]`, { timeout: 30000 });
    return JSON.parse(await p.$eval("#view script.findings-json", (s) => s.textContent));
  }
  async function compareConfigured(p, when) {
    for (const [file, fires] of configured) {
      const name = path.basename(file);
      const shown = await shownFindings(p, file);
      const cli = cliFindings(file, ["--config", configPath]);
      check(`${when}: ${name}: findings equal check --config`, JSON.stringify(shown) === JSON.stringify(cli),
        `page:\n${summary(shown).join("\n")}\ncli:\n${summary(cli).join("\n")}`);
      const plain = cliFindings(file);
      check(`${when}: ${name}: Z101 ${fires ? "fires" : "is silent"}; N001, H005 ignored; C001 an error`,
        shown.some((f) => f.rule === "Z101") === fires &&
        plain.some((f) => f.rule === "N001" || f.rule === "H005") &&
        !shown.some((f) => f.rule === "N001" || f.rule === "H005") &&
        shown.some((f) => f.rule === "C001") && shown.every((f) => f.rule !== "C001" || f.severity === "error"));
    }
  }
  await configPage.setInputFiles("#config-input", configPath);
  await configPage.waitForSelector('body[data-config="report-lint.toml"]');
  const active = await configPage.textContent("#config-name");
  check("the active configuration is shown", active.includes("report-lint.toml") && active.includes("Z101"), active);
  await compareConfigured(configPage, "with report-lint.toml");
  // Z101's documentation: its help rendered, its HTML shown as text.
  await configPage.click('#file-list button[data-index="0"]');
  await configPage.click('#view li.finding[data-rule="Z101"] a.doc');
  const z101Doc = await configPage.innerHTML("#rule-doc-text");
  check("a [[rule]]'s documentation is rendered and escaped",
    z101Doc.includes("<strong>信息处理费</strong>") && z101Doc.includes("&lt;b&gt;") && !z101Doc.includes("<b>"), z101Doc);
  // The page's top (the configuration in force) with Z101's documentation open.
  await configPage.evaluate(() => window.scrollTo(0, 0));
  if (screenshots) await configPage.screenshot({ path: path.join(screenshots, "web-config.png") });
  await configPage.keyboard.press("Escape");

  const badPath = path.join(work, "bad.toml");
  fs.writeFileSync(badPath, 'ignore = ["N001"]\n\n[severity]\nX999 = "error"\n');
  const before = await configPage.$eval("#view script.findings-json", (s) => s.textContent);
  await configPage.setInputFiles("#config-input", badPath);
  await configPage.waitForSelector("#config-error:not([hidden])");
  const bad = await configPage.textContent("#config-error");
  check("a bad configuration is refused with its line", bad.includes("bad.toml") && bad.includes("第 4 行") && bad.includes("X999"), bad);
  check("the configuration in force stays", (await configPage.getAttribute("body", "data-config")) === "report-lint.toml" &&
    before === await configPage.$eval("#view script.findings-json", (s) => s.textContent));

  await configPage.reload();
  await configPage.waitForSelector("body[data-ready=true]", { timeout: 30000 });
  check("the configuration survives a reload", (await configPage.getAttribute("body", "data-config")) === "report-lint.toml");
  await compareConfigured(configPage, "after a reload");

  await configPage.click("#config-reset");
  await configPage.waitForSelector('body[data-config=""]');
  const defaults = await shownFindings(configPage, fixtures[1]);
  check("恢复默认配置: findings equal check without a configuration",
    JSON.stringify(defaults) === JSON.stringify(cliFindings(fixtures[1])));
  await configPage.reload();
  await configPage.waitForSelector("body[data-ready=true]", { timeout: 30000 });
  check("the defaults survive a reload", (await configPage.getAttribute("body", "data-config")) === "");
  // A report-lint.toml among the reports chosen (or dropped) is taken as
  // the configuration, not checked as a report.
  await configPage.setInputFiles("#files-input", configPath);
  await configPage.waitForSelector('body[data-config="report-lint.toml"]');
  check("a .toml among the reports is the configuration", (await configPage.$$("#file-list li")).length === 0);
  await configPage.click("#config-reset");
  check("no script error on the page with a configuration", configErrors.length === 0, configErrors.join("\n"));
  await configContext.close();

  // --- A browser without DecompressionStream is told so -------------------------
  const oldContext = await browser.newContext();
  await oldContext.route("**/*", (route) => route.request().url() === pageUrl ? route.continue() : route.abort());
  await oldContext.addInitScript(() => { delete window.DecompressionStream; });
  const oldPage = await oldContext.newPage();
  await oldPage.goto(pageUrl);
  await oldPage.waitForFunction(() => document.getElementById("message").textContent !== "", null, { timeout: 30000 });
  const oldMessage = await oldPage.textContent("#message");
  check("a browser too old to unpack the engine gets a message", oldMessage.includes("浏览器版本过旧"), oldMessage);
  await oldContext.close();

  // --- check --format html, opened the same way --------------------------------
  const report = path.join(work, "报告.html");
  const run = spawnSync(binary, ["check", "--no-cache", "--format", "html", ...fixtures.slice(0, 4).map((f) => path.relative(repo, f))], { encoding: "utf8", cwd: repo, maxBuffer: 1 << 28 });
  fs.writeFileSync(report, run.stdout);
  const context2 = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const reportRequests = [];
  await context2.route("**/*", (route) => {
    const url = route.request().url();
    if (url !== pathToFileURL(report).href) reportRequests.push(url);
    return url === pathToFileURL(report).href ? route.continue() : route.abort();
  });
  const page2 = await context2.newPage();
  await page2.goto(pathToFileURL(report).href);
  const rows = await page2.$$eval(".index tbody tr", (r) => r.length);
  check("check --format html: an index row per file", rows === 4, `${rows}; stderr ${run.stderr}`);
  if (screenshots) await page2.screenshot({ path: path.join(screenshots, "html-report.png") });
  check("check --format html makes no request", reportRequests.length === 0, reportRequests.join(" "));
  await context2.close();
} catch (e) {
  check("the test ran to the end", false, e.stack);
} finally {
  await browser.close();
}

const outside = requests.filter((url) => url !== pageUrl && !url.startsWith("blob:") && !url.startsWith("data:"));
check("the page made no network request", outside.length === 0, outside.join("\n"));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
