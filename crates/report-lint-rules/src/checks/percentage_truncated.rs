use crate::checks::percent;
use crate::{declare_rule, Applicability, Check, Diagnostic, Fix, RuleContext};
use report_lint_core::Report;

declare_rule! {
    /// ## 检查内容
    /// 正文中应四舍五入却被截断的百分比：3 ÷ 13 = 23.0769…%，
    /// 写成了 `23.07%` 而不是 `23.08%`。所用的分母与 P001 相同；表三的总数未能读出时，
    /// 只有任何整数总数四舍五入都得不到所写数值时才报告。
    ///
    /// ## 原因
    /// 官方统计按四舍五入取值；截断后的占比最后一位小了 1，
    /// 与读者自己重新计算的结果对不上。
    ///
    /// ## 示例
    /// 共办结 49 件，22 ÷ 49 = 44.898…%：`予以公开22件，占44.89%` → `予以公开22件，占44.90%`。
    ///
    /// ## 修复安全性
    /// 安全修复（`report-lint fix` 自动应用）：按同一分母、相同的小数位数，
    /// 替换为正确四舍五入后的数值。
    pub struct PercentageTruncated {
        code: "P002",
        name: "percentage-truncated",
        family: "prose",
        summary: "文中百分比被截断而非四舍五入",
        severity: Warning,
        fix: Always,
    }
}

impl Check for PercentageTruncated {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let mut out = ctx.findings();
        for claim in &report.percents {
            let Some(verdict) = percent::share_verdict(report, claim) else {
                continue;
            };
            let Some((d, expected)) = verdict.truncated() else {
                continue;
            };
            let count = verdict.count;
            out.push(
                Diagnostic::new(
                    &Self::META,
                    claim.span,
                    format!(
                        "{count} ÷ {} = {expected}%（四舍五入），文中截断为 {}%",
                        d.value, claim.value
                    ),
                )
                .with_fix(Fix::replace(
                    format!("改为 {expected}"),
                    claim.span,
                    expected.to_string(),
                    Applicability::Safe,
                )),
            );
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, with_overview};

    #[test]
    fn fires_with_a_safe_fix_to_the_rounded_value() {
        let text = with_overview("共受理政府信息公开申请13件，其中予以公开3件，占比23.07%。");
        let found = lint("P002", &text);
        assert_eq!(codes(&found), ["P002"]);
        assert_eq!(
            found[0].message,
            "3 ÷ 13 = 23.08%（四舍五入），文中截断为 23.07%"
        );
        assert_eq!(found[0].fixes[0].edits[0].replacement, "23.08");
        assert_eq!(&text[found[0].span.start..found[0].span.end], "23.07");
    }

    #[test]
    fn silent_when_rounded_or_unrelated() {
        for sentence in [
            "共受理13件，其中予以公开3件，占比23.08%。",
            "共受理13件，其中无法提供6件，占比53.85%。",
        ] {
            assert!(
                lint("P002", &with_overview(sentence)).is_empty(),
                "{sentence}"
            );
        }
    }
}
