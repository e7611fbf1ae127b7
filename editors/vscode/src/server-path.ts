// Locates the report-lint binary. Kept free of the `vscode` module so the
// lookup order can be reasoned about (and tested) on its own.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface ServerPathInput {
  /** Value of `reportLint.path`; empty means "not set". */
  configured: string;
  /** Root of the installed extension, which may ship `bin/report-lint`. */
  extensionPath: string;
  /** First workspace folder, used to resolve a relative `reportLint.path`. */
  workspaceFolder?: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
}

export interface ServerPathResult {
  path?: string;
  /** Where it was found: the setting, the extension's own bin/, or PATH. */
  source?: "setting" | "bundled" | "PATH";
  /** Every location that was looked at, for the log. */
  tried: string[];
}

/**
 * Order: an explicit `reportLint.path` (and nothing else when it is set, so a
 * typo is reported rather than silently replaced), then the binary bundled in
 * the extension, then `report-lint` on PATH.
 */
export function resolveServerPath(input: ServerPathInput): ServerPathResult {
  const exe = input.platform === "win32" ? "report-lint.exe" : "report-lint";
  const tried: string[] = [];
  const found = (candidate: string): boolean => {
    tried.push(candidate);
    return isExecutableFile(candidate, input.platform);
  };

  if (input.configured) {
    const candidate = expandConfigured(input.configured, input.workspaceFolder);
    if (candidate.includes(path.sep) || candidate.includes("/")) {
      return found(candidate) ? { path: candidate, source: "setting", tried } : { tried };
    }
    // A bare name such as "report-lint-dev" is looked up on PATH.
    const onPath = searchPath(candidate, input, found);
    return onPath ? { path: onPath, source: "setting", tried } : { tried };
  }

  const bundled = path.join(input.extensionPath, "bin", exe);
  if (found(bundled)) {
    return { path: bundled, source: "bundled", tried };
  }
  const onPath = searchPath(exe, input, found);
  return onPath ? { path: onPath, source: "PATH", tried } : { tried };
}

function expandConfigured(value: string, workspaceFolder: string | undefined): string {
  let expanded = value;
  if (workspaceFolder) {
    expanded = expanded.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  }
  if (expanded === "~" || expanded.startsWith("~/")) {
    expanded = path.join(os.homedir(), expanded.slice(1));
  }
  if (!path.isAbsolute(expanded) && (expanded.includes("/") || expanded.includes(path.sep))) {
    expanded = path.resolve(workspaceFolder ?? process.cwd(), expanded);
  }
  return expanded;
}

function searchPath(
  name: string,
  input: ServerPathInput,
  found: (candidate: string) => boolean,
): string | undefined {
  const dirs = (input.env.PATH ?? input.env.Path ?? "").split(path.delimiter).filter(Boolean);
  const names =
    input.platform === "win32" && !name.toLowerCase().endsWith(".exe") ? [name, `${name}.exe`] : [name];
  for (const dir of dirs) {
    for (const candidate of names) {
      const full = path.join(dir, candidate);
      if (found(full)) {
        return full;
      }
    }
  }
  return undefined;
}

function isExecutableFile(candidate: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(candidate).isFile()) {
      return false;
    }
    if (platform !== "win32") {
      fs.accessSync(candidate, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}
