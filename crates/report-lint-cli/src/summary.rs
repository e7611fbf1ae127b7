//! Counts over a whole run: the exit code and the closing line in Chinese.

use report_lint_rules::fix::{applicable_fix, FixMode};
use report_lint_rules::{Diagnostic, Severity};

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
}

impl Tally {
    pub fn add(&mut self, diagnostics: &[Diagnostic]) {
        self.files += 1;
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            if applicable_fix(d, FixMode::SafeOnly).is_some() {
                self.fixable += 1;
            } else if applicable_fix(d, FixMode::IncludeUnsafe).is_some() {
                self.fixable_unsafe += 1;
            }
        }
    }

    /// DESIGN.md: 2 for a file that could not be read (it may hide errors),
    /// else 1 for any error-severity finding, else 0.
    pub fn exit_code(&self) -> i32 {
        if self.failed > 0 {
            2
        } else if self.errors > 0 {
            1
        } else {
            0
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
        match (self.fixable, self.fixable_unsafe) {
            (0, 0) => None,
            (safe, 0) => Some(format!("其中 {safe} 个问题可用 `report-lint fix` 自动修复")),
            (0, unsafe_) => Some(format!(
                "其中 {unsafe_} 个问题可用 `report-lint fix --unsafe-fixes` 修复（请先核对）"
            )),
            (safe, unsafe_) => Some(format!(
                "其中 {safe} 个问题可用 `report-lint fix` 自动修复，另有 {unsafe_} 个可用 `--unsafe-fixes` 修复（请先核对）"
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
        assert_eq!(t.exit_code(), 0);
        t.errors = 3;
        t.infos = 1;
        t.skipped = 2;
        assert_eq!(
            t.line(),
            "检查了 5 个文件：3 个错误，1 条提示（跳过 2 个非年报文件）"
        );
        assert_eq!(t.exit_code(), 1);
        t.failed = 1;
        assert_eq!(t.exit_code(), 2);
        let unreadable = Tally {
            failed: 1,
            ..Tally::default()
        };
        assert_eq!(
            unreadable.line(),
            "检查了 0 个文件：未发现问题（1 个文件无法处理）"
        );
        assert_eq!(Tally::default().exit_code(), 0);
    }
}
