// VS Code client for the report-lint language server.
//
// The server decides which documents are reports; the client only forwards
// plain text, Markdown and HTML files, filters diagnostics by the configured
// severity threshold and offers restart / fix-all commands.

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
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
} from "vscode-languageclient/node";
import { resolveServerPath } from "./server-path";
import { keepDiagnostic, parseThreshold } from "./severity";

const CLIENT_ID = "reportLint";
const CLIENT_NAME = "report-lint";
const SETTINGS_QUERY = "reportLint.path";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
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
    vscode.workspace.onDidChangeConfiguration((event) => {
      // The trace setting is read live by vscode-languageclient; everything
      // else changes how the server is started or how results are filtered.
      const affected = ["enable", "path", "severityThreshold"].some((key) =>
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

  void enqueue(() => startClient(context, false));
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
      next(uri, diagnostics.filter((d) => keepDiagnostic(d.severity, threshold)));
    },
    async provideDiagnostics(document, previousResultId, token, next) {
      const report = await next(document, previousResultId, token);
      if (report && report.kind === DocumentDiagnosticReportKind.Full) {
        report.items = report.items.filter((d) => keepDiagnostic(d.severity, threshold));
      }
      return report;
    },
  };

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "plaintext" },
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "html" },
    ],
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware,
    errorHandler: new RestartLimiter(),
  };

  const next = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  client = next;
  try {
    await next.start();
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
