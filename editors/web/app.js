// The checker page: files dropped, chosen or pasted are checked by the
// engine compiled to WebAssembly (report-lint-wasm), inlined in this page
// gzipped and as base64, so the page works from file:// and never makes a
// request. The report with its findings is report-lint-html's article, the
// same as `report-lint check --format html` writes; this script adds the
// file list, filters, fixes, downloads, rule documentation and the
// configuration (a report-lint.toml, kept in this browser) around it.
"use strict";
(async function () {
  const $ = (id) => document.getElementById(id);
  const state = { files: [], current: -1, previous: null, rules: new Map(), config: { name: "", text: "" } };

  // --- The engine -------------------------------------------------------

  // The wasm, inflated by the browser: base64 → gzip → bytes, compiled off
  // the main thread.
  async function compileWasm() {
    const text = $("wasm-gzip").textContent.trim();
    let gz;
    if (Uint8Array.fromBase64) {
      gz = Uint8Array.fromBase64(text);
    } else {
      const raw = atob(text);
      gz = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) gz[i] = raw.charCodeAt(i);
    }
    const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream("gzip"));
    return WebAssembly.compile(await new Response(stream).arrayBuffer());
  }
  let module;
  try {
    module = await compileWasm();
  } catch (e) {
    // A browser without DecompressionStream (before Chrome 80, Firefox 113,
    // Safari 16.4) cannot unpack the engine: say so rather than stay silent.
    say("无法启动检查：浏览器版本过旧（需要 Chrome 或 Edge 80、Firefox 113、Safari 16.4 及以上版本）。" + e.message, true);
    return;
  }
  let engine = null;
  function start() {
    wasm_bindgen.initSync({ module });
    engine = wasm_bindgen;
  }
  start();

  // A panic in WebAssembly ends the call and may leave the instance
  // broken: say what happened and start a fresh one.
  function call(work) {
    try {
      return work(engine);
    } catch (e) {
      // An error the engine returned (a Chinese message): the instance is fine.
      if (typeof e === "string") throw new Error(e);
      let detail = "";
      try { detail = engine.last_panic(); } catch (_) { /* the instance is gone */ }
      try { start(); } catch (_) { /* keep the message below */ }
      throw new Error("内部错误：检查时程序出错（" + (detail || e.message) + "），请连同该文件报告此问题");
    }
  }

  function loadRules() {
    state.rules.clear();
    for (const rule of JSON.parse(call((e) => e.rules(state.config.text)))) state.rules.set(rule.code, rule);
  }

  // --- The configuration --------------------------------------------------
  // A report-lint.toml applies to every file checked here, as `--config`
  // does; it is kept in this browser's localStorage (nothing is sent) so
  // that it is still in force after the page is reopened.

  const CONFIG_KEY = "report-lint.config";

  function showConfig(summary) {
    const { name } = state.config;
    $("config-name").textContent = name ? "当前配置：" + name + "（" + summary + "）" : "当前使用默认配置。";
    $("config-reset").hidden = !name;
    document.body.dataset.config = name;
  }

  // Makes `text` the configuration, or says what is wrong with it and
  // keeps the one in force. Returns whether it was taken.
  function setConfig(name, text) {
    const answer = call((e) => JSON.parse(e.config(text)));
    if (answer.error) {
      $("config-error").textContent = "配置文件 " + name + " 有错，未使用（仍使用" +
        (state.config.name ? "配置 " + state.config.name : "默认配置") + "）：" + answer.error;
      $("config-error").hidden = false;
      return false;
    }
    $("config-error").hidden = true;
    state.config = { name, text };
    try {
      if (name) localStorage.setItem(CONFIG_KEY, JSON.stringify(state.config));
      else localStorage.removeItem(CONFIG_KEY);
    } catch (_) { /* storage off: the configuration lasts until the page closes */ }
    loadRules();
    showConfig(answer.summary);
    recheckAll();
    return true;
  }

  function restoreConfig() {
    let saved = null;
    try { saved = JSON.parse(localStorage.getItem(CONFIG_KEY) || "null"); } catch (_) { /* none */ }
    if (saved && typeof saved.name === "string" && typeof saved.text === "string" && saved.name) {
      // A saved file that no longer reads (a newer page's rules) is dropped with a message.
      if (!setConfig(saved.name, saved.text)) {
        try { localStorage.removeItem(CONFIG_KEY); } catch (_) { /* none */ }
      }
    }
  }

  async function chooseConfig(file) {
    setConfig(file.name, await file.text());
  }

  // Every file again with the configuration now in force.
  function recheckAll() {
    for (const file of state.files) {
      try { file.result = checkBytes(file.name, file.bytes); } catch (e) { file.result = { name: file.name, error: e.message }; }
    }
    if (state.files.length) {
      renderList();
      select(state.current >= 0 ? state.current : 0);
    }
  }

  loadRules();
  document.body.dataset.rules = String(state.rules.size);

  // --- Reading files ----------------------------------------------------

  function say(text, isError) {
    $("message").textContent = text;
    $("message").className = isError ? "error" : "";
  }

  function readBytes(file) {
    return file.arrayBuffer().then((b) => new Uint8Array(b));
  }

  function checkBytes(name, bytes) {
    const started = performance.now();
    const result = call((e) => JSON.parse(e.check(name, bytes, state.config.text)));
    result.ms = performance.now() - started;
    return result;
  }

  async function addFiles(list) {
    // A report-lint.toml among the files is the configuration, not a report.
    const all = Array.from(list);
    const configs = all.filter((f) => /\.toml$/i.test(f.name));
    if (configs.length) await chooseConfig(configs[configs.length - 1]);
    const files = all.filter((f) => !/\.toml$/i.test(f.name));
    if (files.length === 0) return;
    say("正在检查 " + files.length + " 个文件……");
    const first = state.files.length;
    for (const file of files) {
      const bytes = await readBytes(file);
      let result;
      try {
        result = checkBytes(file.name, bytes);
      } catch (e) {
        result = { name: file.name, error: e.message };
      }
      state.files.push({ name: file.name, bytes, result });
    }
    say("检查完成：" + files.length + " 个文件。");
    renderList();
    select(first);
  }

  function addText(text) {
    if (!text.trim()) { say("请先粘贴报告文字。", true); return; }
    const bytes = new TextEncoder().encode(text);
    const name = "粘贴的文字.txt";
    let result;
    try { result = checkBytes(name, bytes); } catch (e) { result = { name, error: e.message }; }
    state.files.push({ name, bytes, result });
    renderList();
    select(state.files.length - 1);
  }

  // --- The file list ----------------------------------------------------

  function status(result) {
    if (result.error) return ["failed", "无法读取"];
    if (!result.report) return ["clean", "不是年度报告，未检查"];
    const c = result.counts;
    if (c.error) return ["error", "错误 " + c.error + "，警告 " + c.warning + "，提示 " + c.info];
    if (c.warning) return ["warning", "警告 " + c.warning + "，提示 " + c.info];
    if (c.info) return ["info", "提示 " + c.info];
    return ["clean", "未发现问题"];
  }

  function renderList() {
    const ul = $("file-list");
    ul.textContent = "";
    state.files.forEach((file, i) => {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.index = String(i);
      button.textContent = file.name;
      const [cls, text] = status(file.result);
      const st = document.createElement("span");
      st.className = "st " + cls;
      st.textContent = text;
      button.appendChild(st);
      button.addEventListener("click", () => select(i));
      li.appendChild(button);
      ul.appendChild(li);
    });
    $("list-section").hidden = state.files.length === 0;
  }

  function select(i) {
    state.current = i;
    const file = state.files[i];
    for (const b of $("file-list").querySelectorAll("button")) {
      b.setAttribute("aria-current", String(Number(b.dataset.index) === i));
    }
    const view = $("view");
    $("cross").textContent = "";
    $("fix-info").textContent = "";
    if (file.result.error) {
      view.innerHTML = "";
      const p = document.createElement("p");
      p.className = "status failed";
      p.textContent = file.name + "：" + file.result.error;
      view.appendChild(p);
      $("tools").hidden = true;
      return;
    }
    // The article is report-lint-html's: every text in it is escaped there.
    view.innerHTML = file.result.html;
    view.dataset.ms = String(Math.round(file.result.ms));
    $("tools").hidden = false;
    const form = file.result.form;
    $("annotate-download").hidden = form !== "word";
    $("fix-download").disabled = form === "pdf";
    if (form === "pdf") $("fix-info").textContent = "PDF 不能直接修改，请修改 Word 原稿后重新导出。";
    fillRuleFilter(file.result.findings);
    fillFixes(file.result);
    applyFilters();
    compareYears();
  }

  // --- Fixes to choose ---------------------------------------------------
  // Safe fixes always go in; each unsafe fix is listed with its rule,
  // place, message and what it changes, and goes in only when ticked.

  function fillFixes(result) {
    const list = $("unsafe-list");
    list.textContent = "";
    const offered = result.unsafe_fixes || [];
    const safe = result.fixable ? result.fixable.safe : 0;
    $("fix-summary").textContent = result.form === "pdf" ? "" :
      (safe ? "将应用 " + safe + " 处安全的修复" : "没有安全的自动修复") +
      (offered.length ? "；另有 " + offered.length + " 处需要人工确认的修复，勾选后才应用。" : "。");
    $("unsafe-section").hidden = offered.length === 0 || result.form === "pdf";
    $("unsafe-title").textContent = "需要人工确认的修复（" + offered.length + " 处）";
    for (const fix of offered) {
      const li = document.createElement("li");
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.className = "unsafe-fix";
      box.value = String(fix.id);
      box.dataset.rule = fix.rule;
      box.disabled = fix.blocked;
      label.appendChild(box);
      const head = document.createElement("span");
      head.className = "fix-head";
      head.textContent = " " + fix.rule + " " + fix.place + "：" + fix.message;
      label.appendChild(head);
      li.appendChild(label);
      const what = document.createElement("div");
      what.className = "fix-what";
      what.textContent = fix.title + "：" + fix.edits.map((e) =>
        (e.old ? "“" + e.old + "”" : "（插入）") + " → " + (e.new ? "“" + e.new + "”" : "（删除）")).join("；") +
        (fix.blocked ? "（与一处安全的修复重叠，无法应用）" : "");
      li.appendChild(what);
      list.appendChild(li);
    }
  }

  function chosenFixes() {
    return Uint32Array.from(Array.from(document.querySelectorAll("#unsafe-list input.unsafe-fix:checked"))
      .map((box) => Number(box.value)));
  }

  // --- Filters ----------------------------------------------------------

  function fillRuleFilter(findings) {
    const select = $("rule-filter");
    const chosen = select.value;
    select.length = 1;
    const codes = Array.from(new Set(findings.map((f) => f.rule))).sort();
    for (const code of codes) {
      const option = document.createElement("option");
      option.value = code;
      const rule = state.rules.get(code);
      option.textContent = code + (rule ? " " + rule.summary : "");
      select.appendChild(option);
    }
    select.value = codes.includes(chosen) ? chosen : "";
  }

  function applyFilters() {
    const severities = new Set(
      Array.from(document.querySelectorAll(".sev-filter")).filter((c) => c.checked).map((c) => c.value));
    const rule = $("rule-filter").value;
    const shown = (li) => severities.has(li.dataset.severity) && (!rule || li.dataset.rule === rule);
    for (const article of document.querySelectorAll("#view article, #cross article")) {
      const visible = new Set();
      for (const li of article.querySelectorAll("li.finding")) {
        const on = shown(li);
        li.classList.toggle("hidden", !on);
        if (on) visible.add(li.dataset.i);
      }
      for (const mark of article.querySelectorAll("mark.f")) {
        const on = mark.dataset.f.split(" ").some((i) => visible.has(i));
        mark.classList.toggle("filtered", !on);
      }
    }
  }

  // --- Findings and their places ----------------------------------------

  function showFinding(article, index) {
    for (const m of document.querySelectorAll("mark.current")) m.classList.remove("current");
    for (const l of document.querySelectorAll("li.selected")) l.classList.remove("selected");
    const li = article.querySelector('li.finding[data-i="' + index + '"]');
    if (li) li.classList.add("selected");
    const marks = Array.from(article.querySelectorAll("mark.f"))
      .filter((m) => m.dataset.f.split(" ").includes(index));
    for (const m of marks) m.classList.add("current");
    return { li, mark: marks[0] };
  }

  function showRule(code) {
    const rule = state.rules.get(code);
    if (!rule) return;
    $("rule-doc-title").textContent = rule.code + " " + rule.name + "：" + rule.summary;
    // Rendered by report-lint-html (markdown.rs): the text escaped there,
    // HTML written in a rule's documentation shown as text.
    $("rule-doc-text").innerHTML = rule.docs_html;
    $("rule-doc").hidden = false;
    $("rule-doc").focus();
  }

  document.addEventListener("click", (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const article = target.closest("article");
    const doc = target.closest("a.doc");
    if (doc) {
      event.preventDefault();
      showRule(doc.getAttribute("href").replace("#rule-", ""));
      return;
    }
    const at = target.closest("a.at");
    if (at && article) {
      event.preventDefault();
      const li = at.closest("li.finding");
      const { mark } = showFinding(article, li.dataset.i);
      if (mark) mark.scrollIntoView({ block: "center" });
      return;
    }
    const mark = target.closest("mark.f");
    if (mark && article) {
      const index = mark.dataset.f.split(" ")[0];
      const { li } = showFinding(article, index);
      if (li) { li.scrollIntoView({ block: "nearest" }); li.querySelector("a.at").focus(); }
    }
  });

  // --- Fixes and downloads ----------------------------------------------

  function download(bytes, name, type) {
    const url = URL.createObjectURL(new Blob([bytes], { type }));
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function withSuffix(name, suffix) {
    const dot = name.lastIndexOf(".");
    return dot > 0 ? name.slice(0, dot) + suffix + name.slice(dot) : name + suffix;
  }

  $("fix-download").addEventListener("click", () => {
    const file = state.files[state.current];
    if (!file) return;
    const chosen = chosenFixes();
    try {
      const fixed = call((e) => e.fix(file.name, file.bytes, state.config.text, chosen));
      download(fixed, withSuffix(file.name, ".修复"), "application/octet-stream");
      const left = checkBytes(file.name, fixed);
      $("fix-info").textContent = "已下载修复后的文件（含 " + chosen.length + " 处勾选的需人工确认的修复）；修复后仍有 " +
        (left.findings ? left.findings.length : 0) + " 个问题。";
    } catch (e) {
      $("fix-info").textContent = "无法修复：" + e.message;
    }
  });

  $("annotate-download").addEventListener("click", () => {
    const file = state.files[state.current];
    if (!file) return;
    try {
      const date = new Date().toISOString().replace(/\.\d+Z$/, "Z");
      const annotated = call((e) => e.annotate_docx(file.name, file.bytes, date, state.config.text));
      download(annotated, withSuffix(file.name, ".批注"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
      $("fix-info").textContent = "已下载带批注的 Word 文档。";
    } catch (e) {
      $("fix-info").textContent = "无法写入批注：" + e.message;
    }
  });

  // --- Two years side by side -------------------------------------------

  function compareYears() {
    const cross = $("cross");
    cross.textContent = "";
    const file = state.files[state.current];
    if (!state.previous || !file || file.result.error) return;
    const result = call((e) => JSON.parse(e.cross_year(
      state.previous.name, state.previous.bytes, file.name, file.bytes, state.config.text)));
    const h = document.createElement("h2");
    h.className = "cross-title";
    if (result.error) {
      h.textContent = "跨年度对照：" + result.error;
      cross.appendChild(h);
      return;
    }
    h.textContent = "跨年度对照（与 " + state.previous.name + "）：" +
      (result.findings.length ? result.findings.length + " 个问题" : "未发现问题") +
      (result.previous_year ? "" : "（两份报告不是同一机关相邻两年的报告，结果仅供参考）");
    cross.appendChild(h);
    const div = document.createElement("div");
    div.innerHTML = result.html;
    cross.appendChild(div);
    applyFilters();
  }

  // --- Wiring -----------------------------------------------------------

  $("files-input").addEventListener("change", (e) => { addFiles(e.target.files); e.target.value = ""; });
  $("previous-input").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    state.previous = { name: file.name, bytes: await readBytes(file) };
    $("previous-name").textContent = "已选择：" + file.name;
    if (state.current >= 0) compareYears();
  });
  $("paste-check").addEventListener("click", () => addText($("paste-text").value));
  $("config-input").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (file) await chooseConfig(file);
  });
  $("config-reset").addEventListener("click", () => { setConfig("", ""); $("config-input").focus(); });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    e.stopPropagation();
    drop.classList.remove("over");
    addFiles(e.dataTransfer.files);
  });
  drop.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); $("files-input").click(); }
  });
  for (const c of document.querySelectorAll(".sev-filter")) c.addEventListener("change", applyFilters);
  $("rule-filter").addEventListener("change", applyFilters);
  $("print").addEventListener("click", () => window.print());
  $("rule-doc-close").addEventListener("click", () => { $("rule-doc").hidden = true; });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") $("rule-doc").hidden = true; });
  // Files dropped outside the drop zone are checked too, not opened by the browser.
  window.addEventListener("dragover", (e) => e.preventDefault());
  window.addEventListener("drop", (e) => { e.preventDefault(); addFiles(e.dataTransfer.files); });

  showConfig("");
  restoreConfig();
  document.body.dataset.ready = "true";
  say("可以开始检查：选择或拖入报告文件。");
})();
