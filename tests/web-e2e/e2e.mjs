// The checker page in real Chromium, opened from file://: every request it
// makes is recorded and refused (none may leave the page); each kind of
// file is loaded and the findings shown are compared with the command
// line's JSON for the same file; fixes and Word comments are downloaded
// and compared with `report-lint fix` / checked; two years are compared;
// screenshots are taken. Prints "N passed, N failed"; exit 0 only if all passed.
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
  check("a rule's documentation opens", (await page.isVisible("#rule-doc")) && doc.includes("##"), doc.slice(0, 80));
  await page.keyboard.press("Escape");
  if (screenshots) await page.screenshot({ path: path.join(screenshots, "web-word.png") });

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
