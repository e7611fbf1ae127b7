use crate::checks::table3::{self, Outcome};
use crate::{declare_rule, Applicability, Check, Diagnostic, Fix, RuleContext};
use report_lint_core::template::{REVIEW_COLUMNS, REVIEW_GROUPS};
use report_lint_core::Report;

declare_rule! {
    /// ## 检查内容
    /// 表四中行政复议、行政诉讼（未经复议直接起诉）、行政诉讼（复议后起诉）三组，
    /// 每组的总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结。
    ///
    /// ## 原因
    /// 每个案件只归入这四种情况中的一种（结果维持、结果纠正、其他结果或尚未审结），
    /// 所以总计就是它们的和。模板中没有行政诉讼两组合并的总计。
    ///
    /// ## 示例
    /// 行政复议：2 + 1 + 0 + 1 = 4，总计却写成 5：`| 2 | 1 | 0 | 1 | 5 |` → `| 2 | 1 | 0 | 1 | 4 |`。
    ///
    /// ## 修复安全性
    /// 仅供参考（不会自动应用，编辑器中也只显示建议）：把总计改为各项之和，
    /// 只有在各分项都正确时才对，错的也可能是分项；自动修复从不改动表格中的数字。
    pub struct ReviewTotalMismatch {
        code: "B004",
        name: "review-total-mismatch",
        family: "balance",
        summary: "表四行政复议或行政诉讼的总计不等于各结果之和",
        severity: Error,
        fix: Always,
    }
}

impl Check for ReviewTotalMismatch {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        Outcome::failures(evaluate(report))
    }
}

/// One outcome per group of table 四 (all unchecked if the table is unreadable).
pub(crate) fn evaluate(report: &Report) -> Vec<Outcome> {
    let Some(table) = &report.tables.review else {
        return Vec::new();
    };
    REVIEW_GROUPS
        .iter()
        .enumerate()
        .map(|(g, group)| {
            let Some((parts, total)) = table.group(g).map(|cells| cells.split_at(4)) else {
                return Outcome::Unchecked;
            };
            table3::compare(
                table3::sum(parts),
                total[0].value.as_count(),
                |sum, stated| {
                    let mut d = Diagnostic::new(
                        &ReviewTotalMismatch::META,
                        total[0].span,
                        format!(
                            "{group}总计应为 {sum}（{}），实为 {stated}",
                            table3::addends(parts)
                        ),
                    );
                    for (cell, column) in parts.iter().zip(REVIEW_COLUMNS) {
                        d = d.with_label(cell.span, column);
                    }
                    d.with_fix(Fix::replace(
                        format!("将总计改为 {sum}"),
                        total[0].span,
                        sum.to_string(),
                        Applicability::DisplayOnly,
                    ))
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    const ZEROS: &str = "| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";

    #[test]
    fn fires_on_each_wrong_group_total() {
        let text = table3_report(&[]).replace(
            ZEROS,
            "| 4 | 0 | 0 | 2 | 5 | 0 | 0 | 1 | 0 | 1 | 1 | 0 | 0 | 0 | 0 |",
        );
        let found = lint("B004", &text);
        assert_eq!(codes(&found), ["B004", "B004"]);
        assert_eq!(found[0].message, "行政复议总计应为 6（4+0+0+2），实为 5");
        assert!(found[1]
            .message
            .starts_with("行政诉讼（复议后起诉）总计应为 1"));
    }

    #[test]
    fn silent_when_groups_add_up() {
        let text = table3_report(&[]).replace(
            ZEROS,
            "| 4 | 0 | 0 | 2 | 6 | 0 | 0 | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |",
        );
        assert!(lint("B004", &text).is_empty());
    }
}
