// VS Code client for the report-lint language server.
//
// The server decides which documents are reports; the client only forwards
// plain text, Markdown and HTML files (saved or untitled), filters
// diagnostics by the configured severity threshold, offers restart / fix-all
// commands and fix on save, shows a status item (server state, whether the
// file is read as a report and why not, counts) and gives plain-text reports
// their own language (word wrap).

import { execFile } from "node:child_process";
import * as vscode from "vscode";
import {
  CloseAction,
  CodeAction as ProtocolCodeAction,
  CodeActionKind,
  CodeActionRequest,
  CodeActionResolveRequest,
  Command as ProtocolCommand,
  DocumentDiagnosticReportKind,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  Middleware,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
} from "vscode-languageclient/node";
import { selectFixEdits, type QuickFix } from "./fix-select";
import { relatedHints, type Finding, type Pos } from "./related-hint";
import { looksLikeReport } from "./report-detect";
import { resolveServerPath } from "./server-path";
import { keepDiagnostic, parseThreshold } from "./severity";

const CLIENT_ID = "reportLint";
const CLIENT_NAME = "report-lint";
const SETTINGS_QUERY = "reportLint.path";
/** The language of plain-text annual reports (package.json). */
export const REPORT_LANGUAGE = "gov-annual-report";
const LANGUAGES = ["plaintext", "markdown", "html", REPORT_LANGUAGE];
const STATUS_METHOD = "report-lint/status";

interface ServerStatus {
  version: number;
  report: boolean;
  title: boolean;
  headings: number;
  reason: string | null;
  counts: { error: number; warning: number; info: number };
}

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
let statusItem: vscode.StatusBarItem | undefined;
/** The server's `--version` line and where the binary was found. */
let serverLabel = "";
/** Where each document was last edited (for the balance findings' hint). */
const lastEdit = new Map<string, Pos>();
// Serialises start/stop so that quick successive restarts cannot interleave.
let lifecycle: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  context.subscriptions.push(output);

  context.subscriptions.push(
    vscode.commands.registerCommand("reportLint.restart", () =>
      enqueue(async () => {
        await stopClient();
        await startClient(context, true);
      }),
    ),
    vscode.commands.registerCommand("reportLint.fixAll", () => fixAll()),
    vscode.commands.registerCommand("reportLint.showOutput", () => output?.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // The trace setting is read live by vscode-languageclient; everything
      // else changes how the server is started or how results are filtered.
      const affected = ["enable", "path", "severityThreshold", "fixOnSave"].some((key) =>
        event.affectsConfiguration(`reportLint.${key}`),
      );
      if (affected) {
        void enqueue(async () => {
          await stopClient();
          await startClient(context, false);
        });
      }
    }),
  );

  statusItem = vscode.window.createStatusBarItem("reportLint.status", vscode.StatusBarAlignment.Right, 100);
  statusItem.name = "report-lint";
  statusItem.command = "reportLint.showOutput";
  context.subscriptions.push(
    statusItem,
    vscode.window.onDidChangeActiveTextEditor(() => scheduleStatus()),
    vscode.languages.onDidChangeDiagnostics((event) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && event.uris.some((uri) => uri.toString() === active)) {
        scheduleStatus();
      }
    }),
    vscode.workspace.onDidOpenTextDocument((document) => void adoptReportLanguage(document)),
    vscode.workspace.onDidChangeTextDocument((event) => {
      const change = event.contentChanges[event.contentChanges.length - 1];
      if (change) {
        lastEdit.set(event.document.uri.toString(), {
          line: change.range.start.line,
          character: change.range.start.character,
        });
      }
      // Ctrl+N and paste: an untitled buffer becomes a report.
      if (event.document.isUntitled) {
        void adoptReportLanguage(event.document);
      }
      if (event.document === vscode.window.activeTextEditor?.document) {
        scheduleStatus();
      }
    }),
    vscode.workspace.onDidCloseTextDocument((document) => lastEdit.delete(document.uri.toString())),
    vscode.workspace.onWillSaveTextDocument((event) => {
      if (config().get<boolean>("fixOnSave", false) && client?.isRunning()) {
        event.waitUntil(fixOnSaveEdits(event.document));
      }
    }),
  );
  for (const document of vscode.workspace.textDocuments) {
    void adoptReportLanguage(document);
  }

  void enqueue(() => startClient(context, false));
}

/** Gives a plain-text document that starts like an annual report the
 * report language (word wrap and the other defaults of package.json). */
async function adoptReportLanguage(document: vscode.TextDocument): Promise<void> {
  if (document.languageId !== "plaintext" || !["file", "untitled"].includes(document.uri.scheme)) {
    return;
  }
  if (looksLikeReport(document.getText(new vscode.Range(0, 0, 20, 0)))) {
    try {
      await vscode.languages.setTextDocumentLanguage(document, REPORT_LANGUAGE);
      log(`${document.uri.toString(true)}: 按年报打开（语言 ${REPORT_LANGUAGE}）`);
    } catch (error) {
      log(`cannot set the language of ${document.uri.toString(true)}: ${String(error)}`);
    }
  }
}

let statusTimer: NodeJS.Timeout | undefined;
function scheduleStatus(): void {
  if (statusTimer) clearTimeout(statusTimer);
  statusTimer = setTimeout(() => void updateStatus(), 150);
}

/** Shows the server's state and, for the active document, whether it is
 * read as a report (and why not) and its counts. */
async function updateStatus(): Promise<void> {
  const item = statusItem;
  if (!item) return;
  const document = vscode.window.activeTextEditor?.document;
  const handled = document && LANGUAGES.includes(document.languageId) && ["file", "untitled"].includes(document.uri.scheme);
  if (!handled) {
    item.hide();
    return;
  }
  const running = client;
  const lines = [`report-lint ${serverLabel}`.trim()];
  if (!running || running.state !== State.Running) {
    const state = !running ? "未运行" : running.state === State.Starting ? "正在启动" : "已停止";
    item.text = `$(circle-slash) report-lint ${state}`;
    item.tooltip = [...lines, `语言服务器${state}`, "点击打开输出"].join("\n");
    item.accessibilityInformation = { label: `report-lint 语言服务器${state}` };
    item.show();
    return;
  }
  let status: ServerStatus | null = null;
  try {
    status = await running.sendRequest<ServerStatus | null>(STATUS_METHOD, {
      textDocument: { uri: running.code2ProtocolConverter.asUri(document.uri) },
    });
  } catch (error) {
    log(`status request failed: ${String(error)}`);
  }
  if (document !== vscode.window.activeTextEditor?.document) return;
  lines.push("语言服务器运行中");
  if (!status) {
    item.text = "$(loading~spin) report-lint";
    item.tooltip = [...lines, "正在检查", "点击打开输出"].join("\n");
  } else if (!status.report) {
    item.text = "$(circle-large-outline) 不是年报";
    const reason = status.reason ?? "不像年报";
    item.tooltip = [...lines, `未检查：${reason}`, "点击打开输出"].join("\n");
    item.accessibilityInformation = { label: `report-lint：不是年报。${reason}` };
  } else {
    const { error, warning, info } = status.counts;
    const icon = error > 0 ? "$(error)" : warning > 0 ? "$(warning)" : "$(check)";
    item.text = `${icon} 年报：${error} 错误 ${warning} 警告 ${info} 提示`;
    item.tooltip = [
      ...lines,
      `已识别为年报（${status.title ? "有标题" : "无标题"}，六个部分找到 ${status.headings} 个）`,
      `错误 ${error}，警告 ${warning}，提示 ${info}`,
      "点击打开输出",
    ].join("\n");
    item.accessibilityInformation = { label: `report-lint：年报，${error} 个错误，${warning} 个警告，${info} 个提示` };
  }
  item.show();
}

/** The edits of fix on save: every safe fix, or with
 * `reportLint.fixOnSave.rules` only those rules' safe fixes. */
async function fixOnSaveEdits(document: vscode.TextDocument): Promise<vscode.TextEdit[]> {
  const running = client;
  if (!running || document.lineCount === 0) return [];
  const rules = config().get<string[]>("fixOnSave.rules", []);
  const c2p = running.code2ProtocolConverter;
  const p2c = running.protocol2CodeConverter;
  const uri = c2p.asUri(document.uri);
  const range = c2p.asRange(new vscode.Range(new vscode.Position(0, 0), document.lineAt(document.lineCount - 1).range.end));
  try {
    if (rules.length === 0) {
      const result = await running.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range,
        context: { diagnostics: [], only: [CodeActionKind.SourceFixAll] },
      });
      const action = (result ?? []).find(
        (item): item is ProtocolCodeAction => !ProtocolCommand.is(item) && (item.kind ?? "").startsWith(CodeActionKind.SourceFixAll),
      );
      return action?.edit?.changes?.[uri] ? await p2c.asTextEdits(action.edit.changes[uri]) ?? [] : [];
    }
    const result = await running.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range,
      context: { diagnostics: [], only: [CodeActionKind.QuickFix] },
    });
    const actions = (result ?? []).filter((item): item is ProtocolCodeAction => !ProtocolCommand.is(item));
    const edits = selectFixEdits(uri, actions as QuickFix[], rules);
    return (await p2c.asTextEdits(edits)) ?? [];
  } catch (error) {
    log(`fix on save failed: ${String(error)}`);
    return [];
  }
}

/** Adds the hint on the cell just edited to a list of findings. */
function withRelatedHints(uri: vscode.Uri, diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  const key = uri.toString();
  const findings: Finding[] = diagnostics.map((d) => ({
    range: d.range,
    code: typeof d.code === "object" ? String(d.code.value) : d.code === undefined ? undefined : String(d.code),
    message: d.message,
    related: (d.relatedInformation ?? []).map((r) => ({ uri: r.location.uri.toString(), range: r.location.range, message: r.message })),
  }));
  const hints = relatedHints(key, findings, lastEdit.get(key)).map((hint) => {
    const toRange = (r: { start: Pos; end: Pos }) =>
      new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    const d = new vscode.Diagnostic(toRange(hint.range), hint.message, vscode.DiagnosticSeverity.Hint);
    d.source = CLIENT_NAME;
    d.code = hint.code;
    d.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(hint.finding)), "问题标在这里")];
    return d;
  });
  return hints.length > 0 ? [...diagnostics, ...hints] : diagnostics;
}

/** Logs `report-lint --version` (version, commit, rule packs). */
function logServerVersion(binary: string): Promise<void> {
  return new Promise((resolve) => {
    execFile(binary, ["--version"], { timeout: 10_000, windowsHide: true }, (error, stdout) => {
      if (error) {
        log(`${binary} --version failed: ${String(error)}`);
      } else {
        const text = stdout.trim();
        serverLabel = text.split(/\r?\n/)[0].replace(/^report-lint\s*/, "");
        for (const line of text.split(/\r?\n/)) log(`server version: ${line}`);
      }
      resolve();
    });
  });
}

export function deactivate(): Thenable<void> | undefined {
  return stopClient();
}

function enqueue(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step, step);
  return lifecycle;
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration("reportLint");
}

async function startClient(context: vscode.ExtensionContext, explicit: boolean): Promise<void> {
  if (!config().get<boolean>("enable", true)) {
    if (explicit) {
      void vscode.window.showInformationMessage("report-lint 已停用（reportLint.enable 为 false）。");
    }
    return;
  }

  const configured = config().get<string>("path", "").trim();
  const workspaceFolder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const resolved = resolveServerPath({
    configured,
    extensionPath: context.extensionPath,
    workspaceFolder,
    env: process.env,
    platform: process.platform,
  });
  if (!resolved.path) {
    log(`server binary not found; tried: ${resolved.tried.join(", ")}`);
    void showMissingBinary(configured);
    return;
  }
  log(`server binary: ${resolved.path} (found ${resolved.source === "bundled" ? "in the extension" : resolved.source === "PATH" ? "on PATH" : "from reportLint.path"})`);
  await logServerVersion(resolved.path);
  const settings = config();
  log(
    `configuration: ${JSON.stringify({
      path: settings.get("path"),
      severityThreshold: settings.get("severityThreshold"),
      fixOnSave: settings.get("fixOnSave"),
      "fixOnSave.rules": settings.get("fixOnSave.rules"),
      "trace.server": settings.get("trace.server"),
    })}; rules and options: report-lint.toml nearest to each file (report-lint config --show FILE)`,
  );
  log(`starting ${resolved.path} lsp --stdio`);

  const serverOptions: ServerOptions = {
    command: resolved.path,
    args: ["lsp"],
    // TransportKind.stdio makes the client append `--stdio` to the arguments.
    transport: TransportKind.stdio,
  };

  const threshold = parseThreshold(config().get<string>("severityThreshold", "info"));
  const middleware: Middleware = {
    handleDiagnostics(uri, diagnostics, next) {
      next(uri, withRelatedHints(uri, diagnostics.filter((d) => keepDiagnostic(d.severity, threshold))));
    },
    async provideDiagnostics(document, previousResultId, token, next) {
      const report = await next(document, previousResultId, token);
      if (report && report.kind === DocumentDiagnosticReportKind.Full) {
        const uri = document instanceof vscode.Uri ? document : document.uri;
        report.items = withRelatedHints(uri, report.items.filter((d) => keepDiagnostic(d.severity, threshold)));
      }
      return report;
    },
  };

  const clientOptions: LanguageClientOptions = {
    // Untitled documents too (Ctrl+N, paste): the server checks them when
    // they look like a report.
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: "file", language },
      { scheme: "untitled", language },
    ]),
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware,
    errorHandler: new RestartLimiter(),
  };

  const next = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  client = next;
  next.onDidChangeState(() => scheduleStatus());
  try {
    await next.start();
    const info = next.initializeResult?.serverInfo;
    log(`server started: ${info?.name ?? "?"} ${info?.version ?? "?"}`);
    scheduleStatus();
  } catch (error) {
    client = undefined;
    log(`failed to start server: ${String(error)}`);
    const choice = await vscode.window.showErrorMessage(
      `report-lint 语言服务器启动失败：${String(error)}。请检查 reportLint.path（当前：${resolved.path}）。`,
      "打开设置",
      "查看日志",
    );
    if (choice === "打开设置") {
      await openPathSetting();
    } else if (choice === "查看日志") {
      output?.show(true);
    }
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  scheduleStatus();
  if (!running) {
    return;
  }
  try {
    await running.stop(2000);
  } catch (error) {
    log(`error while stopping server: ${String(error)}`);
  }
}

async function showMissingBinary(configured: string): Promise<void> {
  const detail = configured ? `（reportLint.path = ${configured}）` : "";
  const choice = await vscode.window.showErrorMessage(
    `未找到 report-lint 可执行文件${detail}。请安装 report-lint 并确保它在 PATH 中，或设置 reportLint.path。`,
    "打开设置",
  );
  if (choice === "打开设置") {
    await openPathSetting();
  }
}

// reportLint.path is machine-scoped, so in a remote window (SSH, container,
// code-server) it lives in the remote settings; the User tab would hide it.
async function openPathSetting(): Promise<void> {
  if (vscode.env.remoteName) {
    try {
      await vscode.commands.executeCommand("workbench.action.openRemoteSettings", { query: SETTINGS_QUERY });
      return;
    } catch (error) {
      log(`cannot open remote settings: ${String(error)}`);
    }
  }
  await vscode.commands.executeCommand("workbench.action.openSettings", SETTINGS_QUERY);
}

// Restarts a crashed server a few times, then gives up with one clear message
// instead of a restart loop.
class RestartLimiter implements ErrorHandler {
  private readonly restarts: number[] = [];

  error(): ErrorHandlerResult {
    return { action: ErrorAction.Continue, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts.length > 0 && now - this.restarts[0] > 3 * 60 * 1000) {
      this.restarts.shift();
    }
    if (this.restarts.length <= 4) {
      log("server exited unexpectedly; restarting");
      return { action: CloseAction.Restart, handled: true };
    }
    void vscode.window
      .showErrorMessage("report-lint 语言服务器在 3 分钟内意外退出 5 次，已停止重启。", "查看日志")
      .then((choice) => {
        if (choice) {
          output?.show(true);
        }
      });
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}

// Asks the server for its source.fixAll action on the active document and
// applies it (edit first, then command, as VS Code does).
async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor) {
    void vscode.window.showWarningMessage("report-lint：没有可修复的活动文档，或语言服务器未运行。");
    return;
  }
  const running = client;
  const document = editor.document;
  const c2p = running.code2ProtocolConverter;
  const p2c = running.protocol2CodeConverter;
  const end = document.lineAt(document.lineCount - 1).range.end;
  const result = await running.sendRequest(CodeActionRequest.type, {
    textDocument: c2p.asTextDocumentIdentifier(document),
    range: c2p.asRange(new vscode.Range(new vscode.Position(0, 0), end)),
    context: { diagnostics: [], only: [CodeActionKind.SourceFixAll] },
  });
  const actions = (result ?? []).filter(
    (item): item is ProtocolCodeAction =>
      !ProtocolCommand.is(item) && (item.kind ?? "").startsWith(CodeActionKind.SourceFixAll),
  );
  if (actions.length === 0) {
    void vscode.window.showInformationMessage("report-lint：没有可自动修复的问题。");
    return;
  }
  for (let action of actions) {
    if (!action.edit && !action.command && action.data !== undefined) {
      action = await running.sendRequest(CodeActionResolveRequest.type, action);
    }
    if (action.edit) {
      const edit = await p2c.asWorkspaceEdit(action.edit);
      await vscode.workspace.applyEdit(edit);
    }
    if (action.command) {
      await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    }
  }
}

function log(message: string): void {
  output?.info(`[client] ${message}`);
}
