// The balance findings (B001–B004) are drawn on the total that does not add
// up; when the user has just edited one of the cells it adds up from (one of
// the finding's related locations), that cell gets a hint of its own,
// pointing at the finding. Free of the `vscode` module for unit tests.

export interface Pos {
  line: number;
  character: number;
}
export interface Rng {
  start: Pos;
  end: Pos;
}
export interface Finding {
  range: Rng;
  code?: string;
  message: string;
  related: { uri: string; range: Rng; message: string }[];
}
export interface Hint {
  range: Rng;
  code: string;
  message: string;
  /** The finding's own range, for the hint's related information. */
  finding: Rng;
}

const BALANCE = new Set(["B001", "B002", "B003", "B004"]);

function before(a: Pos, b: Pos): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

function contains(range: Rng, pos: Pos): boolean {
  return before(range.start, pos) && before(pos, range.end);
}

/** Hints for the cell at `edited` (where the last edit of `uri` was). */
export function relatedHints(uri: string, findings: Finding[], edited: Pos | undefined): Hint[] {
  if (!edited) {
    return [];
  }
  const hints: Hint[] = [];
  for (const finding of findings) {
    if (!finding.code || !BALANCE.has(finding.code) || contains(finding.range, edited)) {
      continue;
    }
    const cell = finding.related.find((r) => r.uri === uri && contains(r.range, edited));
    if (cell) {
      hints.push({
        range: cell.range,
        code: finding.code,
        message: `刚修改的“${cell.message}”参与这项核对：${finding.message}（问题标在第 ${finding.range.start.line + 1} 行）`,
        finding: finding.range,
      });
    }
  }
  return hints;
}
