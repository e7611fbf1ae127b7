use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{NoteKind, Report};

declare_rule! {
    /// ## 检查内容
    /// 表格中无法确定读取的部分：单元格数多于或少于列数的行
    /// （PDF/OCR 转换时单元格粘连或丢失），或标签不属于模板的行。
    ///
    /// ## 原因
    /// “无法读取”不等于“有错”。某一行的各列无法区分时，不会对它运行任何勾稽核对规则——
    /// 本问题就是提示这一点，以便重新录入该行或人工核对。
    ///
    /// ## 示例
    /// `（一）予以公开 | 3 | 0 | 0 | 3`——应有 7 个单元格，只有 4 个。
    ///
    /// ## 修复安全性
    /// 不提供修复。
    pub struct TableUnreadable {
        code: "C003",
        name: "table-unreadable",
        family: "cells",
        summary: "表格有部分无法准确读取（单元格缺失或粘连），未核对该部分",
        severity: Warning,
        fix: None,
    }
}

impl Check for TableUnreadable {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        report
            .notes
            .iter()
            .filter(|n| matches!(n.kind, NoteKind::Unreadable(_)))
            .map(|n| Diagnostic::new(&Self::META, n.span, n.message.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, lint_all, table3_report};

    #[test]
    fn fires_on_a_row_with_missing_cells_and_checks_nothing_there() {
        let text = table3_report(&[("（七）总计", [5, 0, 0, 0, 0, 0, 5])]).replacen(
            "| （一）予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "| （一）予以公开 | 5 | 0 | 0 | 5 |",
            1,
        );
        let found = lint("C003", &text);
        assert_eq!(codes(&found), ["C003"]);
        assert!(found[0].message.contains("读到4个单元格，应为7个"));
        // The 5 in （七）总计 cannot be checked against an unreadable row.
        assert!(!codes(&lint_all(&text)).contains(&"B002"));
    }

    #[test]
    fn silent_on_a_complete_table() {
        assert!(lint("C003", &table3_report(&[])).is_empty());
    }
}
