use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{NoteKind, Report};

declare_rule! {
    /// ## What it checks
    /// Parts of a table that could not be read with certainty: a row with
    /// more or fewer cells than its columns (cells glued together or lost in
    /// a PDF/OCR conversion), or a row whose label is not one of the template's.
    ///
    /// ## Why
    /// “Could not read” is not “wrong”. When the columns of a row cannot be
    /// told apart, no balance rule runs on it — this finding says so, so the
    /// row can be retyped or checked by hand.
    ///
    /// ## Example
    /// `（一）予以公开 | 3 | 0 | 0 | 3` — four cells where seven are needed.
    ///
    /// ## Fix safety
    /// No fix.
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
