use crate::checks::table_headers::headers;
use crate::{declare_rule, Check, Diagnostic, Fix, RuleContext};
use report_lint_core::labels;
use report_lint_core::{quote, Report};

declare_rule! {
    /// ## 检查内容
    /// 表二、表三、表四表头中与模板列名只差一两个字的单元格，
    /// 如表四的 `结果维护`（应为 `结果维持`）、表二的 `本年废止件教`（应为 `本年废止件数`）。
    /// 空格、标点的全角/半角和繁体字不算差异；
    /// 一个列名拆成几行书写（`社会` / `公益` / `组织`）也不算差异。
    /// 两三个字的列名（`其他`、`总计`）不检查错字：`其它` 是异体写法，不是笔误。
    ///
    /// ## 原因
    /// 列名说明每一列统计的是什么；列名写错既显得不严谨，
    /// 也会让读者和工具对不上列。
    ///
    /// ## 示例
    /// 表四表头的 `结果维持` 写成了 `结果维护`：
    /// `结果维护 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉` →
    /// `结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉`。
    ///
    /// ## 修复安全性
    /// 简体字报告中为安全修复：整格替换为模板列名。
    /// 繁体字报告中为不安全修复（需 `--unsafe-fixes`），因为替换内容是简体字。
    pub struct ColumnHeaderMisprint {
        code: "L003",
        name: "column-header-misprint",
        family: "labels",
        summary: "表二、表三、表四的列名与模板措辞不符（错字）",
        severity: Warning,
        fix: Always,
    }
}

impl Check for ColumnHeaderMisprint {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let mut out = ctx.findings();
        for header in headers(report) {
            for cell in header.cells {
                let Some(canonical) = header.misprint_of(&labels::key(&cell.text)) else {
                    continue;
                };
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        cell.span,
                        format!(
                            "{}的列名“{}”与模板不符，应为“{canonical}”",
                            header.table.name(),
                            quote(cell.text.trim())
                        ),
                    )
                    .with_fix(Fix::template_wording(
                        cell.span,
                        canonical,
                        report.script,
                    )),
                );
            }
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};
    use crate::Applicability;

    #[test]
    fn fires_on_a_misprinted_review_column_with_a_fix() {
        let text =
            table3_report(&[]).replacen("| 结果维持 | 结果纠正 |", "| 结果维护 | 结果纠正 |", 1);
        let found = lint("L003", &text);
        assert_eq!(codes(&found), ["L003"]);
        let fix = &found[0].fixes[0];
        assert_eq!(
            &text[fix.edits[0].span.start..fix.edits[0].span.end],
            "结果维护"
        );
        assert_eq!(fix.edits[0].replacement, "结果维持");
        assert_eq!(fix.applicability, Applicability::Safe);
    }

    #[test]
    fn fires_on_misprinted_columns_of_tables_two_and_three() {
        let text = table3_report(&[])
            .replace("本年废止件数", "本年废止件教")
            .replace("| 社会公益组织 |", "| 社会公义组织 |");
        let found = lint("L003", &text);
        assert_eq!(codes(&found), ["L003", "L003"]);
        assert!(found[0].message.contains("应为“本年废止件数”"));
        assert!(found[1].message.contains("应为“社会公益组织”"));
    }

    #[test]
    fn silent_on_template_wording_split_cells_and_variants() {
        assert!(lint("L003", &table3_report(&[])).is_empty());
        let text = table3_report(&[])
            .replace("| 社会公益组织 |", "| 社会 | 公益 | 组织 |")
            .replacen("| 其他 |", "| 其它 |", 1)
            .replace("本年收费金额（单位：万元）", "本年收费金额(单位:万元)");
        assert!(lint("L003", &text).is_empty(), "{:?}", lint("L003", &text));
    }
}
