use crate::checks::table3;
use crate::{declare_rule, Applicability, Check, Diagnostic, Fix, RuleContext};
use report_lint_core::template::{RequestRow, REQUEST_COLUMNS};
use report_lint_core::Report;

declare_rule! {
    /// ## What it checks
    /// In table 三, for every column, that （七）总计 equals the sum of the
    /// results rows: （一）予以公开 + （二）部分公开 + （三）1–8 + （四）1–3 +
    /// （五）1–5 + （六）1–3 (2019 template: the single （六）其他处理 row).
    ///
    /// ## Why
    /// Every handled request is counted in exactly one results row (the
    /// （二） label says so: “只计这一情形，不计其他情形”), so （七）总计 is their
    /// sum by construction.
    ///
    /// ## Example
    /// 自然人 column: （一）3 + （三）1 + （四）6 + （六）2 = 12, but （七）总计 says 13.
    ///
    /// The check is skipped for a column when any results row is missing,
    /// unreadable, blank or not a number there.
    ///
    /// ## Fix safety
    /// Unsafe: setting （七）总计 to the sum is right only if every row is.
    pub struct ResultsTotalMismatch {
        code: "B002",
        name: "results-total-mismatch",
        family: "balance",
        summary: "表三（七）总计不等于各办理结果之和",
        severity: Error,
        fix: Always,
    }
}

impl Check for ResultsTotalMismatch {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let Some(table) = &report.tables.requests else {
            return Vec::new();
        };
        let Some(results) = table3::complete_results(table) else {
            return Vec::new();
        };
        let Some(total_row) = table.row(RequestRow::ResultsTotal).filter(|r| r.readable) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (column, name) in REQUEST_COLUMNS.iter().enumerate() {
            let cells: Vec<_> = results
                .iter()
                .map(|row| row.cells[column].clone())
                .collect();
            let total = &total_row.cells[column];
            let (Some(sum), Some(stated)) = (table3::sum(&cells), total.value.as_count()) else {
                continue;
            };
            if sum == u128::from(stated) {
                continue;
            }
            let parts: Vec<String> = results
                .iter()
                .zip(&cells)
                .filter(|(_, c)| c.value.as_count() != Some(0))
                .map(|(row, c)| format!("{} {}", row.key.short_name(), c.text.trim()))
                .collect();
            let parts = if parts.is_empty() {
                "各项均为 0".to_string()
            } else {
                parts.join(" + ")
            };
            let mut d = Diagnostic::new(
                &Self::META,
                total.span,
                format!("（七）总计“{name}”列应为 {sum}（{parts}），实为 {stated}"),
            );
            for (row, cell) in results
                .iter()
                .zip(&cells)
                .filter(|(_, c)| c.value.as_count() != Some(0))
            {
                d = d.with_label(cell.span, row.key.short_name());
            }
            out.push(d.with_fix(Fix::replace(
                format!("将（七）总计改为 {sum}"),
                total.span,
                sum.to_string(),
                Applicability::Unsafe,
            )));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_per_column_with_the_parts() {
        let text = table3_report(&[
            ("（一）予以公开", [3, 0, 0, 0, 0, 0, 3]),
            ("（四）无法提供1.", [6, 0, 0, 0, 0, 0, 6]),
            ("（七）总计", [10, 0, 0, 0, 0, 0, 10]),
        ]);
        let found = lint("B002", &text);
        assert_eq!(codes(&found), ["B002", "B002"]);
        assert_eq!(
            found[0].message,
            "（七）总计“自然人”列应为 9（（一）予以公开 3 + （四）1 6），实为 10"
        );
        assert_eq!(found[1].fixes[0].edits[0].replacement, "9");
    }

    #[test]
    fn silent_when_totals_hold_or_a_row_is_unreadable() {
        assert!(lint(
            "B002",
            &table3_report(&[
                ("（一）予以公开", [3, 0, 0, 0, 0, 0, 3]),
                ("（七）总计", [3, 0, 0, 0, 0, 0, 3])
            ])
        )
        .is_empty());
        let broken = table3_report(&[("（七）总计", [5, 0, 0, 0, 0, 0, 5])])
            .replace("| （一）予以公开 | 0 | 0 |", "| （一）予以公开 | 0 |");
        assert!(lint("B002", &broken).is_empty());
    }
}
