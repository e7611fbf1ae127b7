use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{labels, quote, CellValue, Report};

declare_rule! {
    /// ## 检查内容
    /// 表二（主动公开政府信息情况）中不可能是该列统计内容的单元格：
    /// 负数（2019年版模板的 `本年增/减` 列除外）、
    /// 计数列中的小数（只有金额列——收费金额、采购总金额——可以有小数）、
    /// 应填数字处填写的文字，以及位数过多的数字。
    ///
    /// ## 原因
    /// 文件、决定、项目都按整数计数；负的件数或 `3.5件` 是录入错误。
    ///
    /// ## 示例
    /// `行政许可 | -3` → `行政许可 | 1286`（处理决定数量不能是负数）。
    ///
    /// ## 修复安全性
    /// 不提供修复。
    pub struct ProactiveCellInvalid {
        code: "C004",
        name: "proactive-cell-invalid",
        family: "cells",
        summary: "表二单元格数值不合理（负数、小数件数或文字）",
        severity: Error,
        fix: None,
    }
}

/// Columns whose values are amounts of money, not counts.
fn is_amount(column: &str) -> bool {
    ["金额", "万元"].iter().any(|w| column.contains(w))
}

fn is_signed(column: &str) -> bool {
    column.contains("增/减") || column.contains("增减")
}

impl Check for ProactiveCellInvalid {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let Some(table) = &report.tables.proactive else {
            return Vec::new();
        };
        let mut out = ctx.findings();
        for block in &table.blocks {
            for row in &block.rows {
                if block.columns.len() != row.cells.len() {
                    continue; // unreadable row: the column of each cell is a guess (C003)
                }
                for (cell, column) in row.cells.iter().zip(&block.columns) {
                    let column = labels::key(&column.text);
                    let name = format!(
                        "表二“{}”行“{}”列",
                        quote(&labels::key(&row.label.text)),
                        quote(&column)
                    );
                    let message = match &cell.value {
                        CellValue::Number(n) if n.mantissa < 0 && !is_signed(&column) => {
                            format!("{name}不应为负数（{n}）")
                        }
                        CellValue::Number(n) if n.scale > 0 && !is_amount(&column) => {
                            format!("{name}是件数，不应有小数（{n}）")
                        }
                        CellValue::Invalid(text) => {
                            format!("{name}应为数字，实为“{}”", quote(text))
                        }
                        CellValue::TooLarge(text) => {
                            format!("{name}的数值“{}”位数过多", quote(text))
                        }
                        _ => continue,
                    };
                    out.push(Diagnostic::new(&Self::META, cell.span, message));
                }
            }
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_on_negative_and_fractional_counts() {
        let text = table3_report(&[])
            .replace("| 行政许可 | 3 |", "| 行政许可 | -3 |")
            .replace("| 规章 | 0 | 0 | 0 |", "| 规章 | 0 | 1.5 | 0 |");
        assert_eq!(codes(&lint("C004", &text)), ["C004", "C004"]);
    }

    #[test]
    fn silent_on_amounts_and_signed_changes() {
        let text =
            table3_report(&[]).replace("| 行政事业性收费 | 0 |", "| 行政事业性收费 | 190.457379 |");
        assert!(lint("C004", &text).is_empty());
    }
}
