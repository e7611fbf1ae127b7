use crate::checks::table3;
use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{CellValue, Report};

declare_rule! {
    /// ## What it checks
    /// Cells of tables 三 and 四 whose content is not a non-negative whole
    /// number: text (`12a`, `若干`), a fraction or negative number, or a
    /// number too long to be a count of requests.
    ///
    /// ## Why
    /// These tables count requests and cases; only whole numbers make sense,
    /// and none of the identities can be checked around a cell that is not one.
    ///
    /// ## Example
    /// `1O` (a letter O instead of zero) in the 自然人 column.
    ///
    /// ## Fix safety
    /// No fix: the intended number cannot be known.
    pub struct InvalidCellValue {
        code: "C002",
        name: "invalid-cell-value",
        family: "cells",
        summary: "表三、表四的单元格不是非负整数",
        severity: Error,
        fix: None,
    }
}

impl Check for InvalidCellValue {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        table3::named_cells(report)
            .into_iter()
            .filter_map(|(name, cell)| {
                let message = match &cell.value {
                    CellValue::Invalid(text) => format!("{name}应为非负整数，实为“{text}”"),
                    CellValue::Number(n) => format!("{name}应为非负整数（件数），实为 {n}"),
                    CellValue::TooLarge(text) => {
                        format!(
                            "{name}的数值有 {} 位，不可能是件数",
                            text.chars().filter(char::is_ascii_digit).count()
                        )
                    }
                    _ => return None,
                };
                Some(Diagnostic::new(&Self::META, cell.span, message))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_on_text_fractions_and_huge_numbers() {
        let huge = "1".repeat(40);
        let text = table3_report(&[]).replacen(
            "| （一）予以公开 | 0 | 0 | 0 |",
            &format!("| （一）予以公开 | 1O | 0.5 | {huge} |"),
            1,
        );
        let found = lint("C002", &text);
        assert_eq!(codes(&found), ["C002", "C002", "C002"]);
        assert!(found[2].message.contains("40 位"));
    }

    #[test]
    fn silent_on_whole_numbers() {
        assert!(lint(
            "C002",
            &table3_report(&[("（一）予以公开", [12, 1, 0, 0, 0, 0, 13])])
        )
        .is_empty());
    }
}
