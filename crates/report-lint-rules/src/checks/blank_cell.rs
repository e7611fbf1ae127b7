use crate::checks::table3;
use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{CellValue, Report};

declare_rule! {
    /// ## 检查内容
    /// 表三、表四中没有填写数字的单元格：留空，或用 `/`、`-`、`—`、`无` 等符号代替。
    ///
    /// ## 原因
    /// 这两张表的每个单元格都是件数，模板的各项勾稽关系需要全部数字。
    /// 空单元格无法与漏填区分开；没有发生的应填 0。
    /// 各项勾稽核对规则不会把空单元格当作 0 求和，而是由本规则报告。
    ///
    /// ## 示例
    /// 上海市2019年度报告中，多数办理结果行的总计列都留空。
    ///
    /// ## 修复安全性
    /// 不提供修复：缺失的数字是否为 0，应由填报人确认。
    pub struct BlankCell {
        code: "C001",
        name: "blank-cell",
        family: "cells",
        summary: "表三、表四中应填数字的单元格为空或以“/”“-”代替",
        severity: Warning,
        fix: None,
    }
}

impl Check for BlankCell {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        table3::named_cells(report)
            .into_iter()
            .filter_map(|(name, cell)| {
                let message = match &cell.value {
                    CellValue::Blank => format!("{name}未填写，没有发生的应填 0"),
                    CellValue::NotApplicable(marker) => {
                        format!("{name}填写为“{marker}”，应填数字（没有发生的填 0）")
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
    fn fires_on_empty_and_placeholder_cells() {
        let text = table3_report(&[]).replacen(
            "| （一）予以公开 | 0 | 0 |",
            "| （一）予以公开 |  | / |",
            1,
        );
        let found = lint("C001", &text);
        assert_eq!(codes(&found), ["C001", "C001"]);
        assert_eq!(
            found[1].message,
            "表三“（一）予以公开”行“商业企业”列填写为“/”，应填数字（没有发生的填 0）"
        );
    }

    #[test]
    fn silent_when_every_cell_is_a_number() {
        assert!(lint("C001", &table3_report(&[])).is_empty());
    }
}
