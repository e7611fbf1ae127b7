// Which edits "fix on save" applies when `reportLint.fixOnSave.rules` limits
// it to some rules: the safe (preferred) quick fixes of those rules'
// findings, without overlapping edits. Free of the `vscode` module.

import type { Rng } from "./related-hint";

export interface QuickFix {
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: { code?: string | number }[];
  edit?: { changes?: Record<string, { range: Rng; newText: string }[]> };
}

export function selectFixEdits(
  uri: string,
  actions: QuickFix[],
  rules: string[],
): { range: Rng; newText: string }[] {
  const wanted = new Set(rules.map((r) => r.trim().toUpperCase()).filter(Boolean));
  const chosen: { range: Rng; newText: string }[] = [];
  const key = (p: { line: number; character: number }) => p.line * 1e7 + p.character;
  const overlaps = (a: Rng, b: Rng) => key(a.start) < key(b.end) && key(b.start) < key(a.end);
  for (const action of actions) {
    if (action.kind !== "quickfix" || action.isPreferred !== true) continue;
    const code = String(action.diagnostics?.[0]?.code ?? "").toUpperCase();
    if (!wanted.has(code) && ![...wanted].some((w) => code.startsWith(w))) continue;
    const edits = action.edit?.changes?.[uri] ?? [];
    if (edits.length === 0 || edits.some((e) => chosen.some((c) => overlaps(c.range, e.range)))) continue;
    chosen.push(...edits);
  }
  return chosen;
}
