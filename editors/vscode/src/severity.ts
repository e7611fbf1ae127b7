// Client-side severity threshold (`reportLint.severityThreshold`). Free of the
// `vscode` module so it can be unit-tested in plain Node.

export type Threshold = "info" | "warning" | "error";

export function parseThreshold(value: string | undefined): Threshold {
  return value === "warning" || value === "error" ? value : "info";
}

// vscode.DiagnosticSeverity numbers severities from most to least severe:
// Error = 0, Warning = 1, Information = 2, Hint = 3.
const ERROR = 0;
const WARNING = 1;

const RANK: Record<Threshold, number> = { error: 2, warning: 1, info: 0 };

function rank(severity: number | undefined): number {
  switch (severity) {
    case ERROR:
      return 2;
    case WARNING:
      return 1;
    default:
      // Information, Hint and a missing severity rank lowest, so the "info"
      // threshold drops nothing.
      return 0;
  }
}

export function keepDiagnostic(severity: number | undefined, threshold: Threshold): boolean {
  return rank(severity) >= RANK[threshold];
}
