//! Counts over a whole run: the exit code, the closing line in Chinese and
//! the per-rule statistics.

use report_lint_rules::fix::{applicable_fix, FixMode};
use report_lint_rules::{Diagnostic, Severity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Duration;

/// The `summary` of json-report.
#[derive(Debug, Serialize)]
pub struct JsonSummary {
    files: usize,
    skipped: usize,
    failed: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    fixable: usize,
    fixable_unsafe: usize,
    statistics: Vec<JsonStatistic>,
}

#[derive(Debug, Serialize)]
struct JsonStatistic {
    code: &'static str,
    name: &'static str,
    count: usize,
}

/// When the exit code is 1.
#[derive(Debug, Clone, Copy)]
pub struct ExitPolicy {
    /// The lowest severity that fails the run.
    pub threshold: Severity,
    /// `--exit-zero`: findings never fail the run (unreadable files still do).
    pub exit_zero: bool,
}

impl Default for ExitPolicy {
    fn default() -> ExitPolicy {
        ExitPolicy {
            threshold: Severity::Error,
            exit_zero: false,
        }
    }
}

#[derive(Debug, Default)]
pub struct Tally {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Found by a folder walk but not an annual report.
    pub skipped: usize,
    /// Could not be read, decoded or written back.
    pub failed: usize,
    /// Findings `report-lint fix` would fix as is / with `--unsafe-fixes`.
    pub fixable: usize,
    pub fixable_unsafe: usize,
    /// Findings per rule code, with the rule's name.
    pub by_rule: BTreeMap<&'static str, (&'static str, usize)>,
}

impl Tally {
    /// One more file, linted with these findings.
    pub fn add(&mut self, diagnostics: &[Diagnostic]) {
        self.files += 1;
        self.add_findings(diagnostics);
    }

    /// Findings about a file already counted (cross-year findings).
    pub fn add_findings(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            // A finding that says N more of its rule are not listed counts
            // for those N, so the counts are the same with or without the
            // cap on what is listed.
            let n = d.count();
            self.by_rule.entry(d.code).or_insert((d.name, 0)).1 += n;
            match d.severity {
                Severity::Error => self.errors += n,
                Severity::Warning => self.warnings += n,
                Severity::Info => self.infos += n,
            }
            if applicable_fix(d, FixMode::SafeOnly).is_some() {
                self.fixable += 1;
            } else if applicable_fix(d, FixMode::IncludeUnsafe).is_some() {
                self.fixable_unsafe += 1;
            }
        }
    }

    /// DESIGN.md: 2 for a file that could not be read (it may hide errors),
    /// else 1 for any finding at or above the threshold, else 0.
    pub fn exit_code(&self, policy: ExitPolicy) -> i32 {
        let failing = match policy.threshold {
            Severity::Error => self.errors,
            Severity::Warning => self.errors + self.warnings,
            Severity::Info => self.errors + self.warnings + self.infos,
        };
        if self.failed > 0 {
            2
        } else if failing > 0 && !policy.exit_zero {
            1
        } else {
            0
        }
    }

    /// `(code, name, count)`, most frequent first, then by code.
    pub fn statistics(&self) -> Vec<(&'static str, &'static str, usize)> {
        let mut rows: Vec<_> = self
            .by_rule
            .iter()
            .map(|(code, (name, count))| (*code, *name, *count))
            .collect();
        rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
        rows
    }

    /// The `--statistics` table.
    pub fn statistics_table(&self) -> String {
        let rows = self.statistics();
        if rows.is_empty() {
            return "按规则统计：没有发现问题\n".into();
        }
        let width = rows
            .iter()
            .map(|r| r.2.to_string().len())
            .max()
            .unwrap_or(1);
        let mut out = String::from("按规则统计：\n");
        for (code, name, count) in rows {
            out.push_str(&format!("  {count:>width$}  {code}  {name}\n"));
        }
        out
    }

    /// The `summary` object of json-report.
    pub fn to_json(&self) -> JsonSummary {
        JsonSummary {
            files: self.files,
            skipped: self.skipped,
            failed: self.failed,
            errors: self.errors,
            warnings: self.warnings,
            infos: self.infos,
            fixable: self.fixable,
            fixable_unsafe: self.fixable_unsafe,
            statistics: self
                .statistics()
                .into_iter()
                .map(|(code, name, count)| JsonStatistic { code, name, count })
                .collect(),
        }
    }

    /// The closing line, with the time taken when a person is watching.
    pub fn line_timed(&self, elapsed: Option<Duration>) -> String {
        match elapsed {
            Some(t) => format!("{}，用时 {:.1} 秒", self.line(), t.as_secs_f64()),
            None => self.line(),
        }
    }

    /// `检查了 5 个文件：3 个错误，2 个警告（跳过 2 个非年报文件）`
    pub fn line(&self) -> String {
        if self.files == 0 && self.skipped == 0 && self.failed == 0 {
            return "没有找到要检查的报告（.txt .md .markdown .html .htm）".into();
        }
        let mut counts = Vec::new();
        for (n, unit) in [
            (self.errors, "个错误"),
            (self.warnings, "个警告"),
            (self.infos, "条提示"),
        ] {
            if n > 0 {
                counts.push(format!("{n} {unit}"));
            }
        }
        let findings = if !counts.is_empty() {
            counts.join("，")
        } else if self.failed > 0 || self.files == 0 {
            "未发现问题".to_string()
        } else {
            "全部通过".to_string()
        };
        let mut aside = Vec::new();
        if self.skipped > 0 {
            aside.push(format!("跳过 {} 个非年报文件", self.skipped));
        }
        if self.failed > 0 {
            aside.push(format!("{} 个文件无法处理", self.failed));
        }
        let aside = if aside.is_empty() {
            String::new()
        } else {
            format!("（{}）", aside.join("；"))
        };
        format!("检查了 {} 个文件：{findings}{aside}", self.files)
    }

    /// How to fix what is fixable; `None` when nothing is.
    pub fn fix_hint(&self) -> Option<String> {
        let program = report_lint_core::program::name();
        match (self.fixable, self.fixable_unsafe) {
            (0, 0) => None,
            (safe, 0) => Some(format!("其中 {safe} 个问题可用 `{program} fix` 自动修复")),
            (0, unsafe_) => Some(format!(
                "其中 {unsafe_} 个问题可用 `{program} fix --unsafe-fixes` 修复（请先核对）"
            )),
            (safe, unsafe_) => Some(format!(
                "其中 {safe} 个问题可用 `{program} fix` 自动修复，另有 {unsafe_} 个可用 `--unsafe-fixes` 修复（请先核对）"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        let mut t = Tally {
            files: 5,
            ..Tally::default()
        };
        assert_eq!(t.line(), "检查了 5 个文件：全部通过");
        assert_eq!(t.exit_code(ExitPolicy::default()), 0);
        t.errors = 3;
        t.infos = 1;
        t.skipped = 2;
        assert_eq!(
            t.line(),
            "检查了 5 个文件：3 个错误，1 条提示（跳过 2 个非年报文件）"
        );
        assert_eq!(t.exit_code(ExitPolicy::default()), 1);
        let zero = ExitPolicy {
            exit_zero: true,
            ..ExitPolicy::default()
        };
        assert_eq!(t.exit_code(zero), 0);
        t.failed = 1;
        assert_eq!(t.exit_code(ExitPolicy::default()), 2);
        assert_eq!(t.exit_code(zero), 2, "an unreadable file is never hidden");
        let unreadable = Tally {
            failed: 1,
            ..Tally::default()
        };
        assert_eq!(
            unreadable.line(),
            "检查了 0 个文件：未发现问题（1 个文件无法处理）"
        );
        assert_eq!(Tally::default().exit_code(ExitPolicy::default()), 0);
    }

    #[test]
    fn the_threshold_decides_which_findings_fail_the_run() {
        let warned = Tally {
            files: 1,
            warnings: 2,
            infos: 1,
            ..Tally::default()
        };
        let at = |threshold| {
            warned.exit_code(ExitPolicy {
                threshold,
                exit_zero: false,
            })
        };
        assert_eq!(at(Severity::Error), 0);
        assert_eq!(at(Severity::Warning), 1);
        assert_eq!(at(Severity::Info), 1);
    }

    #[test]
    fn statistics_sort_by_count_then_code() {
        let d = |code: &'static str| Diagnostic {
            code,
            name: "n",
            severity: Severity::Warning,
            message: String::new(),
            span: report_lint_core::Span::new(0, 0),
            labels: Vec::new(),
            fixes: Vec::new(),
            location: None,
            omitted: 0,
        };
        let mut t = Tally::default();
        t.add(&[d("S004"), d("B001"), d("S004"), d("A001")]);
        assert_eq!(
            t.statistics(),
            [("S004", "n", 2), ("A001", "n", 1), ("B001", "n", 1)]
        );
        assert_eq!(
            t.statistics_table(),
            "按规则统计：\n  2  S004  n\n  1  A001  n\n  1  B001  n\n"
        );
    }

    /// The finding that says N more of its rule are not listed counts for
    /// them: the counts are those of every finding, listed or not.
    #[test]
    fn a_finding_standing_for_those_not_listed_counts_for_them() {
        let d = |omitted| Diagnostic {
            code: "D004",
            name: "stray-year",
            severity: Severity::Info,
            message: String::new(),
            span: report_lint_core::Span::new(0, 0),
            labels: Vec::new(),
            fixes: Vec::new(),
            location: None,
            omitted,
        };
        let mut t = Tally::default();
        t.add(&[d(0), d(0), d(98)]);
        assert_eq!(t.infos, 100);
        assert_eq!(t.statistics(), [("D004", "stray-year", 100)]);
        assert_eq!(t.line(), "检查了 1 个文件：100 条提示");
    }
}
