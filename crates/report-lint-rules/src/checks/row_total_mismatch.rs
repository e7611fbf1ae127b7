use crate::checks::table3::{self, Outcome};
use crate::{declare_rule, Applicability, Check, Diagnostic, Fix, RuleContext};
use report_lint_core::template::{REQUEST_COLUMNS, REQUEST_TOTAL_COLUMN};
use report_lint_core::Report;

declare_rule! {
    /// ## 检查内容
    /// 表三（收到和处理政府信息公开申请情况）中，每一行的总计必须等于六类申请人之和：
    /// 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他。
    ///
    /// ## 原因
    /// 总计按定义就是该行的合计。不相等说明录错了某个数字或漏加了某一列，
    /// 公开的表格因此自相矛盾（“数据失准”）。
    ///
    /// ## 示例
    /// `（一）予以公开 | 17 | 3 | 1 | 0 | 1 | 0 | 21` → `（一）予以公开 | 17 | 3 | 1 | 0 | 1 | 0 | 22`：
    /// 总计应为 22（17+3+1+0+1+0），实为 21。
    ///
    /// 未能完整读取的行，以及含有空白或非数字单元格的行，不作核对
    /// （这些情况由 C001–C003 报告）。
    ///
    /// ## 修复安全性
    /// 仅供参考（不会自动应用，编辑器中也只显示建议）：把总计改为各项之和，
    /// 只有在各分项都正确时才对，错的也可能是分项；自动修复从不改动表格中的数字。
    pub struct RowTotalMismatch {
        code: "B001",
        name: "row-total-mismatch",
        family: "balance",
        summary: "表三某行的总计不等于各类申请人之和",
        severity: Error,
        fix: Always,
    }
}

impl Check for RowTotalMismatch {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        Outcome::failures(evaluate(report))
    }
}

/// One outcome per row of table 三 (unreadable rows are unchecked).
pub(crate) fn evaluate(report: &Report) -> Vec<Outcome> {
    let Some(table) = &report.tables.requests else {
        return Vec::new();
    };
    table
        .rows
        .iter()
        .map(|row| {
            if !row.readable {
                return Outcome::Unchecked;
            }
            let parts = &row.cells[..REQUEST_TOTAL_COLUMN];
            let total = &row.cells[REQUEST_TOTAL_COLUMN];
            table3::compare(table3::sum(parts), total.value.as_count(), |sum, stated| {
                let mut d = Diagnostic::new(
                    &RowTotalMismatch::META,
                    total.span,
                    format!(
                        "“{}”行总计应为 {sum}（{}），实为 {stated}",
                        row.key.short_name(),
                        table3::addends(parts)
                    ),
                );
                for (cell, column) in parts.iter().zip(REQUEST_COLUMNS) {
                    d = d.with_label(cell.span, column);
                }
                d.with_fix(Fix::replace(
                    format!("将总计改为 {sum}"),
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
    use crate::testing::{codes, lint};

    #[test]
    fn fires_on_a_wrong_row_total() {
        let report = crate::testing::table3_report(&[("（一）予以公开", [3, 1, 0, 0, 0, 0, 3])]);
        let found = lint("B001", &report);
        assert_eq!(codes(&found), ["B001"]);
        assert_eq!(
            found[0].message,
            "“（一）予以公开”行总计应为 4（3+1+0+0+0+0），实为 3"
        );
        assert_eq!(&report[found[0].span.start..found[0].span.end], "3");
        assert_eq!(found[0].fixes[0].edits[0].replacement, "4");
    }

    #[test]
    fn silent_when_rows_add_up() {
        let report = crate::testing::table3_report(&[]);
        assert!(lint("B001", &report).is_empty());
    }
}
