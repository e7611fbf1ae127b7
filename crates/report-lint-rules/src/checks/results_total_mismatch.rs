use crate::checks::table3::{self, Outcome};
use crate::{declare_rule, Applicability, Check, Diagnostic, Fix, RuleContext};
use report_lint_core::template::REQUEST_COLUMNS;
use report_lint_core::Report;

declare_rule! {
    /// ## 检查内容
    /// 在表三中逐列核对（七）总计是否等于各办理结果行之和：
    /// （一）予以公开 + （二）部分公开 + （三）1–8 + （四）1–3 + （五）1–5 + （六）1–3
    /// （2019年版模板为单独一行的（六）其他处理）。
    ///
    /// ## 原因
    /// 每件已办理的申请只计入一个办理结果行（（二）的标签就写明“只计这一情形，不计其他情形”），
    /// 所以（七）总计按定义就是各行之和。
    ///
    /// ## 示例
    /// 自然人列：（一）3 + （三）1 + （四）6 + （六）2 = 12，但（七）总计写的是 13。
    ///
    /// 改了一行却没有改（七）总计：`2.重复申请 | 2 | 1 | 0 | 0 | 0 | 0 | 3` →
    /// `2.重复申请 | 1 | 1 | 0 | 0 | 0 | 0 | 2`（或相应修改（七）总计）。
    ///
    /// 任一办理结果行或（七）总计行缺失、无法读取时，不作核对；
    /// 某一列中有单元格为空或不是数字时，该列不核对。
    ///
    /// ## 修复安全性
    /// 仅供参考（不会自动应用，编辑器中也只显示建议）：把（七）总计改为各行之和，
    /// 只有在各行都正确时才对，错的也可能是分项；自动修复从不改动表格中的数字。
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
        Outcome::failures(evaluate(report))
    }
}

/// One outcome per column of table 三; every column is unchecked when a
/// results row or （七）总计 is missing or unreadable.
pub(crate) fn evaluate(report: &Report) -> Vec<Outcome> {
    let Some(table) = &report.tables.requests else {
        return Vec::new();
    };
    REQUEST_COLUMNS
        .iter()
        .enumerate()
        .map(|(column, name)| {
            let Some((total, results)) = table3::results_column(table, column) else {
                return Outcome::Unchecked;
            };
            let sum = table3::sum(results.iter().map(|(_, c)| *c));
            table3::compare(sum, total.value.as_count(), |sum, stated| {
                let nonzero: Vec<_> = results
                    .iter()
                    .filter(|(_, c)| c.value.as_count() != Some(0))
                    .collect();
                let parts: Vec<String> = nonzero
                    .iter()
                    .map(|(row, c)| format!("{} {}", row.key.short_name(), c.text.trim()))
                    .collect();
                let parts = if parts.is_empty() {
                    "各项均为 0".to_string()
                } else {
                    parts.join(" + ")
                };
                let mut d = Diagnostic::new(
                    &ResultsTotalMismatch::META,
                    total.span,
                    format!("（七）总计“{name}”列应为 {sum}（{parts}），实为 {stated}"),
                );
                for (row, cell) in nonzero {
                    d = d.with_label(cell.span, row.key.short_name());
                }
                d.with_fix(Fix::replace(
                    format!("将（七）总计改为 {sum}"),
                    total.span,
                    sum.to_string(),
                    Applicability::DisplayOnly,
                ))
            })
        })
        .collect()
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
