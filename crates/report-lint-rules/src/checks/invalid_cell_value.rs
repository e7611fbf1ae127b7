use crate::checks::table3;
use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{quote, CellValue, Report};

declare_rule! {
    /// ## 检查内容
    /// 表三、表四中内容不是非负整数的单元格：文字（`12a`、`若干`）、小数或负数，
    /// 或位数过多、不可能是申请件数的数字。带千位分隔符的数字（`1,038`、`1，038`）按 1038 读取，不报告。
    ///
    /// ## 原因
    /// 这两张表统计的是申请件数和案件数，只能是整数；
    /// 单元格不是整数时，与它相关的勾稽关系都无法核对。
    ///
    /// ## 示例
    /// 总计列填写 `1O`（把数字 0 写成了字母 O）：`| 1 | 0 | 0 | 1O |` → `| 1 | 0 | 0 | 10 |`。
    ///
    /// ## 修复安全性
    /// 不提供修复：无法知道原本要填的数字。
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
                    CellValue::Invalid(text) => {
                        format!("{name}应为非负整数，实为“{}”", quote(text))
                    }
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
    fn reads_thousands_separators_and_checks_the_figure() {
        // "1,038" and its full-width form are 1038: no C002, and the row
        // adds up (B001 silent) only read so.
        for grouped in ["1,038", "1，038"] {
            let text = table3_report(&[("一、本年新收", [1038, 0, 0, 0, 0, 0, 1038])]).replacen(
                "| 1038 | 0 | 0 | 0 | 0 | 0 | 1038 |",
                &format!("| {grouped} | 0 | 0 | 0 | 0 | 0 | 1038 |"),
                1,
            );
            assert!(text.contains(grouped));
            assert!(lint("C002", &text).is_empty(), "{grouped}");
            assert!(lint("B001", &text).is_empty(), "{grouped}");
        }
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
